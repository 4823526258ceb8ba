"""Encryption at rest (issue 12): the sealed format round-trips, every byte under the data folder stays
sealed through encrypt and a week of daily use, and a wrong passphrase, a flipped byte, a file cut short
and a missing keyring are each refused with a message that says which."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from journal.cli import main
from journal.core.errors import (
    CorruptJournalError,
    DamagedFileError,
    JournalError,
    PassphraseMissingError,
    TruncatedFileError,
    WrongPassphraseError,
)
from journal.core.model import make_definition, make_touchpoint
from journal.store import crypt, doctor, passphrase, rekey
from journal.store.backup import backup_bytes
from journal.store.drafts import DRAFTS_FILE, Draft, DraftStore
from journal.store.durable import backups_in
from journal.store.journal import Journal
from journal.store.paths import BACKUP_DIR, JOURNAL_FILE

SECRET = "correct horse battery staple"
NOTE = "Maya told me about the diagnosis"  # the text that must never be found on disk in the clear


@pytest.fixture(autouse=True)
def _cheap_keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Cheap key derivation, no passphrase known from an earlier test, no terminal prompt."""
    monkeypatch.setenv(crypt.TEST_KDF_ENV, "10")
    for name in (passphrase.ENV, passphrase.FILE_ENV, passphrase.NEW_ENV, passphrase.NEW_FILE_ENV):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(passphrase, "_known", {})
    monkeypatch.setattr(passphrase, "_prompt", None)
    monkeypatch.setattr(passphrase, "keyring_problem", None)
    monkeypatch.setattr("journal.cli.secret.ask", lambda prompt: None)  # tests have no terminal
    yield


def _at(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time()).replace(hour=19)


def _journal_with_note(folder: Path, day: date = date(2026, 11, 20)) -> Journal:
    journal = Journal.open(folder, clock=lambda: _at(day))
    maya = journal.add_person("Maya", make_definition(why="we grew up together"))
    journal.add_touchpoint(
        make_touchpoint(people=[maya.uid], day=day, channel="call", minutes=40, note=NOTE, now=_at(day))
    )
    return journal


def _encrypt(folder: Path, monkeypatch: pytest.MonkeyPatch, secret: str = SECRET) -> None:
    monkeypatch.setenv(passphrase.NEW_ENV, secret)
    assert main(["--data-dir", str(folder), "encrypt"]) == 0
    monkeypatch.delenv(passphrase.NEW_ENV)
    passphrase.drop(folder)  # as a new process: nothing known yet


def _plain_hits(folder: Path, text: str = NOTE) -> list[Path]:
    """Every file under ``folder`` whose bytes hold ``text`` (UTF-8 or as JSON escapes it)."""
    needles = [text.encode(), text.encode("unicode_escape"), text.split()[-1].encode()]
    return [
        path
        for path in folder.rglob("*")
        if path.is_file() and any(needle in path.read_bytes() for needle in needles)
    ]


# -- the format --------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(plain=st.binary(max_size=4096), secret=st.text(min_size=1, max_size=40))
def test_sealed_bytes_round_trip_and_never_show_the_plain_text(plain: bytes, secret: str) -> None:
    kdf = crypt.new_kdf()
    sealed = crypt.seal(plain, kdf, secret)
    assert len(sealed) == crypt.HEADER_SIZE + len(plain) + crypt.TAG_SIZE
    assert crypt.looks_sealed(sealed)
    assert crypt.unseal(sealed, secret, Path("f"))[0] == plain
    assert crypt.seal(plain, kdf, secret)[:65] != sealed[:65]  # a fresh nonce on every write
    if len(plain) >= 16:
        assert plain not in sealed[crypt.HEADER_SIZE :]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notes=st.lists(st.text(max_size=200).filter(lambda t: "\r" not in t), min_size=1, max_size=5))
