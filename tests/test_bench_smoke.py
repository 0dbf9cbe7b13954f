"""The benchmark runner still runs: a quick `python -m bench.run --only ticket` in a temporary folder gives numbers.

Only that numbers come out is checked, never a threshold: timings on a shared test machine prove nothing, and a
benchmark that silently stopped running would leave docs/benchmarks.md describing code that no longer exists.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_quick_ticket_benchmark_produces_numbers(tmp_path: Path) -> None:
    results = tmp_path / "benchmarks.md"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-m", "bench.run", "--quick", "--only", "ticket", "--out",
                           str(tmp_path / "out"), "--results", str(results)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]

    data = json.loads((tmp_path / "out" / "ledger.json").read_text("utf-8"))
    assert data["quick"] is True
    [ticket] = data["results"]
    assert ticket["key"] == "ticket"
    stats = ticket["data"]["stats_ms"]
    assert stats["n"] == 200
    assert 0 < stats["median"] <= stats["p99"] <= stats["maximum"]
    assert ticket["data"]["synchronous"] == 2  # the numbers are for a durable database, or they mean nothing

    text = results.read_text("utf-8")
    assert text.count("<!-- bench:ledger -->") == 1 and "<!-- /bench:ledger -->" in text
    assert "Recording a paid 5-line ticket" in text and " ms" in text


def test_section_is_replaced_in_place_and_others_are_kept() -> None:
    from bench.common import replace_section

    doc = "# Benchmarks\n\n<!-- bench:ledger -->\nold\n<!-- /bench:ledger -->\n\n<!-- bench:window -->\nw\n" \
          "<!-- /bench:window -->\n"
    new = replace_section(doc, "ledger", "new")
    assert "old" not in new and "<!-- bench:ledger -->\nnew\n<!-- /bench:ledger -->" in new
    assert new.endswith("<!-- bench:window -->\nw\n<!-- /bench:window -->\n")
    assert replace_section(new, "ledger", "new") == new
    added = replace_section("", "closings", "c")
    assert added.startswith("# Benchmarks") and added.rstrip().endswith("<!-- /bench:closings -->")
