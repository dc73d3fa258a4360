"""Benchmarks of Sozialplattform. ``python -m bench`` runs the event-store benchmark (README.md)."""
