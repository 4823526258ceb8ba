"""Settings that belong to the person, not the journal (the mirror folder, later the theme).

They live in ``settings.json`` in platformdirs' user config folder (``RELJOURNAL_CONFIG_DIR``
overrides it; tests always set it), written atomically and 0600 in a 0700 folder, like the journal.
A file that does not validate is refused with its name, never rewritten; keys this version does
not know are kept as they are, so an older reljournal never drops a newer one's settings.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from journal.core.errors import JournalError
from journal.store.durable import describe_os_error, ensure_private_dir, write_private_file
from journal.store.jsondoor import JsonRefused, load_json
from journal.store.safefs import read_regular_file

ENV_VAR = "RELJOURNAL_CONFIG_DIR"
SETTINGS_FILE = "settings.json"
MIRRORS = "mirrors"  # data folder (absolute) -> {"folder": absolute path, "last_run": ISO time or null}

Settings = dict[str, Any]


class SettingsError(JournalError):
    """The settings file cannot be read or written; nothing was changed."""


def config_dir() -> Path:
    override = os.environ.get(ENV_VAR)
    if override is not None:
        if not override.strip():
            raise SettingsError(f"{ENV_VAR} is set but empty; set it to a folder, or unset it")
        return Path(override).expanduser().absolute()
    from platformdirs import user_config_dir  # imported late: only needed without an override

    return Path(user_config_dir("reljournal", appauthor=False))


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILE


def _problem(settings: object) -> str | None:
    """Why ``settings`` is not a settings document, or None."""
    if not isinstance(settings, dict):
        return "the top level is not a JSON object"
    mirrors = settings.get(MIRRORS, {})
    if not isinstance(mirrors, dict):
        return f"{MIRRORS!r} is not an object"
    for journal, mirror in mirrors.items():
        if not os.path.isabs(journal):
            return f"{MIRRORS}: {journal!r} is not an absolute path"
        if not isinstance(mirror, dict):
            return f"{MIRRORS}[{journal!r}] is not an object"
        folder, last = mirror.get("folder"), mirror.get("last_run")
        if not isinstance(folder, str) or not os.path.isabs(folder) or "\x00" in folder:
            return f"{MIRRORS}[{journal!r}].folder is not an absolute path"
        if last is not None and not isinstance(last, str):
            return f"{MIRRORS}[{journal!r}].last_run is not a time"
    return None


def read_settings() -> Settings:
    """The settings, checked; {} when there is no file yet."""
    path = settings_path()
    try:
        raw, _ = read_regular_file(path)
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise SettingsError(f"cannot read the settings: {describe_os_error(error, path)}") from None
    try:
        settings = load_json(raw)
    except (orjson.JSONDecodeError, JsonRefused):
        settings = None
    problem = "it is not valid JSON" if settings is None else _problem(settings)
    if problem:
        raise SettingsError(f"the settings file {path} cannot be used: {problem}; fix it, or move it aside")
    return settings  # type: ignore[no-any-return]


def update_settings(change: Callable[[Settings], None]) -> Settings:
    """Read, change and write back the settings (atomically, 0600); the new settings."""
    settings = read_settings()
    change(settings)
    problem = _problem(settings)
    if problem:  # a write is refused whenever the next read would be
        raise SettingsError(f"the settings were not changed: {problem}")
    path = settings_path()
    try:
        ensure_private_dir(path.parent)
        write_private_file(path, orjson.dumps(settings, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
    except OSError as error:
        raise SettingsError(f"the settings were not changed: {describe_os_error(error, path)}") from None
    return settings


def mirror_of(settings: Settings, data_folder: Path) -> dict[str, Any] | None:
    """The mirror set for the journal in ``data_folder``, if any."""
    mirror = settings.get(MIRRORS, {}).get(str(data_folder.absolute()))
    return mirror if isinstance(mirror, dict) else None
