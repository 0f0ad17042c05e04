"""The harness of the page figures: one page of the real entry script in AppTest, on a seeded data dir,
and the time of its plain reruns."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.next_card import Seeded

ENTRY = str(Path(__file__).resolve().parents[1] / "streamlit_app.py")
ENV_KEYS = ("PREP_DATA_DIR", "PREP_BANKS", "PREP_DATABASE_URL")


@contextmanager
def app_env() -> Iterator[None]:
    """PREP_* restored afterwards; no scan of site-packages for custom components on each new AppTest
    (as tests/conftest.py does), so only the page's own work is timed."""
    from streamlit.components.v2 import manifest_scanner

    saved = {k: os.environ.get(k) for k in ENV_KEYS}
    original = manifest_scanner.scan_component_manifests
    manifest_scanner.scan_component_manifests = lambda *a, **k: []
    os.environ.pop("PREP_DATABASE_URL", None)
    try:
        yield
    finally:
        manifest_scanner.scan_component_manifests = original
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def use(seeded: Seeded) -> None:
    """Point the app at this store and its banks (read again by every rerun)."""
    os.environ["PREP_DATA_DIR"] = str(seeded.data_dir)
    os.environ["PREP_BANKS"] = str(seeded.banks_dir)


def open_page(seeded: Seeded, page: str, title: str):  # noqa: ANN201 - AppTest, imported late
    """The page opened on this store (untimed: banks load, items sync), showing its title and no error."""
    from streamlit.testing.v1 import AppTest

    use(seeded)
    at = AppTest.from_file(ENTRY, default_timeout=300)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception and at.title[0].value == title, [e.message for e in at.exception]
    return at


def rerun(seeded: Seeded, at) -> Callable[[], None]:  # noqa: ANN001 - AppTest, imported late
    """One plain rerun of an open page on its own store, failing loudly on an error."""

    def run() -> None:
        use(seeded)
        at.run()
        assert not at.exception, [e.message for e in at.exception]

    return run


def rerun_times(seeded: Seeded, page: str, title: str, reruns: int, ready: Callable[[object], object]) -> list[float]:
    """Open the page, check `ready(at)`, then time `reruns` plain reruns."""
    at = open_page(seeded, page, title)
    assert ready(at), f"{title}: the page is not showing what the benchmark times"
    again = rerun(seeded, at)
    samples = []
    for _ in range(reruns):
        started = time.perf_counter()
        again()
        samples.append(time.perf_counter() - started)
    return samples
