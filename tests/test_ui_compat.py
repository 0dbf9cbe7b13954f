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


def test_after_the_ui_package_imports_no_longer_read_each_modules_source(tmp_path, monkeypatch) -> None:
    import builtins
    import importlib
    import inspect

    assert builtins.__import__ is not getattr(builtins, "__feature_import__", None)
    read: list[str] = []
    real = inspect.getsource
    monkeypatch.setattr(inspect, "getsource", lambda obj: read.append(getattr(obj, "__name__", "?")) or real(obj))
    (tmp_path / "cafepos_probe_module.py").write_text("from PySide6.QtWidgets import QLabel\nLABEL = QLabel\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("cafepos_probe_module")
    exec("import cafepos_probe_module as again", {})  # an import statement goes through builtins.__import__
    assert module.LABEL.__name__ == "QLabel"  # PySide6's classes still load on demand
    assert "cafepos_probe_module" not in read


def test_the_import_hook_is_taken_out_only_when_it_is_there(monkeypatch) -> None:
    import builtins

    from cafepos.ui.compat import plain_imports

    assert plain_imports() is False  # already done by the package
    hook = getattr(builtins, "__feature_import__", None)
    if hook is not None:
        monkeypatch.setattr(builtins, "__import__", hook)
        assert plain_imports() is True
        assert builtins.__import__ is builtins.__orig_import__
