"""Benchmarks of appointments (issue 12)."""
