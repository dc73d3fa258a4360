"""Benchmark of the zustaendigkeit lookup index: ``python -m bench.zustaendigkeit``."""
