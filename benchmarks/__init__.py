"""Benchmarks: synthetic name tables, in-process engine timing and HTTP load."""
