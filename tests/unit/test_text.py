"""Bank and answer text is displayed inert: HTML escaped, script links neutralised."""

from prep.text import inert_markdown


def test_html_is_escaped() -> None:
    assert inert_markdown("<script>alert(1)</script>") == "&lt;script>alert(1)&lt;/script>"
    assert "<img" not in inert_markdown('<img src=x onerror="alert(1)">')


def test_script_links_are_neutralised() -> None:
    assert inert_markdown("[click](javascript:alert(1))") == "[click](#blocked:alert(1))"
    assert inert_markdown("[x]( JavaScript:void(0))") == "[x](#blocked:void(0))"
    assert inert_markdown("[ok](https://example.org)") == "[ok](https://example.org)"


def test_markdown_survives() -> None:
    assert inert_markdown("**bold** and R&D") == "**bold** and R&amp;D"
