"""Probes of our own: wrong and correct name renderings (``python -m benchmarks.probes``)."""
