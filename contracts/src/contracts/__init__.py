"""Sozialplattform contracts: the one source of truth for what crosses a service boundary.

Event payload schemas live in ``contracts.events``, one module per producing service; the
registry in ``contracts.registry``; ``contracts.validation.validate_payload`` checks a payload.
"""

__version__ = "0.1.0"
