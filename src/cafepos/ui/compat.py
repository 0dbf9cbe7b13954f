"""Two set-ups PySide6 needs from the counter: a guard for a faulty wheel, and the standard import put back.

A guard against PySide6 6.12.0 on CPython 3.11, which drops references to None and True as it runs.

With that wheel every void Qt call (`setEnabled`, `setText`, `start`...) takes one reference from None, and
every signal emitted takes one from True; a busy counter makes thousands of such calls an hour, and when a
count reaches zero CPython aborts ("none_dealloc", "bool_dealloc"). Python 3.12 made these singletons immortal,
and PySide6 6.11.3 does not have the bug; until the pinned version moves (see the report to the lead), a quick
probe detects the leak and gives None, True and False counts that cannot run out, which is what 3.12 does by
design. Nothing happens on a sound PySide6 or a newer Python.
"""

from __future__ import annotations

import sys

PROBE_CALLS = 64


def qt_leaks_singletons() -> bool:
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(PROBE_CALLS):
        probe.setObjectName("probe")  # a void call
        probe.objectNameChanged.emit("probe")  # a signal
    after = sys.getrefcount(None), sys.getrefcount(True)
    return any(a <= b - PROBE_CALLS // 2 for a, b in zip(after, before, strict=True))


def guard_singletons() -> bool:
    """True when the guard had to act."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not qt_leaks_singletons():
        return False
    import ctypes  # only when the guard has to act: a sound set-up starts without it

    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40
    return True


def plain_imports() -> bool:
    """Takes PySide6's `__feature__` import hook out again; True when it was there.

    Importing PySide6 wraps `builtins.__import__` for `from __feature__ import snake_case, true_property`, which
    the app does not use. After every import the hook reads the new module's whole source (inspect.getsource,
    which also walks sys.modules) to see whether it mentions PySide6: half a millisecond a module, about 10 ms
    at each start for the window's own modules, and again for every screen opened later. The import it wrapped
    (PySide6's own lazy loading of its classes) is kept as `__orig_import__` and is put back as it was.
    """
    import builtins

    feature = getattr(builtins, "__feature_import__", None)
    wrapped = getattr(builtins, "__orig_import__", None)
    if feature is None or wrapped is None or builtins.__import__ is not feature:
        return False
    builtins.__import__ = wrapped
    return True
