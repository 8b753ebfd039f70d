"""Benchmarks: quality and speed against peers in the same run. See RESULTS.md."""
