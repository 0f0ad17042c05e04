"""Random mutations of a valid bank only ever produce clean PATH:LINE:COL problems, never an exception."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prep.banks.loader import load_library, parse_bank

FIXTURE = (Path(__file__).resolve().parent.parent / "fixtures" / "banks" / "alpha.yaml").read_bytes()
LINE = re.compile(r"^bank\.yaml:\d+:\d+: \S")

edits = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, len(FIXTURE)), st.binary(min_size=1, max_size=12)),
    st.tuples(st.just("delete"), st.integers(0, len(FIXTURE)), st.integers(1, 40)),
    st.tuples(
        st.just("token"),
        st.integers(0, len(FIXTURE)),
        st.sampled_from(
            [
                b"\t",
                b": ",
                b"- ",
                b"&a ",
                b"*a",
                b"!!python/name:os.system ",
                b"[",
                b"{",
                b"'",
                b'"',
                b"\n  ",
                b"\xff\xfe",
                b"<<: ",
                b"~",
                b"2026-13-45",
                b"1e999",
                b"--- \n",
                b"...\n",
                b"? ",
            ]
        ),
    ),
)


def mutate(raw: bytes, ops: list[tuple]) -> bytes:
    for op, at, arg in ops:
        at = min(at, len(raw))
        if op == "delete":
            raw = raw[:at] + raw[at + arg :]
        else:
            raw = raw[:at] + arg + raw[at:]
    return raw


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edits, min_size=1, max_size=4))
def test_mutations_give_clean_problems(ops: list[tuple]) -> None:
    bank_file = parse_bank("bank.yaml", mutate(FIXTURE, ops))
    for problem in bank_file.problems:
        assert LINE.match(str(problem)), str(problem)
        assert "\n" not in problem.message and "Traceback" not in problem.message
    assert bank_file.bank is not None or bank_file.problems


@settings(max_examples=50, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    bank_file = parse_bank("bank.yaml", raw)
    assert all(LINE.match(str(p)) for p in bank_file.problems)


def test_deep_nesting_is_a_clean_problem(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("bank: " + "[" * 5000 + "]" * 5000 + "\n")
    library = load_library([path])
    assert library.problems and all(p.line >= 1 for p in library.problems)
