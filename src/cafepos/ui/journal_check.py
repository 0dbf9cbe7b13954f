"""The full journal check after start-up, off the UI thread: with years of history it takes seconds, which the
counter must never wait for. Start-up itself only checks the anchor against the chain heads."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from cafepos.bootstrap import Cafe


class JournalCheck(QObject):
    failed = Signal(list)  # the Problems found (services.audit), delivered in the UI thread

    def __init__(self, cafe: Cafe, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cafe = cafe
        self._worker: threading.Thread | None = None

    def start(self) -> None:
        if self._worker is not None:
            return
        self._worker = threading.Thread(target=self._run, name="journal-check", daemon=True)
        self._worker.start()

    def _run(self) -> None:
        try:
            report = self.cafe.verify()
        except Exception:  # the database closed under us (the app is quitting): nothing to report
            return
        if not report.ok:
            self.failed.emit(report.problems[:50])
