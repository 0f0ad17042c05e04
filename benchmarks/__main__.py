"""Run every benchmark figure and print one line each: `NAME: ratio=X.XX target<=Y`.

`python -m benchmarks` runs all; `python -m benchmarks NAME ...` runs the named ones; `-v` adds timings.
"""

from __future__ import annotations

import importlib
import sys

FIGURES = ["bank_load", "next_card", "flashcards_page", "progress_page"]


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    names = [a for a in argv if not a.startswith("-")] or FIGURES
    unknown = [n for n in names if n not in FIGURES]
    if unknown:
        print(f"unknown figure(s): {', '.join(unknown)}; known: {', '.join(FIGURES)}", file=sys.stderr)
        return 2
    over = 0
    for name in names:
        figure = importlib.import_module(f"benchmarks.{name}").run()
        print(figure.line() + (f"  ({figure.detail})" if verbose and figure.detail else ""), flush=True)
        over += figure.ratio > figure.target
    return 1 if over else 0


sys.exit(main(sys.argv[1:]))
