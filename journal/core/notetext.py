"""The note's editor template: ``#`` guidance lines put above the note, and taken away again.

Both the command line and the app hand a note to ``$EDITOR`` with the same guidance, so what
comes back is read the same way at each door."""

from __future__ import annotations


def note_template(first_line: str) -> str:
    """Guidance for a note about to be written in an editor, ``first_line`` saying which touchpoint."""
    return (
        f"# {first_line}\n"
        "# Write the note below. Lines of this guidance are removed; leave it empty to save nothing.\n\n"
    )


def strip_template(text: str, template: str) -> str:
    """The text without the lines the template put there (its ``#`` guidance), trimmed.

    Only the template's exact lines go: a Markdown heading the person wrote stays, and a guidance
    line they changed stays too, so nothing typed is lost."""
    guidance = {line for line in template.splitlines() if line.startswith("#")}
    kept = [line for line in text.splitlines() if line not in guidance]
    return "\n".join(kept).strip()
