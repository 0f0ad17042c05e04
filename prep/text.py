"""Making bank and answer text safe to display: shown as text or inert Markdown, never as HTML."""

from __future__ import annotations

import re

_UNSAFE_LINK = re.compile(r"\]\(\s*<?\s*(?:javascript|vbscript|data|file)\s*:", re.IGNORECASE)


def inert_markdown(text: str) -> str:
    """Markdown with every HTML tag escaped and script-like link targets neutralised."""
    text = str(text).replace("&", "&amp;").replace("<", "&lt;")
    return _UNSAFE_LINK.sub("](#blocked:", text)
