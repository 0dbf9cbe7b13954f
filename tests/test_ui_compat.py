"""The guard that keeps a leaky PySide6 build from aborting a long day at the counter."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject

import cafepos.ui  # noqa: F401 - importing the UI package installs the guard
from cafepos.ui.compat import guard_singletons


def test_a_long_day_of_void_calls_and_signals_does_not_abort() -> None:
    probe = QObject()
    for _ in range(50_000):  # far more than None's own count on CPython 3.11 (a few thousand)
        probe.setObjectName("x")
        probe.objectNameChanged.emit("x")
    assert sys.getrefcount(None) > 0 and sys.getrefcount(True) > 0


def test_the_guard_only_acts_when_needed() -> None:
    if sys.version_info >= (3, 12):
        assert guard_singletons() is False
