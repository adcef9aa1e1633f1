"""Reproducible benchmarks: `python -m benchmarks [name ...]` writes benchmarks/results/report.json and .md."""
