"""Build-time benchmarks (``make bench``); see ``bench.py``."""
