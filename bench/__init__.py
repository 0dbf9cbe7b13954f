"""Benchmarks of cafepos: `python -m bench.run` (see bench/run.py); results go to docs/benchmarks.md."""
