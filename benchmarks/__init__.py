"""Benchmarks: each ``bench_*.py`` module has ``main()`` printing figures as ratios to a baseline
measured in the same run (never timed assertions in tests). ``make bench`` runs them all."""
