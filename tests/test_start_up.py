"""A start of the counter: what it sets up before the sale screen paints, and what it leaves for later.

The start is run in a fresh Python, as the `cafepos` command runs it: what one test imported must not hide what
another start would import.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cafepos.adapters import collector

# Modules a start has no use for, each set up when first needed (a Z, an archive, a catalogue file, a PIN set,
# statements, receipts, the migrations; the demo café has no printer set up); each cost a start milliseconds.
NOT_AT_START = ("cafepos.domain.z_text", "cafepos.adapters.z_paper", "cafepos.services.closings",
                "cafepos.services.archive", "cafepos.services.reports", "cafepos.services.statements",
                "cafepos.adapters.archive_zip", "csv", "secrets", "uuid", "importlib.resources", "escpos",
                "reportlab", "alembic", "sqlalchemy", "cafepos.services.printing", "cafepos.domain.receipt",
                "cafepos.adapters.receipt_printer")

START = r"""
import gc, json, sys
usual = gc.get_threshold()
import cafepos.cli.main  # what the `cafepos` command imports first
from cafepos.adapters import collector
from PySide6.QtWidgets import QApplication
from cafepos.bootstrap import open_cafe

held = {"threshold": gc.get_threshold(), "held": collector.held()}
app = QApplication([])
cafe = open_cafe(sys.argv[1], anchor_in_background=True)
from cafepos.ui.main_window import MainWindow

from PySide6.QtCore import QEvent, QObject

window = MainWindow(cafe)
painted = []


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not painted:
            painted.append(sorted(sys.modules))  # what the start imported before the sale screen's first paint
        return False


first_paint = FirstPaint()
window.sale.grid.view.viewport().installEventFilter(first_paint)
before_show = collector.held()
window.show()
window.login(cafe.users.acting("Paul"))
for _ in range(20):
    app.processEvents()
print(json.dumps({"usual": usual, "held": held, "before_show": before_show, "after_show": collector.held(),
                  "threshold": gc.get_threshold(), "frozen": gc.get_freeze_count(),
                  "modules": painted[0] if painted else []}))
window.close()
cafe.close()
"""


@pytest.fixture(scope="module")
def start(demo_template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    import shutil

    root = tmp_path_factory.mktemp("start")
    shutil.copytree(demo_template / "config", root / "config")
    shutil.copy(demo_template / "cafe.sqlite", root / "cafe.sqlite")
    env = dict(os.environ, CAFEPOS_CONFIG_DIR=str(root / "config"), CAFEPOS_DATA_DIR=str(root / "data"),
               QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", START, str(root / "cafe.sqlite")], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    found: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_the_collector_is_held_while_the_counter_starts_and_given_back_when_the_window_shows(start) -> None:
    usual = start["usual"]
    assert isinstance(usual, list) and usual[0] < collector.HELD_THRESHOLD
    assert start["held"] == {"threshold": [collector.HELD_THRESHOLD, *usual[1:]], "held": True}
    assert start["before_show"] is True
    assert start["after_show"] is False
    assert start["threshold"] == usual
    assert isinstance(start["frozen"], int) and start["frozen"] > 10_000  # the start's objects, set aside


def test_a_start_leaves_what_it_does_not_need_unimported(start) -> None:
    """Imported by the time the shelf first paints (the payment page is made just after, receipts' words with
    it)."""
    modules = set(start["modules"])  # type: ignore[call-overload]
    assert "cafepos.ui.sale_screen" in modules  # the shelf did paint
    assert [name for name in NOT_AT_START if name in modules] == []


def test_hold_and_release(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(collector, "_usual", None)
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    try:
        collector.release()  # nothing held: nothing done
        assert gc.get_threshold() == before and gc.get_freeze_count() == frozen
        collector.hold()
        collector.hold()  # twice: the usual thresholds are still the ones given back
        assert collector.held()
        assert gc.get_threshold() == (collector.HELD_THRESHOLD, *before[1:])
        kept = [[n] for n in range(3)]  # noqa: F841 - objects the collector tracks, made while held
        collector.release()
        assert not collector.held()
        assert gc.get_threshold() == before
        assert gc.get_freeze_count() > frozen
        collector.release()
        assert gc.get_threshold() == before
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