def test_an_encrypted_journal_round_trips(
    notes: list[str], tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from journal.core.textsafe import find_control

    folder = tmp_path_factory.mktemp("journal")
    monkeypatch.setenv(passphrase.ENV, SECRET)
    journal = Journal.open(folder)
    sam = journal.add_person("Sam", make_definition(why="round trip"))
    rekey.rekey(folder, None, SECRET)
    journal = Journal.open(folder)
    assert journal.storage.sealed
    kept = []
    for note in notes:
        if find_control(note, allow_newlines=True) is not None:
            continue
        kept.append(
            journal.add_touchpoint(
                make_touchpoint(
                    people=[sam.uid],
                    day=date.today(),
                    channel="call",
                    minutes=5,
                    note=note,
                    now=datetime.now(),
                )
            )
        )
    before = backup_bytes(journal)
    passphrase.drop(folder)
    crypt.forget_keys()
    again = Journal.open(folder)  # a new process would: the passphrase from the variable, the key derived
    assert again.storage.sealed
    assert backup_bytes(again) == before
    assert {tp.uid: tp.note for tp in again.entries()} == {tp.uid: tp.note for tp in kept}


# -- nothing in the clear ------------------------------------------------------------------------------


def test_no_note_text_anywhere_after_encrypt_and_a_week_of_daily_writes(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    start = date(2026, 11, 20)
    journal = _journal_with_note(data_dir, start)
    journal.add_touchpoint(
        make_touchpoint(
            people=[journal.people()[0].uid],
            day=start,
            channel="dm",
            minutes=2,
            note="second",
            now=_at(start),
        )
    )
    DraftStore(data_dir).put(Draft("log:new", _at(start), {"note": NOTE}))
    journal.close()
    assert _plain_hits(data_dir)  # the test can see the text when it is there
    _encrypt(data_dir, monkeypatch)
    assert _plain_hits(data_dir) == []
    monkeypatch.setenv(passphrase.ENV, SECRET)
    for offset in range(1, 8):  # a week of days, each with its first write (and so a daily backup)
        day = start + timedelta(days=offset)
        journal = Journal.open(data_dir, clock=lambda day=day: _at(day))  # type: ignore[misc]
        maya = journal.people()[0]
        journal.add_touchpoint(
            make_touchpoint(
                people=[maya.uid],
                day=day,
                channel="dm",
                minutes=3,
                note=f"{NOTE} (day {offset})",
                now=_at(day),
            )
        )
        DraftStore(data_dir).put(Draft("log:new", _at(day), {"note": f"{NOTE}, drafted {offset}"}))
        journal.close()
        assert _plain_hits(data_dir) == [], f"day {offset}"
    assert len(backups_in(data_dir)) == 8
    assert main(["backup", "-o", str(data_dir / "kept-backup.json")]) == 0
    assert _plain_hits(data_dir) == []
    notes = [tp.note for tp in Journal.open(data_dir).entries()]
    assert sum(NOTE in note for note in notes) == 8  # and everything still reads back
    assert DraftStore(data_dir).get("log:new") is not None
    assert not [f for f in doctor.examine(data_dir) if not f.ok]


def test_backup_o_is_sealed_unless_plain_and_both_import(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _journal_with_note(data_dir).close()
    _encrypt(data_dir, monkeypatch)
    monkeypatch.setenv(passphrase.ENV, SECRET)
    sealed, plain = tmp_path / "sealed.json", tmp_path / "plain.json"
    assert main(["backup", "-o", str(sealed)]) == 0
    assert main(["backup", "-o", str(plain), "--plain"]) == 0
    assert crypt.looks_sealed(sealed.read_bytes()) and NOTE.encode() not in sealed.read_bytes()
    assert NOTE.encode() in plain.read_bytes()
    for source in (sealed, plain):
        other = tmp_path / f"into-{source.stem}"
        assert main(["--data-dir", str(other), "import", str(source)]) == 0
        assert [tp.note for tp in Journal.open(other).entries()] == [NOTE]


def test_restore_of_a_sealed_backup_and_a_plain_file_into_an_encrypted_folder(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _journal_with_note(data_dir).close()
    old_plain = (data_dir / JOURNAL_FILE).read_bytes()
    _encrypt(data_dir, monkeypatch)
    monkeypatch.setenv(passphrase.ENV, SECRET)
    journal = Journal.open(data_dir, clock=lambda: _at(date(2026, 11, 21)))
    journal.add_person("Robin", make_definition(why="later"))
    journal.close()
    newest = backups_in(data_dir)[-1]
    assert main(["restore", str(newest)]) == 0
    assert [p.name for p in Journal.open(data_dir).people()] == ["Maya"]
    outside = data_dir.parent / "old-plain.json"
    outside.write_bytes(old_plain)
    assert main(["restore", str(outside)]) == 0  # restored, and sealed on the way in
    assert crypt.looks_sealed((data_dir / JOURNAL_FILE).read_bytes())
    assert _plain_hits(data_dir) == []


# -- refusals that say which ------------------------------------------------------------------------


@pytest.fixture
def sealed_journal(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    _journal_with_note(data_dir).close()
    _encrypt(data_dir, monkeypatch)
    return data_dir / JOURNAL_FILE


def test_a_wrong_passphrase_is_refused_and_said(
    sealed_journal: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sealed_journal.read_bytes()
    monkeypatch.setenv(passphrase.ENV, "not it")
    with pytest.raises(WrongPassphraseError, match="passphrase is wrong"):
        Journal.open(sealed_journal.parent)
    assert passphrase.known(sealed_journal.parent) is None  # not kept as if it were right
    assert main(["log", "maya", "--channel", "dm", "--minutes", "3", "x"]) == 1
    err = capsys.readouterr().err
    assert "passphrase is wrong" in err and "came from RELJOURNAL_PASSPHRASE" in err
    assert sealed_journal.read_bytes() == before  # nothing written
    monkeypatch.setenv(passphrase.ENV, SECRET)
    assert [tp.note for tp in Journal.open(sealed_journal.parent).entries()] == [NOTE]


def test_every_flipped_byte_is_refused_as_damage(sealed_journal: Path) -> None:
    raw = sealed_journal.read_bytes()
    for index in range(len(raw)):
        flipped = bytearray(raw)
        flipped[index] ^= 0x01 << (index % 8)
        with pytest.raises(DamagedFileError, match=r"changed|out of range") as info:
            crypt.unseal(bytes(flipped), SECRET, sealed_journal)
        assert str(sealed_journal) in info.value.message, index


def test_a_flipped_byte_in_the_journal_names_the_fault_and_the_backup(
    sealed_journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(passphrase.ENV, SECRET)
    journal = Journal.open(sealed_journal.parent, clock=lambda: _at(date(2026, 11, 22)))
    journal.add_person("Robin", make_definition(why="a second day"))  # a backup of yesterday's file
    journal.close()
    raw = bytearray(sealed_journal.read_bytes())
    raw[-5] ^= 0x40
    sealed_journal.write_bytes(bytes(raw))
    with pytest.raises(DamagedFileError) as info:
        Journal.open(sealed_journal.parent)
    assert "encrypted contents were changed" in info.value.message
    assert "restore" in info.value.message and info.value.newest_backup is not None
    assert isinstance(info.value, CorruptJournalError)
    assert sealed_journal.read_bytes() == bytes(raw)  # never repaired, never overwritten


def test_every_truncation_is_refused_as_cut_short(sealed_journal: Path) -> None:
    raw = sealed_journal.read_bytes()
    for length in range(1, len(raw)):
        with pytest.raises(TruncatedFileError, match=r"cut short|ends inside its header"):
            crypt.unseal(raw[:length], SECRET, sealed_journal)
    with pytest.raises(DamagedFileError, match="added after"):
        crypt.unseal(raw + b"x", SECRET, sealed_journal)


def test_a_file_from_a_newer_format_is_refused_not_called_damage(sealed_journal: Path) -> None:
    import hashlib

    raw = bytearray(sealed_journal.read_bytes())
    raw[15] = 2  # format version 2, digest recomputed: a well-formed file this version cannot read
    raw[crypt.HEADER.size : crypt.HEADER_SIZE] = hashlib.sha256(raw[: crypt.HEADER.size]).digest()[:8]
    with pytest.raises(JournalError, match="newer format") as info:
        crypt.unseal(bytes(raw), SECRET, sealed_journal)
    assert not isinstance(info.value, DamagedFileError)


def test_no_passphrase_and_no_terminal_is_a_clear_error_at_once(sealed_journal: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELJOURNAL_PASSPHRASE")}
    done = subprocess.run(
        [sys.executable, "-m", "journal", "people"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        stdin=subprocess.DEVNULL,
        env=env,
        start_new_session=True,  # no controlling terminal: /dev/tty cannot be opened
    )
    assert done.returncode == 1
    assert "is encrypted and no passphrase was given" in done.stderr
    assert "RELJOURNAL_PASSPHRASE_FILE" in done.stderr and "Traceback" not in done.stderr


def test_the_passphrase_file_comes_first_and_its_faults_are_named(
    sealed_journal: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text(SECRET + "\n")
    monkeypatch.setenv(passphrase.FILE_ENV, str(secret_file))
    monkeypatch.setenv(passphrase.ENV, "the variable loses")
    assert [tp.note for tp in Journal.open(sealed_journal.parent).entries()] == [NOTE]
    passphrase.drop(sealed_journal.parent)
    secret_file.write_text("")
    with pytest.raises(PassphraseMissingError, match="is empty"):
        Journal.open(sealed_journal.parent)
    monkeypatch.setenv(passphrase.FILE_ENV, str(tmp_path / "missing"))
    with pytest.raises(PassphraseMissingError, match="cannot read the passphrase file"):
        Journal.open(sealed_journal.parent)


def test_the_prompt_is_asked_once_per_process(sealed_journal: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def prompt(text: str) -> str:
        asked.append(text)
        return SECRET

    passphrase.set_prompt(prompt)
    for _ in range(3):
        Journal.open(sealed_journal.parent).add_person(f"P{len(asked)}{_}", make_definition(why="x"))
    assert len(asked) == 1 and str(sealed_journal.parent) in asked[0]


# -- the keyring ------------------------------------------------------------------------------------


class _Keyring(types.ModuleType):
    def __init__(self, fail: bool = False) -> None:
        super().__init__("keyring")
        self.kept: dict[tuple[str, str], str] = {}
        self.fail = fail

    def get_password(self, service: str, user: str) -> str | None:
        if self.fail:
            raise RuntimeError("No recommended backend was available")
        return self.kept.get((service, user))

    def set_password(self, service: str, user: str, secret: str) -> None:
        self.kept[(service, user)] = secret

    def delete_password(self, service: str, user: str) -> None:
        self.kept.pop((service, user), None)


def test_remember_keeps_it_in_the_keyring_and_forget_removes_it(
    sealed_journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ring = _Keyring()
    monkeypatch.setitem(sys.modules, "keyring", ring)
    folder = sealed_journal.parent
    monkeypatch.setenv(passphrase.ENV, SECRET)
    assert main(["passphrase", "--remember"]) == 0
    assert (folder / passphrase.KEYRING_MARKER).exists()
    monkeypatch.delenv(passphrase.ENV)
    passphrase.drop(folder)
    assert [tp.note for tp in Journal.open(folder).entries()] == [NOTE]  # from the keyring, nothing asked
    assert main(["passphrase", "--forget"]) == 0
    assert not (folder / passphrase.KEYRING_MARKER).exists() and not ring.kept


@pytest.mark.parametrize("broken", ["not installed", "no backend"])
def test_a_missing_keyring_falls_back_to_the_prompt_never_a_traceback(
    sealed_journal: Path, monkeypatch: pytest.MonkeyPatch, broken: str
) -> None:
    folder = sealed_journal.parent
    (folder / passphrase.KEYRING_MARKER).write_text("opted in\n")
    if broken == "not installed":
        monkeypatch.setitem(sys.modules, "keyring", None)  # import keyring raises ImportError
    else:
        monkeypatch.setitem(sys.modules, "keyring", _Keyring(fail=True))
    with pytest.raises(PassphraseMissingError) as info:  # no terminal: said at once, with why
        Journal.open(folder)
    assert ("not installed" if broken == "not installed" else "did not answer") in info.value.message
    passphrase.set_prompt(lambda text: SECRET)  # with a terminal: asked, and the journal opens
    assert [tp.note for tp in Journal.open(folder).entries()] == [NOTE]


def test_the_real_keyring_without_a_backend_falls_back(sealed_journal: Path) -> None:
    pytest.importorskip("keyring")
    (sealed_journal.parent / passphrase.KEYRING_MARKER).write_text("opted in\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELJOURNAL_PASSPHRASE")}
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    done = subprocess.run(
        [sys.executable, "-m", "journal", "people"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        stdin=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "keyring did not answer" in done.stderr


# -- encrypt, decrypt, passphrase --------------------------------------------------------------------


def test_encrypt_decrypt_and_change_convert_every_file(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    journal = _journal_with_note(data_dir)
    journal.close()
    journal = Journal.open(data_dir, clock=lambda: _at(date(2026, 11, 21)))
    journal.add_person("Robin", make_definition(why="a backup"))
    DraftStore(data_dir).put(Draft("log:new", _at(date(2026, 11, 21)), {"note": NOTE}))
    (data_dir / f".{JOURNAL_FILE}.4242.tmp").write_text(NOTE)  # a killed writer's plain temp file
    files = rekey.kept_files(data_dir)
    assert len(files) == 4  # journal, drafts, two daily backups
    _encrypt(data_dir, monkeypatch)
    out = capsys.readouterr()
    assert "cannot be recovered" in out.err and "cannot be recovered" in out.out
    assert all(crypt.looks_sealed(path.read_bytes()) for path in files)
    assert not (data_dir / f".{JOURNAL_FILE}.4242.tmp").exists()
    monkeypatch.setenv(passphrase.ENV, SECRET)
    monkeypatch.setenv(passphrase.NEW_ENV, "a new one")
    assert main(["passphrase"]) == 0
    monkeypatch.delenv(passphrase.NEW_ENV)
    passphrase.drop(data_dir)
    crypt.forget_keys()
    with pytest.raises(WrongPassphraseError):
        Journal.open(data_dir)  # the old passphrase opens nothing now
    for path in files[1:]:
        with pytest.raises(WrongPassphraseError):
            crypt.unseal(path.read_bytes(), SECRET, path)
    monkeypatch.setenv(passphrase.ENV, "a new one")
    assert len(Journal.open(data_dir).people()) == 2
    assert main(["decrypt"]) == 0
    assert not any(crypt.looks_sealed(path.read_bytes()) for path in files)
    monkeypatch.delenv(passphrase.ENV)
    passphrase.drop(data_dir)
    assert len(Journal.open(data_dir).people()) == 2  # plain again: no passphrase needed
    assert DraftStore(data_dir).get("log:new") is not None


def test_change_with_the_wrong_old_passphrase_changes_nothing(
    sealed_journal: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p: p.read_bytes() for p in rekey.kept_files(sealed_journal.parent)}
    monkeypatch.setenv(passphrase.ENV, "wrong")
    monkeypatch.setenv(passphrase.NEW_ENV, "new")
    assert main(["passphrase"]) == 1
    assert "passphrase is wrong" in capsys.readouterr().err
    assert main(["decrypt"]) == 1
    assert {p: p.read_bytes() for p in before} == before


def test_encrypt_with_no_terminal_and_no_new_passphrase_is_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _journal_with_note(data_dir).close()
    assert main(["encrypt"]) == 1
    assert "RELJOURNAL_NEW_PASSPHRASE" in capsys.readouterr().err
    assert not crypt.looks_sealed((data_dir / JOURNAL_FILE).read_bytes())


def test_doctor_says_encrypted_and_finds_plain_copies_left_behind(
    sealed_journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = sealed_journal.parent
    monkeypatch.setenv(passphrase.ENV, SECRET)
    texts = [f.text for f in doctor.examine(folder)]
    assert any("the journal is encrypted" in t for t in texts)
    (folder / BACKUP_DIR).mkdir(exist_ok=True)
    (folder / BACKUP_DIR / "before-import-20261120-101010.json").write_text('{"people": {}}')
    (folder / DRAFTS_FILE).write_text('{"version": 1, "drafts": []}')
    for path in (folder / BACKUP_DIR / "before-import-20261120-101010.json", folder / DRAFTS_FILE):
        path.chmod(0o600)
    problems = [f.text for f in doctor.examine(folder) if not f.ok]
    assert len(problems) == 1 and "2 plain (unencrypted) copies" in problems[0]
    assert "reljournal encrypt" in problems[0]
    assert main(["encrypt"]) == 0  # already encrypted: seals what was left, same passphrase
    assert not [f for f in doctor.examine(folder) if not f.ok]
    plain = Journal.open(folder.parent / "plain")
    plain.add_person("Sam", make_definition(why="x"))
    assert any("not encrypted" in f.text for f in doctor.examine(plain.folder))


def test_export_of_an_encrypted_journal_says_it_is_plain(
    sealed_journal: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(passphrase.ENV, SECRET)
    assert main(["export"]) == 0
    out = capsys.readouterr()
    assert NOTE in out.out and "plain Markdown" in out.err


def _on_a_terminal(args: list[str], typed: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run ``reljournal ARGS`` with a pseudo-terminal as its controlling terminal, typing each of
    ``typed`` after each prompt; (exit code, everything the terminal showed)."""
    import fcntl
    import select
    import termios

    master, slave = os.openpty()

    def take_terminal() -> None:
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        [sys.executable, "-m", "journal", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        preexec_fn=take_terminal,
    )
    os.close(slave)
    shown = b""
    answered_at = 0  # answer only a prompt shown after the last answer
    answers = list(typed)
    try:
        while True:
            ready, _, _ = select.select([master], [], [], 30)
            assert ready, f"no output for 30 s: {shown!r}"
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the other end closed: the process ended
                break
            if not chunk:
                break
            shown += chunk
            if answers and shown[answered_at:].rstrip().endswith(b":"):
                os.write(master, answers.pop(0).encode() + b"\n")
                answered_at = len(shown)
    finally:
        os.close(master)
    return proc.wait(30), shown.decode("utf-8", "replace")


def test_the_terminal_prompt_asks_without_echo(sealed_journal: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELJOURNAL_PASSPHRASE")}
    code, shown = _on_a_terminal(["people"], [SECRET], env)
    assert code == 0, shown
    assert "Passphrase for the journal in" in shown and "Maya" in shown
    assert SECRET not in shown  # typed without echo
    code, shown = _on_a_terminal(["people"], ["wrong"], env)
    assert code == 1 and "passphrase is wrong" in shown and "was typed" in shown


def test_encrypt_on_a_terminal_asks_twice_and_refuses_two_different(data_dir: Path) -> None:
    _journal_with_note(data_dir).close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RELJOURNAL_PASSPHRASE")}
    code, shown = _on_a_terminal(["encrypt"], ["one", "two"], env)
    assert code == 1 and "differ" in shown and "cannot be recovered" in shown
    assert not crypt.looks_sealed((data_dir / JOURNAL_FILE).read_bytes())
    code, shown = _on_a_terminal(["encrypt"], [SECRET, SECRET], env)
    assert code == 0, shown
    assert crypt.looks_sealed((data_dir / JOURNAL_FILE).read_bytes()) and SECRET not in shown


def test_an_interrupted_decrypt_is_finished_by_decrypt_again(
    sealed_journal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = sealed_journal.parent
    monkeypatch.setenv(passphrase.ENV, SECRET)
    journal = Journal.open(folder, clock=lambda: _at(date(2026, 11, 22)))
    journal.add_person("Robin", make_definition(why="a backup to convert"))
    journal.close()
    plain, _ = crypt.unseal(sealed_journal.read_bytes(), SECRET, sealed_journal)
    sealed_journal.write_bytes(plain)  # as if decrypt was killed after the journal, before the backups
    assert any(crypt.looks_sealed(p.read_bytes()) for p in backups_in(folder))
    assert main(["decrypt"]) == 0
    assert not any(crypt.looks_sealed(p.read_bytes()) for p in rekey.kept_files(folder))
