"""The embedded default's local SMTP sink (docs/adr/0090)."""
