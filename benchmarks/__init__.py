"""`python -m benchmarks`: each figure is a ratio against a baseline measured in the same run.

Every module in FIGURES has `run() -> Figure`; the runner prints `NAME: ratio=X.XX target<=Y`.
"""
