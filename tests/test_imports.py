"""The domain modules and the non-TUI commands never import Textual or Rich, so quick capture starts fast;
a plain journal's commands never import cryptography (nor keyring), an encrypted one's only cryptography."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys
import journal.core.model, journal.store.durable, journal.store.journal, journal.store.backup, journal.store.doctor, journal.core.pond
import journal.store.schema, journal.core.textsafe, journal.core.humanize, journal.cli
from journal.cli import main
codes = [main(["people"]), main(["follow", "Sam", "--why", "x"]), main(["log", "sam", "--channel", "dm",
         "--minutes", "3"]), main(["cap"]), main(["doctor"]), main(["backup", "-o", sys.argv[1]])]
try:
    main(["--help"])  # imports every command's module
except SystemExit:
    pass
heavy = ("textual", "rich", "cryptography", "keyring")
print(json.dumps({"codes": codes, "loaded": sorted(m for m in sys.modules if m.split(".")[0] in heavy)}))
"""


def test_domain_modules_and_cli_commands_do_not_import_textual_or_rich(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "backup.json")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["codes"] == [0, 0, 0, 0, 0, 0]
    assert result["loaded"] == []


ENCRYPTED_PROBE = """
import json, sys
from journal.cli import main
codes = [main(["follow", "Sam", "--why", "x"]), main(["encrypt"]), main(["log", "sam", "--channel", "dm",
         "--minutes", "3"]), main(["people"])]
print(json.dumps({"codes": codes, "loaded": sorted({m.split(".")[0] for m in sys.modules})}))
"""


def test_an_encrypted_journal_imports_cryptography_and_never_keyring(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "RELJOURNAL_DATA_DIR": str(tmp_path / "data"),
        "RELJOURNAL_TEST_KDF_LOG2N": "10",
        "RELJOURNAL_NEW_PASSPHRASE": "probe",
        "RELJOURNAL_PASSPHRASE": "probe",
    }
    done = subprocess.run(
        [sys.executable, "-c", ENCRYPTED_PROBE],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["codes"] == [0, 0, 0, 0]
    assert "cryptography" in result["loaded"]
    assert not {"keyring", "textual", "rich"} & set(result["loaded"])
