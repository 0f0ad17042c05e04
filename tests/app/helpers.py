"""AppTest helpers: the real entry script, a page, and reading what it shows."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
ENTRY = str(ROOT / "streamlit_app.py")


def open_page(page: str | None = None, timeout: float = 30) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=timeout)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    """Everything a user can read on the page, as one string."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
        "code",
    ):
        parts.extend(str(getattr(el, "value", "")) for el in getattr(at, kind))
    return "\n".join(parts)
