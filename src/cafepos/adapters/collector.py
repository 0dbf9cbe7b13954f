"""Python's cycle collector while the counter starts, and the objects start-up leaves behind.

A start makes some sixty thousand objects the collector tracks (modules, classes, Qt's enums, the window's
widgets) and keeps nearly all of them until the app closes. With the collector's usual thresholds, Python walks
them again and again while they are made (some 80 collections, about 20 ms of a 0.4 s start on the counter's
machine), and every later full collection walks them once more. So the collector is held back while the start
imports and builds (`hold`), and once the window shows, what the start made is set aside for good (`gc.freeze`)
and the usual thresholds come back (`release`). Objects freed by their reference count are freed as always;
only garbage cycles wait, and at most until the window shows.

`release` is idempotent and does nothing if nothing was held (tests that build windows without the command).
"""

from __future__ import annotations

import gc

HELD_THRESHOLD = 100_000  # allocations between young collections while held (Python's own: 700)

_usual: tuple[int, ...] | None = None  # the thresholds to give back; None: not held


def hold() -> None:
    global _usual
    if _usual is None:
        _usual = gc.get_threshold()
        gc.set_threshold(HELD_THRESHOLD, *_usual[1:])


def release() -> None:
    global _usual
    if _usual is not None:
        gc.freeze()  # start-up's objects live as long as the app: later collections need not walk them
        gc.set_threshold(*_usual)
        _usual = None


def held() -> bool:
    return _usual is not None
