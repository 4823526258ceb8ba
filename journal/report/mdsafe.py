"""Putting user text into Markdown so that it reads well and can never change the file's structure.

Two kinds of text:

* **Plain text** (names, places, tags, intentions): :func:`plain` backslash-escapes every character
  CommonMark or Obsidian could read as markup, so a renderer shows exactly what was typed and nothing
  else (a name like ``# [bold]<b>*x*</b>`` stays literal text in a heading or a list item).
* **Notes** (notes, what a relationship means, reflections): written as Markdown, so emphasis, links,
  inline code and flat lists survive. :func:`quote_block` puts them in a blockquote and neutralises,
  line by line, everything that could build structure: headings, setext underlines, thematic breaks
  (so ``---`` can never open front matter either), fences, indented code, nested quotes, HTML blocks
  and inline HTML, link reference definitions (which would hijack links elsewhere in the file),
  Obsidian wikilinks/embeds (``[[``), comments (``%%``) and math (``$``). Line breaks are kept.

Escaping is with backslashes, which every CommonMark renderer removes; inside a code span they show
literally, a small price for never guessing wrong about where a code span ends.
"""

from __future__ import annotations

import re

_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_LIST_START = re.compile(r"^(\d{1,9})([.)])|^[-+]")

# Block-level patterns, matched on a line with its indentation removed.
_THEMATIC = re.compile(r"^([-*_])[ \t]*(?:\1[ \t]*){2,}$")
_SETEXT = re.compile(r"^(?:=+|-+)[ \t]*$")
_LIST_ITEM = re.compile(r"^([-+*]|\d{1,9}[.)])(?:[ \t]+(.*))?$")
_HEADING = re.compile(r"^#{1,6}(?:[ \t]|$)")
_FENCE = re.compile(r"^(?:`{3,}|~{3,})")
# An inline link "[text](" at the start of a line: the only "[" a line may start with unescaped. In its
# text an escaped bracket ("\]") does not end it, as in CommonMark: "[foo\](]: /url" is not an inline
# link but a link reference definition, and gets escaped.
_INLINE_LINK = re.compile(r"^\[(?:[^\[\]\\]|\\.)*\]\(")


# What plain() escapes, in one pass (an export escapes a few hundred thousand names and lines): ASCII
# punctuation that can start or end markup somewhere in CommonMark, GFM or Obsidian (\ ` * _ [ ] < > # | ~
# $ =), a "%" next to another (Obsidian's %% comments), and an "&" that would start an entity.
_PLAIN_ESCAPE = re.compile(r"[\\`*_\[\]<>#|~$=]|%(?=%)|(?<=%)%|&(?=#?[0-9A-Za-z]+;)")
# Every character _PLAIN_ESCAPE can match: a scan for these is several times faster than the substitution
# finding nothing, and most names and every sentence the app words itself hold none.
_PLAIN_SPECIAL = re.compile(r"[\\`*_\[\]<>#|~$=%&]")


def plain(text: str) -> str:
    """``text`` as literal Markdown inline text: renders exactly as ``text`` (whitespace collapsed)."""
    escaped = " ".join(text.split())
    if _PLAIN_SPECIAL.search(escaped):
        escaped = _PLAIN_ESCAPE.sub(r"\\\g<0>", escaped)
    # A list marker at the start would nest a list inside a list item ("- 1. Sam").
    match = _LIST_START.match(escaped)
    if match is None:
        return escaped
    if match.group(1):  # "1. Sam" -> "1\. Sam"
        return match.group(1) + "\\" + escaped[match.end(1) :]
    return "\\" + escaped


# Look-alikes for characters that would end or confuse an Obsidian wikilink or be read as markup
# inside one; only the link's display text uses them (the exact name is in the front matter).
_LABEL_MAP = str.maketrans(
    {
        "[": "(",
        "]": ")",
        "|": "¦",
        "\\": "⧵",
        "`": "ʻ",
        "*": "∗",
        "<": "‹",
        ">": "›",
        "$": "＄",
        "~": "∼",
        "=": "＝",
        "%": "％",
        "#": "＃",
        "^": "ˆ",
    }
)


def link_label(name: str) -> str:
    """Display text for ``[[target|label]]``: the name with link-breaking characters swapped for
    look-alikes, so it is valid in Obsidian and plain text (no markup) in any CommonMark renderer."""
    label = " ".join(name.split()).translate(_LABEL_MAP)
    if "_" not in label and "&" not in label:
        return label
    out: list[str] = []
    for index, char in enumerate(label):
        if char == "_" and not (
            0 < index < len(label) - 1 and label[index - 1].isalnum() and label[index + 1].isalnum()
        ):
            out.append("＿")  # "_" only inside a word can never open or close emphasis
        elif char == "&" and _ENTITY.match(label, index):
            out.append("＆")
        else:
            out.append(char)
    return "".join(out)


