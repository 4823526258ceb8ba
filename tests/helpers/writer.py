"""A reljournal writer for the durability tests, run as its own process.

Usage: ``python writer.py DATA_DIR PERSON_UID COUNT [GO_FILE]``. Prints ``ready`` once the journal is
open, waits for GO_FILE to exist (so two writers really overlap), then logs COUNT touchpoints (0: until
killed) and prints the uid of each one only after ``add_touchpoint`` returned: a printed uid is an
acknowledged, durable write.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from journal.core.model import make_touchpoint
from journal.store.journal import Journal


def main(argv: list[str]) -> int:
    folder, person, count = Path(argv[0]), argv[1], int(argv[2])
    go = Path(argv[3]) if len(argv) > 3 else None
    journal = Journal.open(folder)
    print("ready", flush=True)
    while go is not None and not go.exists():
        time.sleep(0.001)
    written = 0
    while count == 0 or written < count:
        now = journal.clock()
        touchpoint = make_touchpoint(
            people=[person],
            day=now.date(),
            channel="call",
            minutes=written % 120,
            note=f"write {written} from a test writer\n" + "ü" * (written % 300),
            tags=["durability"],
            now=now,
        )
        journal.add_touchpoint(touchpoint)
        print(touchpoint.uid, flush=True)
        written += 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
