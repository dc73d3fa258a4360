"""Benchmarks of the Postkorb (issue 13): ``python -m bench.postkorb`` (see README.md)."""
