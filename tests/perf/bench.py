"""reljournal's benchmark: generated journals of 0, 10,000 and 50,000 touchpoints, measured side by side.

Run it with ``python3 tests/perf/bench.py``. It builds its own venv under ``tests/perf/.venv-bench`` with
reljournal installed as the README installs it (``pip install .``, not editable) and jrnl 4.6 (the peer),
re-runs itself there, prints a table and writes ``tests/perf/results/latest.json`` and ``latest.md``.
Every figure is a median of several runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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


def _enter_bench_venv() -> None:
    """Install reljournal (non-editable, as a user would) and jrnl in the bench venv, then run there."""
    python = BENCH_VENV / "bin" / "python"
    if Path(sys.prefix).resolve() == BENCH_VENV.resolve():
        return
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
    print("installing reljournal and jrnl 4.6 into", BENCH_VENV, file=sys.stderr)
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--force-reinstall", "--no-deps", str(ROOT)], check=True
    )
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(ROOT), "jrnl==4.6"], check=True)
    os.execv(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])


def _jrnl() -> Path:
    return Path(sys.prefix) / "bin" / "jrnl"


def _run(cmd: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        assert proc.stderr is not None
        raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr.read().decode()[-2000:]}")
    return elapsed, usage.ru_maxrss


def _median_process(cmd: Sequence[str], runs: int, env: dict[str, str] | None = None) -> tuple[float, int]:
    _run(cmd, env)  # warm the page cache
    samples = [_run(cmd, env) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), int(statistics.median(s[1] for s in samples))


def _median_inprocess(action: Callable[[], object], runs: int) -> float:
    action()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _make(folder: Path, touchpoints: int) -> dict[str, Any]:
    from generate import NOW, journal_data

    from journal.store import Journal

    data = journal_data(touchpoints)
    journal = Journal.open(folder, clock=lambda: NOW)
    journal.replace_all(json.loads(json.dumps(data)))
    journal.close()
    return data


def _jrnl_env(workdir: Path, journal_file: Path) -> dict[str, str]:
    config = workdir / "jrnl.yaml"
    config.write_text(
        "colors: {body: none, date: none, tags: none, title: none}\n"
        "default_hour: 9\ndefault_minute: 0\neditor: ''\nencrypt: false\nhighlight: false\nindent_character: '|'\n"
        f"journals:\n  default:\n    journal: {journal_file}\n"
        "linewrap: 79\ntagsymbols: '#@'\ntemplate: false\ntimeformat: '%F %r'\nversion: v4.6\n",
        encoding="utf-8",
    )
    return {**os.environ, "XDG_CONFIG_HOME": str(workdir / "xdg"), "JRNL_CONFIG": str(config)}


def measure(runs: int) -> dict[str, Any]:
    from generate import NOW, write_jrnl_twin

    from journal.model import make_touchpoint
    from journal.store import Journal

    exe = str(Path(sys.prefix) / "bin" / "reljournal")
    jrnl = _jrnl()
    work = Path(tempfile.mkdtemp(prefix="rj-bench-"))
    sizes = {"0": 0, "10k": 10_000, "50k": 50_000}
    folders = {key: work / f"journal-{key}" for key in sizes}
    data = {key: _make(folder, sizes[key]) for key, folder in folders.items()}
    jrnl_file = work / "jrnl-10k.txt"
    write_jrnl_twin(data["10k"], jrnl_file)
    jrnl_env = _jrnl_env(work, jrnl_file)
    jrnl_cfg = ["--config-file", str(work / "jrnl.yaml")]
    name = data["10k"]["people"][f"{0:032x}"]["name"]
    results: dict[str, Any] = {}

    # 1. quick capture, whole process, vs jrnl's start-up floor
    log_cmd = [
        exe,
        "--data-dir",
        str(folders["10k"]),
        "log",
        name,
        "--channel",
        "call",
        "--minutes",
        "30",
        "bench",
    ]
    results["log_10k_s"], _ = _median_process(log_cmd, runs)
    results["jrnl_version_s"], _ = _median_process([str(jrnl), "--version"], runs, jrnl_env)

    # 2. full export of the 10k journal vs jrnl's markdown export of the same entries
    out = work / "export"
    export_cmd = [exe, "--data-dir", str(folders["10k"]), "export", "-o", str(out)]
    results["export_10k_s"], _ = _median_process(export_cmd, max(3, runs // 2))
    jrnl_export = [str(jrnl), *jrnl_cfg, "--format", "markdown", "--file", str(work / "jrnl-export.md")]
    results["jrnl_export_10k_s"], _ = _median_process(jrnl_export, max(3, runs // 2), jrnl_env)

    # 3 + 6. first frame (headless, exit when ready) and peak RSS
    frame = [sys.executable, str(HERE / "first_frame.py")]
    results["first_frame_0_s"], results["rss_0_kib"] = _median_process(
        [*frame, "reljournal", str(folders["0"])], runs
    )
    results["first_frame_10k_s"], results["rss_10k_kib"] = _median_process(
        [*frame, "reljournal", str(folders["10k"])], runs
    )
    results["first_frame_50k_s"], results["rss_50k_kib"] = _median_process(
        [*frame, "reljournal", str(folders["50k"])], max(3, runs // 2)
    )
    results["first_frame_minimal_s"], results["rss_minimal_kib"] = _median_process([*frame, "minimal"], runs)

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

    # 5. the weekly review at 10k
    from journal.review import summarize_week
    from journal.weeks import IsoWeek

    journal = Journal.open(folders["10k"], clock=lambda: NOW)
    journal.entries()
    week = IsoWeek.of(NOW.date())
    results["review_10k_s"] = _median_inprocess(lambda: summarize_week(journal, week), runs * 2)
    journal.close()
    shutil.rmtree(work, ignore_errors=True)
    return results


TARGETS = [
    # label, value key, baseline key (None: absolute seconds), target
    ("1. `reljournal log` at 10k vs `jrnl --version`", "log_10k_s", "jrnl_version_s", 1.0),
    ("2. export -o DIR at 10k vs `jrnl --format markdown`", "export_10k_s", "jrnl_export_10k_s", 0.25),
    ("3a. first frame at 10k vs at 0", "first_frame_10k_s", "first_frame_0_s", 1.2),
    ("3b. first frame at 10k vs minimal Textual app", "first_frame_10k_s", "first_frame_minimal_s", 2.5),
    ("4a. one durable write at 10k", "write_10k_s", None, 0.020),
    ("4b. one durable write at 50k", "write_50k_s", None, 0.100),
    ("5. weekly review at 10k", "review_10k_s", None, 0.020),
    ("6. peak RSS of the TUI at 10k vs at 0", "rss_10k_kib", "rss_0_kib", 1.5),
]


def table(results: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for label, key, base, target in TARGETS:
        value = results[key]
        if base is None:
            ratio = None
            met = value <= target
            shown = f"{value * 1000:.1f} ms"
            goal = f"≤ {target * 1000:.0f} ms"
        else:
            ratio = value / results[base]
            met = ratio <= target
            unit = (
                (lambda v: f"{v / 1024:.0f} MiB")
                if key.startswith("rss")
                else (lambda v: f"{v * 1000:.0f} ms")
            )
            shown = f"{unit(value)} vs {unit(results[base])} = {ratio:.2f}×"
            goal = f"≤ {target}×"
        rows.append({"measure": label, "result": shown, "target": goal, "met": met, "ratio": ratio})
    return rows


def render(rows: list[dict[str, Any]], when: str) -> str:
    lines = [
        f"Measured {when} on {platform.machine()} ({os.cpu_count()} cores), Python {platform.python_version()}.",
        "",
        "| measure | result | target | met |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {r['measure']} | {r['result']} | {r['target']} | {'yes' if r['met'] else 'NO'} |" for r in rows
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="runs per measure (median is reported)")
    args = parser.parse_args()
    _enter_bench_venv()
    results = measure(args.runs)
    rows = table(results)
    when = datetime.now().strftime("%Y-%m-%d")
    text = render(rows, when)
    print(text)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(
        json.dumps({"date": when, "raw": results, "rows": rows}, indent=2) + "\n", encoding="utf-8"
    )
    (RESULTS / "latest.md").write_text(text, encoding="utf-8")
    return 0 if all(r["met"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
