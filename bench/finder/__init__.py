"""bench.finder: the Sozialleistungsfinder, in process (H1) and through the gateway (gateway.py)."""