def wikilink(target: str, label: str | None = None) -> str:
    """``[[target]]`` or ``[[target|label]]``; ``target`` must already be a safe file stem."""
    if label is None or label == target:
        return f"[[{target}]]"
    return f"[[{target}|{label}]]"


# Scanned left to right like the writer reads it: a backslash before ASCII punctuation is the writer's
# own escape and kept as it is (so its second character is never escaped again); "<" that could open
# HTML (before a letter, "/", "!", "?" or at the end); "[[" and every further "[" of a run (wikilinks
# and embeds); "$" (math); "%%" and every further "%" of a run (comments).
_INLINE_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]|<(?=[A-Za-z/!?]|\Z)|\[(?=\[)|(?<=\[)\[|\$|%(?=%)|(?<=%)%")


def _escape_inline_match(match: re.Match[str]) -> str:
    found = match.group()
    return found if len(found) == 2 else "\\" + found


def _inline_note(text: str) -> str:
    """Escape what could become HTML, an Obsidian link/embed, comment or math; keep other Markdown."""
    return _INLINE_ESCAPE.sub(_escape_inline_match, text)


def _escape_marker(marker: str) -> str:
    """A list marker with nothing after it, made literal ("-" could be a setext underline)."""
    return marker[:-1] + "\\" + marker[-1]


# What can make a line of a note need escaping: a character _inline_note escapes (or a carriage return,
# a line break to normalise), or a first character (once stripped) that could start a block other than a
# paragraph: a list item or break (- * _ + or a digit), a setext line (=), heading, quote, fence or
# link definition. Most lines of most notes have none, and pass through note_line unchanged.
_BLOCK_STARTS = frozenset("-*_=+#>[`~")


def _needs_care(stripped: str) -> bool:
    if not stripped:
        return False
    first = stripped[0]
    if first in _BLOCK_STARTS or first.isdigit():
        return True
    # One substring search per character: several times faster than a regex over a long note.
    return (
        "\\" in stripped
        or "<" in stripped
        or "[" in stripped
        or "$" in stripped
        or "%" in stripped
        or "\r" in stripped
    )


def note_line(line: str) -> str:
    """One line of a note, made unable to start any block other than a paragraph or a list item."""
    text = line.strip()
    if not _needs_care(text):
        return text
    item = _LIST_ITEM.match(text)
    if item is not None:
        rest = (item.group(2) or "").strip()
        if rest and not _needs_care(rest):  # a plain list item (most of them): only the marker needed care
            return f"{item.group(1)} {rest}"
    return _block_safe(text)


def _block_safe(text: str) -> str:
    """:func:`note_line` in full, for a stripped line."""
    prefix = ""
    while True:
        if _THEMATIC.match(text) or _SETEXT.match(text):
            text = "\\" + text
            break
        item = _LIST_ITEM.match(text)
        if item is None:
            break
        rest = (item.group(2) or "").strip()
        if not rest:
            text = _escape_marker(item.group(1))
            break
        prefix += item.group(1) + " "
        text = rest
    escaped = _inline_note(text)
    fence = _FENCE.match(escaped)
    if fence:  # every mark of the run, so the closing fence cannot pair up as a code span instead
        run = fence.group()
        escaped = "\\" + "\\".join(run) + escaped[len(run) :]
    elif not escaped.startswith("\\") and (
        _HEADING.match(escaped)
        or escaped.startswith(">")
        or (escaped.startswith("[") and not _INLINE_LINK.match(escaped))
    ):
        escaped = "\\" + escaped
    return prefix + escaped


def quote_block(text: str) -> str:
    """A note as a blockquote that cannot affect anything outside it; "" for an empty note.

    Each line keeps its line break (two trailing spaces: a hard break in CommonMark, invisible where
    the paragraph ends anyway); runs of blank lines become one paragraph break.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    elif "\n" not in text:  # one line: most notes
        line = note_line(text)
        return f"> {line}" if line else ""
    lines = [note_line(raw) for raw in text.split("\n")]
    out: list[str] = []
    for index, line in enumerate(lines):
        if not line:
            if out and out[-1] != ">":
                out.append(">")
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        out.append(f"> {line}  " if following else f"> {line}")
    while out and out[-1] == ">":
        out.pop()
    return "\n".join(out)
