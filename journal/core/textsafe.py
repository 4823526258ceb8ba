"""Keeping user text from reaching a terminal as commands.

Names, notes and tags are typed by people and may arrive from pasted text, stdin or an imported file.
Input validation refuses control characters; these helpers are the second line of defence for
anything printed to a terminal (CLI output, export to stdout).
"""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL, and C1 controls (which include the 8-bit CSI/OSC introducers).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Unicode "format" characters that can reorder what a terminal shows (bidi overrides and isolates).
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Lone surrogates: what Python makes of bytes that are not UTF-8 (argv, a mis-encoded pipe). They cannot be
# written to the journal or printed, so they are refused on input and escaped on output.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


_UNSAFE_IN_TEXT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNSAFE_IN_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# What a multi-line text may not hold (a carriage return too: the full validation turns it into a newline).
UNSAFE_IN_TEXT = _UNSAFE_IN_TEXT


def find_control(text: str, *, allow_newlines: bool) -> str | None:
    """Return the first disallowed control character in ``text``, or None (one regex scan)."""
    match = (_UNSAFE_IN_TEXT if allow_newlines else _UNSAFE_IN_LINE).search(text)
    return match.group() if match else None


# Names people know these by; the one-byte C1 forms (CSI, OSC, DCS, ST) start escape sequences too.
_CHAR_NAMES = {
    "\x1b": "ESC",
    "\n": "newline",
    "\t": "tab",
    "\r": "carriage return",
    "\x00": "NUL",
    "\x07": "BEL",
    "\x08": "backspace",
    "\x7f": "DEL",
    "\x85": "NEL",
    "\x9b": "CSI",
    "\x9d": "OSC",
    "\x90": "DCS",
    "\x9c": "ST",
}


def describe_char(char: str) -> str:
    """Name a character the way an error message should (``ESC (U+001B)``)."""
    if _SURROGATE.match(char):
        return f"a byte that is not UTF-8 text (U+{ord(char):04X})"
    label = _CHAR_NAMES.get(char) or unicodedata.name(char, "control character")
    return f"{label} (U+{ord(char):04X})"


def for_terminal(text: str) -> str:
    """Make text safe to print: escape sequences and other controls become visible ``\\x..`` codes."""

    def visible(match: re.Match[str]) -> str:
        return f"\\x{ord(match.group()):02x}"

    def code_point(match: re.Match[str]) -> str:
        return f"\\u{ord(match.group()):04x}"

    return _SURROGATE.sub(code_point, _BIDI.sub(code_point, _CONTROL.sub(visible, text)))


# What terminal_text replaces: C0 controls but tab and newline (ESC among them), DEL, C1 controls (the
# one-byte CSI, OSC, DCS and ST), bidi overrides and isolates, lone surrogates.
_UNSAFE_FOR_TERMINAL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# C0 controls become their Control Pictures (ESC shows as "␛", so "␛]52;c;…" reads as what it was);
# DEL "␡"; everything else the replacement character.
_PICTURES = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
_PICTURES[0x7F] = "\u2421"
_PICTURES.update(
    {code: "\ufffd" for code in [*range(0x80, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A)]}
)
_PICTURES.update({code: "\ufffd" for code in range(0xD800, 0xE000)})


def terminal_text(text: str) -> str:
    """``text`` made unable to act on a terminal, for the rendering edge (a Rich renderable, a file a
    person opens with ``cat``): every control but tab and newline shows as a visible picture (``␛``)
    or ``\ufffd``, so no escape sequence (OSC 52 clipboard writes, title changes, cursor moves) and no
    bidi override can run or reorder text. Text without such characters comes back as it is."""
    if _UNSAFE_FOR_TERMINAL.search(text) is None:
        return text
    return text.translate(_PICTURES)


def for_terminal_line(text: str) -> str:
    """:func:`for_terminal`, and newlines and tabs made visible too: an error message stays one line
    whatever text (a path, a name, an argument) it quotes."""
    return for_terminal(text).replace("\n", "\\n").replace("\t", "\\t")


_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_for_terminal(json_text: str) -> str:
    """JSON that is the same data but safe on a terminal: DEL, C1 controls (the one-byte CSI, OSC…),
    line separators and bidi overrides become ``\\uXXXX`` escapes. JSON already escapes C0 controls,
    and these characters can only stand inside its strings, where an escape means the same."""
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", json_text)


def one_line(text: str, width: int) -> str:
    """Collapse whitespace and cut to ``width`` characters with an ellipsis, for tables and lists."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    return flat[: max(0, width - 1)] + "…"


def display_width(text: str) -> int:
    """Terminal cells ``text`` takes: wide East Asian characters and emoji count 2, combining marks 0."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or char in "\u200b\u200c\u200d\ufe0f":
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, width: int) -> str:
    """Left-align ``text`` in ``width`` cells, cutting with an ellipsis when it is too wide."""
    if display_width(text) > width:
        out = ""
        for char in text:
            if display_width(out + char) > width - 1:
                break
            out += char
        text = out + "…"
    return text + " " * max(0, width - display_width(text))
