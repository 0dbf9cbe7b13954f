"""Runs the benchmarks and writes their section of docs/benchmarks.md: `python -m bench.run [--quick] [--only ...]`.

Only a complete full-size run rewrites docs/benchmarks.md by default: a smoke run (`--quick`) or a partial one
(`--only`) writes to `<out>/benchmarks.md` instead, so the committed numbers always come from one whole run on
one machine. `--results PATH` chooses the file explicitly.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from bench import ledger
from bench.common import (
    DEFAULT_OUT,
    DEFAULT_RESULTS,
    Measurement,
    earlier_full_runs,
    history_text,
    log,
    machine,
    machine_text,
    methods,
    table,
    today,
    write_section,
)


def ledger_section(results: Sequence[Measurement], info: dict[str, str], quick: bool, partial: bool,
                   seconds: float, notes: Sequence[str], runs: Sequence[dict[str, Any]] = ()) -> str:
    kind = "Quick smoke run (small sizes: the numbers are not representative)" if quick else "Full run"
    if partial:
        kind += f", only {', '.join(m.key for m in results)}"
    failed = [m for m in results if m.passed is False]
    verdict = ("Every target is met." if not failed else
               f"{len(failed)} target(s) missed: {', '.join(m.title for m in failed)}. The numbers are reported as "
               f"measured; see below for where the time goes.")
    lines = [
        "## Ledger",
        "",
        f"{kind} of `python -m bench.run`{' --quick' if quick else ''} on {today()}, {seconds / 60:.1f} min in all.",
        "",
        f"Machine: {machine_text(info)}.",
        "",
        table(results),
        "",
        f"{verdict} Targets come from the ledger benchmark issue; PASS/FAIL compares the measured value with the "
        "target as it stands.",
    ]
    if notes:
        lines += ["", *notes]
    lines += history_text(runs)
    lines += ["", "### How each was measured", "", methods(results)]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run (under a minute)")
    parser.add_argument("--only", nargs="+", choices=ledger.NAMES, metavar="NAME",
                        help=f"run only these benchmarks: {', '.join(ledger.NAMES)}")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="folder for the benchmark cafés and the cached long journal (default bench/out)")
    parser.add_argument("--results", type=Path, default=None,
                        help="the Markdown file whose Ledger section is rewritten (default: docs/benchmarks.md for "
                             "a complete full run, <out>/benchmarks.md otherwise)")
    args = parser.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    partial = bool(args.only) and set(args.only) != set(ledger.NAMES)
    results_file: Path = args.results or (DEFAULT_RESULTS if not args.quick and not partial else out / "benchmarks.md")
    info = machine(out)
    started = today()
    start = time.perf_counter()
    try:
        results, ctx = ledger.run(out, args.quick, args.only)
    except ledger.CodeChanged as exc:
        log(f"stopped, nothing written: {exc}")
        return 2
    seconds = time.perf_counter() - start
    runs = earlier_full_runs(out, "ledger", record=not args.quick and not partial,
                             complete=lambda data: not data.get("partial", False)
                             and len(data["results"]) == len(ledger.NAMES))
    write_section(results_file, "ledger",
                  ledger_section(results, info, args.quick, partial, seconds, ctx.notes,
                                 runs if not args.quick and not partial else ()))
    (out / "ledger.json").write_text(json.dumps(
        {"machine": info, "date": started, "quick": args.quick, "partial": partial, "seconds": seconds,
         "results": [asdict(m) for m in results]}, indent=2, ensure_ascii=False), "utf-8")
    log(f"done in {seconds / 60:.1f} min; results in {results_file} and {out / 'ledger.json'}")
    print(table(results))
    return 1 if any(m.result.startswith("ERROR") for m in results) else 0


if __name__ == "__main__":
    sys.exit(main())
