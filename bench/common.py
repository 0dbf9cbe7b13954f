"""What every benchmark runner shares: robust statistics, private café folders, the machine, the results file.

The machines these run on are noisy (shared, two cores), so runners report medians, high percentiles and ratios
between runs made side by side, never a single timing; the machine is written next to the numbers because a
disk flush costs ten times more on one disk than on another.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "bench" / "out"  # git-ignored: benchmark cafés and the cached 5-year journal live here
DEFAULT_RESULTS = REPO / "docs" / "benchmarks.md"

RESULTS_HEADER = """# Benchmarks

Measured by the runners in `bench/` (`make bench`, or `python -m bench.run [--quick] [--only NAME ...]`).
Each section below belongs to one runner, which rewrites it in place between its `<!-- bench:NAME -->` and
`<!-- /bench:NAME -->` markers and leaves the other sections alone. Timings are medians and percentiles from
shared, noisy machines: compare ratios and orders of magnitude, not the last digit.
"""


# -- statistics ----------------------------------------------------------------------------------------------
def percentile(samples: Sequence[float], q: float) -> float:
    """Nearest-rank percentile: a value that was actually observed, never an interpolation between two."""
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class Stats:
    """A summary of timings in seconds; the median resists the noise of a shared machine, p99 shows the tail."""

    n: int
    median: float
    p99: float
    mean: float
    minimum: float
    maximum: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Stats:
        return cls(len(samples), statistics.median(samples), percentile(samples, 99), statistics.fmean(samples),
                   min(samples), max(samples))

    def as_ms(self) -> dict[str, float]:
        return {k: (v * 1000 if isinstance(v, float) else v) for k, v in asdict(self).items()}


def ms(seconds: float) -> str:
    """Milliseconds with the digits a noisy machine can support."""
    value = seconds * 1000
    return f"{value:.3f} ms" if value < 1 else f"{value:.2f} ms" if value < 100 else f"{value:.0f} ms"


def mb(size: float) -> str:
    return f"{size / 1_000_000:.2f} MB"


def thousands(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


# -- measurements and their report --------------------------------------------------------------------------
@dataclass
class Measurement:
    """One line of the results table: the result, its target, and whether it was met (None: informational)."""

    key: str
    title: str
    result: str
    target: str
    passed: bool | None
    method: str
    details: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        return "info" if self.passed is None else "PASS" if self.passed else "**FAIL**"


def table(measurements: Sequence[Measurement]) -> str:
    rows = ["| # | Measurement | Result | Target | Verdict |", "|---|---|---|---|---|"]
    for i, m in enumerate(measurements, 1):
        rows.append(f"| {i} | {m.title} | {m.result} | {m.target} | {m.verdict} |")
    return "\n".join(rows)


def methods(measurements: Sequence[Measurement]) -> str:
    parts = []
    for i, m in enumerate(measurements, 1):
        text = f"{i}. **{m.title}.** {m.method}"
        for line in m.details:
            text += f"\n   - {line}"
        parts.append(text)
    return "\n".join(parts)


def replace_section(document: str, name: str, body: str) -> str:
    """Puts `body` between this runner's markers, in place if they exist, else at the end; other runners' sections
    (the counter window, closings...) are left byte for byte as they were."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{body.strip()}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(document):
        return pattern.sub(lambda _m: block, document, count=1)
    if not document.strip():
        document = RESULTS_HEADER
    return document.rstrip("\n") + "\n\n" + block + "\n"


