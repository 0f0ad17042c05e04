"""bank_load: load + validate 20 generated bank files (10,000 items) vs a raw CSafeLoader parse of them."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml

from benchmarks.common import Figure, interleaved_medians
from prep.banks.loader import load_library

FILES, ITEMS = 20, 10_000
COMPETENCIES = ["strategy", "governance", "transformation", "finance", "quality"]


def write_banks(folder: Path, files: int = FILES, items: int = ITEMS) -> list[Path]:
    per_file = items // files
    paths = []
    for f in range(files):
        lines = [
            f"bank: gen-{f}",
            f"title: Generated bank {f}",
            f"competency: {COMPETENCIES[f % 5]}",
            "tags: [generated]",
        ]
        cards, prompts = per_file // 2, per_file - per_file // 2
        lines.append("flashcards:")
        for i in range(cards):
            lines += [
                f"  - id: gen-{f}-fc-{i}",
                f"    front: What does measure number {i} of bank {f} track in the quality programme?",
                f"    back: It tracks outcome {i}, reported quarterly to the board quality committee.",
                "    tags: [measures, board]",
                "    reviewed: 2026-11-28",
            ]
        lines.append("prompts:")
        for i in range(prompts):
            lines += [
                f"  - id: gen-{f}-pr-{i}",
                f"    prompt: Tell us how you would handle scenario {i} of bank {f} with a sceptical medical staff.",
                "    talking_points:",
                "      - Verify the data first",
                "      - Engage physician leaders early",
                "      - Measure and report the result",
                "    follow_ups: [What if the board disagrees?]",
                "    framework: answer-first",
                "    difficulty: 2",
                "    settings: [hospital]",
            ]
        path = folder / f"gen-{f:02d}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def run() -> Figure:
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_banks(Path(tmp))

        def ours() -> None:
            library = load_library(paths)
            assert len(library.items) == ITEMS and not library.errors

        def raw() -> None:
            for p in paths:
                with open(p, "rb") as handle:
                    yaml.load(handle, Loader=yaml.CSafeLoader)

        t_ours, t_raw = interleaved_medians(ours, raw, repeats=5)
    return Figure("bank_load", t_ours / t_raw, 2.0, f"ours {t_ours * 1000:.0f} ms, raw yaml {t_raw * 1000:.0f} ms")
