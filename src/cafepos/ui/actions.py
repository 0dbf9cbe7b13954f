"""The one door every write from the screens goes through (Anki's pattern).

It runs the service call, turns a refusal into one calm sentence where the user acted, and only then announces
what changed, so each screen decides for itself whether to refresh. Bugs are not caught here: they reach the
global handler, which logs them (the ledger is safe, every use case is one transaction).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal

from cafepos.domain.errors import CafeError
from cafepos.ui.text import error_text

T = TypeVar("T")
Sink = Callable[[str], None]

# What changed, announced after a successful write.
TICKETS = "tickets"
TABS = "tabs"
CATALOGUE = "catalogue"
SETTINGS = "settings"
OPERATORS = "operators"
EVENTS = "events"
TILL = "till"  # a till write: opening, pay-in or pay-out, closing


class Actions(QObject):
    changed = Signal(str)

    def __init__(self, fallback: Sink | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fallback: Sink = fallback or (lambda _text: None)

    def run(self, work: Callable[[], T], *, changes: str | None = None, sink: Sink | None = None) -> T | None:
        """The result of `work`, or None after showing why it was refused (nothing was written then)."""
        try:
            result = work()
        except CafeError as exc:
            (sink or self.fallback)(error_text(exc))
            return None
        if changes:
            self.changed.emit(changes)
        return result

    def run_ok(self, work: Callable[[], object], *, changes: str | None = None, sink: Sink | None = None) -> bool:
        """For writes that return nothing: True when done."""
        done = self.run(lambda: (work(), True)[1], changes=changes, sink=sink)
        return bool(done)
