"""The one place user text is made safe to show: every widget that shows names, notes, tags,
definitions or review text passes them through :func:`shown` (a second line of defence behind the
validation at every door: a record that slipped through with an escape sequence shows it as visible
``\\x1b`` codes instead of sending it to the terminal). User text is never markup: it goes into
``Content`` or Rich ``Text`` as plain text.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from journal.core.textsafe import for_terminal


def shown(text: str) -> str:
    """``text`` with control and escape sequences made visible (the function to switch in one place)."""
    return for_terminal(text)


def user_content(text: str, style: str = "") -> Content:
    """User text as literal Content, never markup."""
    return Content.styled(shown(text), style) if style else Content(shown(text))


def user_text(text: str, **options: object) -> Text:
    """User text as a literal Rich Text (for DataTable cells and other Rich renderables)."""
    return Text(shown(text), **options)  # type: ignore[arg-type]
