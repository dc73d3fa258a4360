"""Benchmark of the online application through the gateway (issue 5): see bench/antrag/README.md."""
