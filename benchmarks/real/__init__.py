"""mtaudit on real MT output: the WMT22 zh→en general test set (``../shared/data/wmt22-zh-en``).

Twelve systems' translations of 1875 Chinese segments are audited as a CI job would audit them
(source and MT output, no human reference), and the findings are scored against labels made by
reading (``labels/``): precision from a seeded, stratified sample of findings, recall from real
name errors found by comparing the outputs with the two human references. The data is public
but is read from where it lies, never copied here; the labels hold facts only (system, line,
kind, names, a short reason).

``make bench BENCH=real`` prints the figures; ``python -m benchmarks.real.judge`` writes what is
still to be judged (with the sentences, outside the repository) for a person to read.
"""
