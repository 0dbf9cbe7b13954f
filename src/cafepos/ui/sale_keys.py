"""The sale screen's keyboard: digits, Enter, Esc, +/− and the barcode scanner, wherever the focus is.

A scanner types into whatever has the focus. Keys that the focused widget does not use (a tile, a button, a
ticket line) travel up to the sale screen, which hands them here; the search field keeps what people type, but
a scanner's burst that lands there is taken back out and looked up as a barcode. Nothing watches the whole
application: an application-wide filter would run Python for every paint and layout event of the counter.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from cafepos.ui.keyentry import SCAN_GAP_S, Code, KeyEntry

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
TEXT_INPUTS = (QLineEdit, QComboBox, QPlainTextEdit, QTextEdit, QAbstractSpinBox)


def for_the_counter(event: QKeyEvent) -> bool:
    """Keys a list or a button must leave to the sale screen (digits, letters, Enter, Esc, +/−), rather than use
    for its own type-ahead search."""
    mods = event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier)
    if mods:
        return False
    text = event.text()
    return (event.key() in (*ENTER_KEYS, Qt.Key.Key_Escape, Qt.Key.Key_Backspace)
            or (len(text) == 1 and (text.isalnum() or text in "+-")))


class SaleKeysTarget(Protocol):
    """What the sale screen offers the keyboard."""

    search: QLineEdit

    def pay(self) -> None: ...
    def code_entered(self, code: Code) -> None: ...
    def search_entered(self) -> None: ...
    def entry_changed(self, text: str) -> None: ...
    def escape(self) -> None: ...
    def step_line(self, step: int) -> None: ...


class SaleKeys(QObject):
    def __init__(self, screen: QWidget, target: SaleKeysTarget, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(screen)
        self.screen, self.target, self.clock = screen, target, clock
        self.entry = KeyEntry()
        self.search_keys = KeyEntry()

    def _now(self, event: QKeyEvent) -> float:
        # The event's own time (ms) is when the key was hit, not when a busy screen got round to it.
        stamp = event.timestamp()
        return stamp / 1000 if stamp else self.clock()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Installed on the search field only."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._search_key(event)
        return False

    def key(self, event: QKeyEvent) -> bool:
        """A key nobody below the sale screen used; True when it meant something here."""
        focus = self.screen.window().focusWidget()  # this window's, whether or not it is the active one
        if isinstance(focus, TEXT_INPUTS) and focus is not self.target.search:
            return False  # Enter in a form field is that field's, never "pay"
        return self._key(event)

    def _key(self, event: QKeyEvent) -> bool:
        key, text = event.key(), event.text()
        mods = event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier)
        if mods:
            return False
        now = self._now(event)
        if key in ENTER_KEYS:
            code = self.entry.enter(now)
            self.target.entry_changed("")
            if code is None:
                self.target.pay()
            else:
                self.target.code_entered(code)
            return True
        if key == Qt.Key.Key_Escape:
            if self.entry.text:
                self.entry.clear()
                self.target.entry_changed("")
            else:
                self.target.escape()
            return True
        if key == Qt.Key.Key_Backspace and self.entry.text:
            self.entry.backspace()
            self.target.entry_changed(self.entry.text)
            return True
        if text in ("+", "-") and not self.entry.text:
            self.target.step_line(1 if text == "+" else -1)
            return True
        if len(text) != 1 or not text.isalnum():
            return False
        in_burst = bool(self.entry.keys) and now - self.entry.keys[-1][1] <= SCAN_GAP_S
        if text.isdigit() or in_burst:
            self.entry.type(text, now)
            self.target.entry_changed(self.entry.text)
            return True
        # A letter typed by a person starts a search.
        self.target.search.setFocus()
        self.target.search.insert(text)
        self.search_keys.clear()
        self.search_keys.type(text, now)
        return True

    def _search_key(self, event: QKeyEvent) -> bool:
        key, text = event.key(), event.text()
        now = self._now(event)
        if key in ENTER_KEYS:
            run = self.search_keys.burst(now)
            self.search_keys.clear()
            current = self.target.search.text()
            if run and current.endswith(run):
                self.target.search.setText(current[: len(current) - len(run)])
                self.target.code_entered(Code(run, 1, True))
            else:
                self.target.search_entered()
            return True
        if key == Qt.Key.Key_Escape:
            self.search_keys.clear()
            self.target.search.clear()
            self.target.escape()
            return True
        if key == Qt.Key.Key_Backspace:
            self.search_keys.backspace()
        elif len(text) == 1 and text.isprintable():
            self.search_keys.type(text, now)
        return False

    def clear(self) -> None:
        self.entry.clear()
        self.search_keys.clear()
        self.target.entry_changed("")
