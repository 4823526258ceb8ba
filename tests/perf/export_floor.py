"""What any Python export of the journal pays before rendering a line: the floor under measure 2.

Usage: python export_floor.py JOURNAL.json SIZES.json NEW_FOLDER

Starts Python, imports orjson (the fastest JSON parser reljournal can use; stdlib json is slower),
parses the journal file, then creates one file per entry of SIZES.json (relative path -> byte count,
taken from a real export) in NEW_FOLDER, each with that many bytes. No rendering, no typing, no
atomic replace: timed from outside as a whole process, it is a lower bound for ``reljournal export -o``.
"""

from __future__ import annotations

import os
import sys

import orjson


def main() -> None:
    journal, sizes_file, folder = sys.argv[1:4]
    with open(journal, "rb") as handle:
        orjson.loads(handle.read())
    with open(sizes_file, "rb") as handle:
        sizes: dict[str, int] = orjson.loads(handle.read())
    made: set[str] = set()
    for relative, size in sizes.items():
        path = os.path.join(folder, relative)
        parent = os.path.dirname(path)
        if parent not in made:
            os.makedirs(parent, mode=0o700, exist_ok=True)
            made.add(parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, b"x" * size)
        os.close(fd)
    os._exit(0)  # as reljournal's one-shot commands end


if __name__ == "__main__":
    main()
