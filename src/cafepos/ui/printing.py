"""Printing from the counter without ever blocking it: one worker thread, results back as Qt signals.

The sale is already on disk when a job is queued here; a printer that is off, out of paper or gone only turns
the printer light amber and leaves the receipt in the ledger's queue for a later retry (still the original).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from cafepos.bootstrap import Cafe
from cafepos.domain.errors import CafeError
from cafepos.services.sales import Duplicate, SignedTicket
from cafepos.ui.text import _, error_text

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor


class CounterPrinter(QObject):
    """Runs printer work off the UI thread, one job at a time (the printer is one device)."""

    finished = Signal(object)  # a Report, delivered in the UI thread

    def __init__(self, cafe: Cafe, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cafe = cafe
        self._pool: ThreadPoolExecutor | None = None  # started with the first job: many days print nothing

    @property
    def pool(self) -> ThreadPoolExecutor:
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="printer")
        return self._pool

    def _submit(self, what: str, work: Callable[[], Any]) -> Future[Any]:
        def run() -> dict[str, Any]:
            try:
                return {"what": what, "result": work(), "error": None}
            except CafeError as exc:
                return {"what": what, "result": None, "error": exc}
            except Exception as exc:  # a driver's own exception: the sale is safe, say so calmly
                return {"what": what, "result": None, "error": exc}

        future = self.pool.submit(run)
        future.add_done_callback(lambda f: self.finished.emit(f.result()))
        return future

    def after_sale(self, ticket: SignedTicket, print_requested: bool) -> Future[Any]:
        return self._submit("sale", lambda: self.cafe.printing.after_sale(ticket, print_requested))

    def duplicate(self, dup: Duplicate) -> Future[Any]:
        return self._submit("duplicate", lambda: self.cafe.printing.print_duplicate(dup))

    def retry(self) -> Future[Any]:
        return self._submit("retry", self.cafe.printing.retry)

    def test_page(self, operator: Any) -> Future[Any]:
        return self._submit("test", lambda: self.cafe.printing.test_print(operator))

    def lines(self, lines: list[str]) -> Future[Any]:
        return self._submit("report", lambda: self.cafe.printing.print_lines(lines))

    def pending(self) -> int:
        return len(self.cafe.printing.pending())

    def shutdown(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=False)


def describe(report: dict[str, Any]) -> tuple[str, str]:
    """(printer state, message) for the top bar and the message line."""
    from cafepos.services.printing import Outcome  # receipts' modules: set up at the first print, not at start

    error = report["error"]
    result = report["result"]
    if isinstance(result, Outcome) and not result.printed:
        error = result.message
    if isinstance(result, tuple):  # retry: (printed, error)
        printed, error = result
        if error is None:
            return "ready", _("{count} waiting receipts printed.").format(count=printed)
    if error is None:
        return "ready", ""
    reason = error_text(error) if isinstance(error, CafeError) else str(error)
    if report["what"] in ("sale", "duplicate"):
        return "queue", _("The sale is recorded; the receipt waits to be printed: {reason}").format(reason=reason)
    return "error", reason