def write_section(path: Path, name: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.read_text("utf-8") if path.exists() else ""
    path.write_text(replace_section(old, name, body), "utf-8")


# -- the machine ------------------------------------------------------------------------------------------
def _first(path: str, key: str) -> str | None:
    try:
        for line in Path(path).read_text("utf-8", errors="replace").splitlines():
            name, _, value = line.partition(":" if path.startswith("/proc") else "=")
            if name.strip() == key:
                return value.strip().strip('"')
    except OSError:
        return None
    return None


def filesystem_of(path: Path) -> str:
    """The file system type under `path` (ext4, tmpfs...): a flush on tmpfs costs nothing, so it must be said."""
    best, kind = "", "unknown"
    try:
        target = str(path.resolve())
        for line in Path("/proc/mounts").read_text().splitlines():
            parts = line.split()
            if len(parts) >= 3 and (target == parts[1] or target.startswith(parts[1].rstrip("/") + "/")) \
                    and len(parts[1]) > len(best):
                best, kind = parts[1], parts[2]
    except OSError:
        pass
    return kind


def git_revision() -> str:
    try:
        out = subprocess.run(["git", "describe", "--always", "--dirty", "--abbrev=10"], cwd=REPO, text=True,
                             capture_output=True, timeout=10)
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def machine(where: Path) -> dict[str, str]:
    mem_kb = _first("/proc/meminfo", "MemTotal") or ""
    ram = f"{int(mem_kb.split()[0]) / 1024 / 1024:.1f} GiB" if mem_kb else "unknown"
    try:
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    return {
        "cpu": _first("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": str(os.cpu_count() or "unknown"),
        "ram": ram,
        "os": (_first("/etc/os-release", "PRETTY_NAME") or platform.system()) + f" (kernel {platform.release()})",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "filesystem": f"{filesystem_of(where)} (benchmark cafés in {where})",
        "load": load,
        "revision": git_revision(),
    }


def machine_text(info: Mapping[str, str]) -> str:
    return (f"{info['cpu']}, {info['cores']} cores, {info['ram']} RAM; {info['os']}; Python {info['python']}, "
            f"SQLite {info['sqlite']}; file system {info['filesystem']}; load average before the run "
            f"{info['load']}; code at `{info['revision']}`")


def today() -> str:
    return dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")


# -- private café folders ----------------------------------------------------------------------------------
def cafe_env(folder: Path, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a subprocess working on the café in `folder`: its own key, anchor, logs and backups.

    A café's signing key and anchor are found through these variables, so two benchmark cafés sharing them
    would overwrite each other's anchor and fail their checks.
    """
    env = dict(os.environ if base is None else base)
    env["CAFEPOS_CONFIG_DIR"] = str(folder / "config")
    env["CAFEPOS_DATA_DIR"] = str(folder / "data")
    env.pop("CAFEPOS_DB", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


@contextmanager
def cafe_dirs(folder: Path) -> Iterator[None]:
    """The same as `cafe_env` for code running in this process; the previous values come back afterwards."""
    keys = ("CAFEPOS_CONFIG_DIR", "CAFEPOS_DATA_DIR", "CAFEPOS_DB")
    old = {k: os.environ.get(k) for k in keys}
    os.environ["CAFEPOS_CONFIG_DIR"] = str(folder / "config")
    os.environ["CAFEPOS_DATA_DIR"] = str(folder / "data")
    os.environ.pop("CAFEPOS_DB", None)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def clone_cafe(source: Path, target: Path) -> Path:
    """A private copy of a benchmark café (database, key, anchor), so each measurement starts from the same state."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.lock"))
    return target / "cafe.sqlite"


def run_python(args: Sequence[str], env: Mapping[str, str], timeout: float = 3600,
               prefix: Sequence[str] = ()) -> tuple[str, float]:
    """Runs this Python (optionally under `prefix`, e.g. strace) and returns its stdout and wall time in seconds."""
    start = time.perf_counter()
    proc = subprocess.run([*prefix, sys.executable, *args], env=dict(env), cwd=REPO, text=True,
                          capture_output=True, timeout=timeout)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        what = "python -c SCRIPT" if args and args[0] == "-c" else "python " + " ".join(args[:4])
        raise RuntimeError(f"{what} failed with code {proc.returncode}:\n{proc.stderr[-3000:]}")
    return proc.stdout, wall


def log(message: str) -> None:
    """Progress on stderr, so a long full run shows what it is doing without mixing into the summary."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def load_note(started_at: float) -> str:
    """The machine's load around a measurement: a shared 2-core machine moves numbers, the reader should know."""
    return (f"machine load (1-min average) {started_at:.2f} when it started, {os.getloadavg()[0]:.2f} "
            f"when it ended, on {os.cpu_count()} cores")


def run_steps(steps: Sequence[tuple[str, Callable[[], list[Measurement]]]]) -> list[Measurement]:
    """Runs each named step, notes the machine's load on its measurements and logs its verdicts."""
    results: list[Measurement] = []
    for name, step in steps:
        start = time.perf_counter()
        load = os.getloadavg()[0]
        measured = step()
        for m in measured:
            m.details.append(load_note(load))
        results.extend(measured)
        log(f"{name} done in {time.perf_counter() - start:.0f} s: " + "; ".join(
            f"{m.result} [{m.verdict}]" for m in measured))
    return results


def history_text(runs: Sequence[dict[str, Any]], keep: int = 5) -> list[str]:
    if not runs:
        return []
    lines = ["", f"Earlier complete full runs on this machine (the last {min(keep, len(runs))}; the machine is shared, "
             "so these show how much a result moves from one run to the next):", ""]
    for run in runs[-keep:]:
        parts = [f"{result} ({'info' if passed is None else 'PASS' if passed else 'FAIL'})"
                 for _title, result, passed in run["results"]]
        numbered = "; ".join(f"{i}. {part}" for i, part in enumerate(parts, 1))
        lines.append(f"- {run['date']}, code `{run.get('revision', '?')}` ({run['minutes']} min): {numbered}")
    return lines


def earlier_full_runs(out: Path, name: str, record: bool = True,
                      complete: Callable[[dict[str, Any]], bool] = lambda data: True) -> list[dict[str, Any]]:
    """A runner's previous full runs on this machine, newest last. Its last `NAME.json`, if it was a complete
    full run, is moved into `history.jsonl` before the new run overwrites it (`record=False`: only read), so a
    result that passes once among failures (or fails once among passes) is seen among the others."""
    history = out / "history.jsonl"
    runs = [json.loads(line) for line in history.read_text("utf-8").splitlines() if line.strip()] \
        if history.exists() else []
    previous = out / f"{name}.json"
    if record and previous.exists():
        data = json.loads(previous.read_text("utf-8"))
        if not data.get("quick") and complete(data):
            date = data.get("date") or dt.datetime.fromtimestamp(previous.stat().st_mtime).astimezone().strftime(
                "%Y-%m-%d %H:%M %Z")
            entry = {"date": date, "revision": data["machine"].get("revision", "?"),
                     "minutes": round(data["seconds"] / 60, 1),
                     "results": [[m["title"], m["result"], m["passed"]] for m in data["results"]]}
            # Two runs may share a minute; the same run is never recorded twice (one stopped before it wrote).
            if not any(r["date"] == entry["date"] and r["results"] == entry["results"] for r in runs):
                runs.append(entry)
                with history.open("a", encoding="utf-8") as fh:
                    fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return runs
