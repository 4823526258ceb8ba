"""reljournal's benchmark: generated journals of 0, 10,000 and 50,000 touchpoints, measured side by side.

Run it with ``python3 tests/perf/bench.py`` (``--runs N``: runs per measure, default 11). It builds
its own venv under ``tests/perf/.venv-bench`` with reljournal installed as the README installs it
(``pip install .``, not editable: an editable install adds an import hook to every start-up) and jrnl 4.6
(the peer), re-runs itself there, prints a table and writes ``tests/perf/results/latest.json`` and
``latest.md``. Every figure is a median of several runs; whole-process figures are wall-clock times of
a fresh process, as a person at a shell would see them.

Notes on fairness, so the ratios mean what they say:

* jrnl reads a twin of the 10k journal (same days, people and notes) whose dates are written in the
  ``timeformat`` of its config, as jrnl itself writes them. With any other format jrnl falls back to a
  natural-language date parser for every entry and takes twice as long; that figure is shown as
  information, never used for a ratio.
* Each ratio's two sides (and the first frames at 0 and 10k and of the minimal app) are measured in
  turns, run by run, so that a shared host slowing down for a while moves both sides alike.
* The export runs into a new folder each time (every file created; the slowest case) and, as
  information, again into its own previous export (unchanged files are left alone).
* The export floor is what any Python export pays before rendering: start Python, import orjson,
  parse the journal, create files of the export's sizes (``export_floor.py``).
* The weekly review is computed cold: the per-journal index it keeps between weeks is dropped first.
* The TUI rows need ``journal/app.py``; while it cannot start they are reported as pending.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

BENCH_VENV = HERE / ".venv-bench"
RESULTS = HERE / "results"
ROOT = HERE.parent.parent
JRNL = "jrnl==4.6"
JRNL_TIMEFORMAT = "%Y-%m-%d %H:%M"  # the format generate.write_jrnl_twin writes dates in


def _enter_bench_venv() -> None:
    """Install reljournal (non-editable, as a user would) and jrnl in the bench venv, then run there."""
    python = BENCH_VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == BENCH_VENV.resolve():
        return
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
    print("installing reljournal (this tree) and", JRNL, "into", BENCH_VENV, file=sys.stderr)
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    if not (BENCH_VENV / "bin" / "jrnl").exists():
        subprocess.run([*pip, JRNL, str(ROOT)], check=True)  # jrnl and reljournal's dependencies
    subprocess.run([*pip, "--force-reinstall", "--no-deps", str(ROOT)], check=True)  # the current tree
    os.execv(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])


def _jrnl() -> Path:
    return Path(sys.prefix) / "bin" / "jrnl"


def _run(cmd: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, int | None]:
    """Wall seconds of one whole process, and the peak RSS (KiB) it reports as ``peak_rss_kib=N``."""
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile() as errors:  # files: never block
        start = time.perf_counter()
        proc = subprocess.run(cmd, stdout=output, stderr=errors, env=env, check=False)
        elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            errors.seek(0)
            raise RuntimeError(f"{' '.join(cmd)} failed: {errors.read().decode(errors='replace')[-2000:]}")
        output.seek(0)
        found = re.search(rb"peak_rss_kib=(\d+)", output.read())
    return elapsed, int(found.group(1)) if found else None


def _median_process(
    cmd: Sequence[str] | Callable[[], Sequence[str]], runs: int, env: dict[str, str] | None = None
) -> tuple[float, int | None]:
    """Median wall time (and peak RSS, if reported) of ``cmd`` (or of the command it makes each run)."""
    samples = []
    for index in range(runs + 1):
        sample = _run(cmd() if callable(cmd) else cmd, env)
        if index:  # the first run only warms the page cache
            samples.append(sample)
    rss = [s[1] for s in samples if s[1] is not None]
    return statistics.median(s[0] for s in samples), int(statistics.median(rss)) if rss else None


Command = Sequence[str] | Callable[[], Sequence[str]]


def _interleaved(
    commands: dict[str, tuple[Command, dict[str, str] | None]], runs: int
) -> dict[str, tuple[float, int | None]]:
    """Median wall time (and peak RSS) of each command, run in turns: one warm-up each, then ``runs``
    rounds that run every command once, starting with a different one each round. The ratios compare
    commands measured side by side, so a host that gets slower or faster for a while (shared cores)
    moves both sides of a ratio alike."""
    names = list(commands)
    samples: dict[str, list[tuple[float, int | None]]] = {name: [] for name in names}
    for round_index in range(runs + 1):
        order = names[round_index % len(names) :] + names[: round_index % len(names)]
        for name in order:
            cmd, env = commands[name]
            sample = _run(cmd() if callable(cmd) else cmd, env)
            if round_index:  # the first round only warms the page cache
                samples[name].append(sample)
    medians = {}
    for name, taken in samples.items():
        rss = [s[1] for s in taken if s[1] is not None]
        medians[name] = (statistics.median(s[0] for s in taken), int(statistics.median(rss)) if rss else None)
    return medians


def _median_inprocess(
    action: Callable[[], object], runs: int, before: Callable[[], object] | None = None
) -> float:
    """Median seconds of ``action`` after one warm-up call; ``before`` runs untimed before each run."""
    action()
    samples = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _make(folder: Path, touchpoints: int) -> dict[str, Any]:
    from generate import NOW, journal_data

    from journal.store.journal import Journal

    data = journal_data(touchpoints)
    journal = Journal.open(folder, clock=lambda: NOW)
    journal.replace_all(json.loads(json.dumps(data)))
    journal.close()
    return data


def _jrnl_env(workdir: Path, journal_file: Path, timeformat: str, name: str) -> tuple[dict[str, str], Path]:
    config = workdir / name
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\nindent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal_file}\n"
        f"linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '{timeformat}'\nversion: v4.6\n",
        encoding="utf-8",
    )
    return {**os.environ, "XDG_CONFIG_HOME": str(workdir / "xdg")}, config


def finding_commands(exe: str, folder: Path, name: str) -> dict[str, tuple[Command, dict[str, str] | None]]:
    """Finding from the shell at 10k, measured in turns with ``log`` (issue 13: each within 1.2× of it)."""
    where = [exe, "--data-dir", str(folder)]
    return {"list": ([*where, "list", "-n", "20"], None), "show": ([*where, "show", name], None)}


def measure(runs: int) -> dict[str, Any]:
    from generate import NOW, write_jrnl_twin

    from journal.core.model import make_touchpoint
    from journal.report import review
    from journal.store.journal import Journal

    exe = str(Path(sys.prefix) / "bin" / "reljournal")
    jrnl = _jrnl()
    work = Path(tempfile.mkdtemp(prefix="rj-bench-"))
    sizes = {"0": 0, "10k": 10_000, "50k": 50_000}
    folders = {key: work / f"journal-{key}" for key in sizes}
    data = {key: _make(folder, sizes[key]) for key, folder in folders.items()}
    del data["50k"]  # keep the benchmark's own memory small: its children are timed beside it
    jrnl_file = work / "jrnl-10k.txt"
    write_jrnl_twin(data["10k"], jrnl_file)
    jrnl_env, jrnl_config = _jrnl_env(work, jrnl_file, JRNL_TIMEFORMAT, "jrnl.yaml")
    _, jrnl_slow_config = _jrnl_env(work, jrnl_file, "%F %r", "jrnl-other-format.yaml")
    name = data["10k"]["people"][f"{0:032x}"]["name"]
    results: dict[str, Any] = {"touchpoints": sizes, "machine": platform.machine(), "cores": os.cpu_count()}

    # 1. quick capture, whole process, on a copy of the 10k journal (it grows by one touchpoint a run)
    log_folder = work / "journal-10k-log"
    shutil.copytree(folders["10k"], log_folder)
    log_cmd = [
        exe,
        "--data-dir",
        str(log_folder),
        "log",
        name,
        "--channel",
        "call",
        "--minutes",
        "30",
        "bench",
    ]
    finding = finding_commands(exe, folders["10k"], name)
    side_by_side = _interleaved(
        {"log": (log_cmd, None), "jrnl": ([str(jrnl), "--version"], jrnl_env), **finding}, runs
    )
    results["log_10k_s"], results["jrnl_version_s"] = side_by_side["log"][0], side_by_side["jrnl"][0]
    results["list_10k_s"], results["show_10k_s"] = side_by_side["list"][0], side_by_side["show"][0]

    # 2. full export of the 10k journal vs jrnl's markdown export of the same entries. Each run exports
    # into a folder of its own, deleted only at the end: deleting 670 files just before a run makes the
    # file system (ext4, mounted with discard here) busy during the next one.
    exports = work / "exports"
    exports.mkdir()
    export_runs = max(5, runs // 2)
    fresh = (exports / str(n) for n in range(export_runs + 2))
    again = exports / "0"  # the first fresh one: exported into again later, unchanged files left alone
    _run([exe, "--data-dir", str(folders["10k"]), "export", "-o", str(next(fresh))])
    sizes = {str(path.relative_to(again)): path.stat().st_size for path in sorted(again.rglob("*.md"))}
    results["export_files"] = len(sizes)
    results["export_bytes"] = sum(sizes.values())
    sizes_file = work / "export-sizes.json"
    sizes_file.write_text(json.dumps(sizes), encoding="utf-8")
    floors = (work / "floors" / str(n) for n in range(export_runs + 1))
    jrnl_export = ["--format", "markdown", "--file", str(work / "jrnl-export.md")]
    side_by_side = _interleaved(
        {
            "export": (
                lambda: [exe, "--data-dir", str(folders["10k"]), "export", "-o", str(next(fresh))],
                None,
            ),
            "floor": (
                lambda: [
                    sys.executable,
                    str(HERE / "export_floor.py"),
                    str(folders["10k"] / "journal.json"),
                    str(sizes_file),
                    str(next(floors)),
                ],
                None,
            ),
            "jrnl": ([str(jrnl), "--config-file", str(jrnl_config), *jrnl_export], jrnl_env),
        },
        export_runs,
    )
    results["export_10k_s"] = side_by_side["export"][0]
    results["export_floor_10k_s"] = side_by_side["floor"][0]
    results["jrnl_export_10k_s"] = side_by_side["jrnl"][0]
    results["export_again_10k_s"], _ = _median_process(
        [exe, "--data-dir", str(folders["10k"]), "export", "-o", str(again)], export_runs
    )
    results["jrnl_export_other_format_10k_s"], _ = _median_process(
        [str(jrnl), "--config-file", str(jrnl_slow_config), *jrnl_export], export_runs, jrnl_env
    )

    # 3 + 6. first frame (headless, exit when ready) and peak RSS; pending while the TUI cannot start
    frame = [sys.executable, str(HERE / "first_frame.py")]
    try:
        frames = _interleaved(
            {
                "0": ([*frame, "reljournal", str(folders["0"])], None),
                "10k": ([*frame, "reljournal", str(folders["10k"])], None),
                "minimal": ([*frame, "minimal"], None),
            },
            runs,
        )
        frames["50k"] = _median_process([*frame, "reljournal", str(folders["50k"])], max(3, runs // 2))
    except RuntimeError as error:
        results["tui_problem"] = str(error).strip().splitlines()[-1][:200]
        frames = {}
    for key, (wall, rss) in frames.items():
        results[f"first_frame_{key}_s"], results[f"rss_{key}_kib"] = wall, rss

    # 4. one durable write, in-process
    for key in ("10k", "50k"):
        journal = Journal.open(folders[key], clock=lambda: NOW)
        journal.entries()
        person = journal.following()[0].uid

        def write(journal: Journal = journal, person: str = person) -> None:
            journal.add_touchpoint(
                make_touchpoint(people=[person], day=date(2026, 11, 19), channel="call", minutes=20, now=NOW)
            )

        results[f"write_{key}_s"] = _median_inprocess(write, runs * 2)
        journal.close()

    # 5. the weekly review at 10k: cold (the index it keeps between weeks dropped first), and warm
    from journal.core.weeks import IsoWeek
    from journal.report.review import summarize_week

    journal = Journal.open(folders["10k"], clock=lambda: NOW)
    journal.entries()  # loaded and typed, as in the TUI
    week = IsoWeek.of(NOW.date())
    results["review_10k_s"] = _median_inprocess(
        lambda: summarize_week(journal, week), runs * 2, before=review._INDEXES.clear
    )
    results["review_warm_10k_s"] = _median_inprocess(lambda: summarize_week(journal, week), runs * 2)
    journal.close()
    shutil.rmtree(work, ignore_errors=True)
    return results


TARGETS = [
    # label, value key, baseline key (None: absolute seconds), target
    ("1. `reljournal log` at 10k vs `jrnl --version`", "log_10k_s", "jrnl_version_s", 1.0),
    ("1b. `reljournal list -n 20` at 10k vs `log`", "list_10k_s", "log_10k_s", 1.2),
    ("1c. `reljournal show NAME` at 10k vs `log`", "show_10k_s", "log_10k_s", 1.2),
    (
        "2. export -o DIR at 10k (new folder) vs `jrnl --format markdown`",
        "export_10k_s",
        "jrnl_export_10k_s",
        0.25,
    ),
    ("3a. first frame at 10k vs at 0", "first_frame_10k_s", "first_frame_0_s", 1.2),
    ("3b. first frame at 10k vs minimal Textual app", "first_frame_10k_s", "first_frame_minimal_s", 2.5),
    ("4a. one durable write at 10k", "write_10k_s", None, 0.020),
    ("4b. one durable write at 50k", "write_50k_s", None, 0.100),
    ("5. weekly review at 10k (cold)", "review_10k_s", None, 0.020),
    ("6. peak RSS of the TUI at 10k vs at 0", "rss_10k_kib", "rss_0_kib", 1.5),
]

# Figures shown for context, with no target.
INFO = [
    ("export again into its previous export", "export_again_10k_s", "jrnl_export_10k_s"),
    (
        "export floor: start Python, import orjson, parse the 10k journal, write files of the same sizes",
        "export_floor_10k_s",
        "jrnl_export_10k_s",
    ),
    ("jrnl export, dates not in its timeformat (fallback parser)", "jrnl_export_other_format_10k_s", None),
    ("first frame at 50k vs at 0", "first_frame_50k_s", "first_frame_0_s"),
    ("peak RSS of the TUI at 50k vs at 0", "rss_50k_kib", "rss_0_kib"),
    ("weekly review at 10k, index kept (moving between weeks)", "review_warm_10k_s", None),
]


def _shown(key: str, value: float) -> str:
    return f"{value / 1024:.0f} MiB" if key.startswith("rss") else f"{value * 1000:.1f} ms"


def _row(
    results: dict[str, Any], label: str, key: str, base: str | None, target: float | None
) -> dict[str, Any]:
    value = results.get(key)
    baseline = results.get(base) if base is not None else None
    if value is None or (base is not None and baseline is None):
        return {
            "measure": label,
            "result": "pending (the TUI does not start yet)",
            "target": _goal(base, target),
            "met": None,
            "ratio": None,
        }
    if base is None or baseline is None:
        ratio = None
        shown = _shown(key, value)
        met = None if target is None else value <= target
    else:
        ratio = value / baseline
        shown = f"{_shown(key, value)} vs {_shown(base, baseline)} = {ratio:.2f}×"
        met = None if target is None else ratio <= target
    return {"measure": label, "result": shown, "target": _goal(base, target), "met": met, "ratio": ratio}


def _goal(base: str | None, target: float | None) -> str:
    if target is None:
        return "–"
    return f"≤ {target * 1000:.0f} ms" if base is None else f"≤ {target}×"


def table(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows = [_row(results, label, key, base, target) for label, key, base, target in TARGETS]
    rows += [_row(results, label, key, base, None) for label, key, base in INFO]
    return rows


def render(rows: list[dict[str, Any]], results: dict[str, Any], when: str) -> str:
    lines = [
        f"Measured {when} on {platform.machine()} ({os.cpu_count()} cores), Python {platform.python_version()}; "
        "medians of several runs.",
        "",
        "| measure | result | target | met |",
        "|---|---|---|---|",
    ]
    for r in rows:
        met = {True: "yes", False: "NO", None: "pending" if "pending" in r["result"] else "–"}[r["met"]]
        lines.append(f"| {r['measure']} | {r['result']} | {r['target']} | {met} |")
    if results.get("tui_problem"):
        lines += ["", f"TUI: {results['tui_problem']}"]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=11, help="runs per measure (median is reported)")
    args = parser.parse_args()
    _enter_bench_venv()
    results = measure(args.runs)
    rows = table(results)
    when = datetime.now().strftime("%Y-%m-%d")
    text = render(rows, results, when)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(
        json.dumps({"date": when, "raw": results, "rows": rows}, indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    return 0 if all(r["met"] is not False for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
