"""gateway: sessions and nothing else: the thin web gateway (HTML and JSON API)."""
