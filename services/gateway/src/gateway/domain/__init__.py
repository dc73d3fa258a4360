"""The gateway's own domain: accounts and sessions. Pure Python, no infrastructure."""
