"""Receipts: built from the signed ticket by the one layout function, printed after the sale is committed.

A printer that is offline or out of paper never costs a sale: the receipt waits in a queue kept in the database
(the ticket number and, for a reprint, its duplicate number), and printing it later still gives the original.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from cafepos import SOFTWARE_NAME
from cafepos.domain.calendar import iso_second
from cafepos.domain.errors import N_, CafeError, Refused
from cafepos.domain.operators import Operator, Right
from cafepos.domain.receipt import Receipt, ReceiptFormat, ReceiptLabels, ReceiptLine, Style, layout
from cafepos.services.journal import Journal
from cafepos.services.ports import PrintJobRow
from cafepos.services.sales import Duplicate, SalesService, SignedTicket
from cafepos.services.settings import Settings


class ReceiptPrinter(Protocol):
    """A receipt printer reached through its URI; raises a CafeError saying what is wrong when it cannot print."""

    def print(self, receipt: Receipt, width: int, drawer: bool) -> None: ...
    def open_drawer(self) -> None: ...


@dataclass(frozen=True)
class Outcome:
    printed: bool
    message: CafeError | None = None  # why it waits in the queue


@dataclass
class PrintService:
    journal: Journal
    sales: SalesService
    printer_for: Callable[[str], ReceiptPrinter]      # URI -> printer
    format_for: Callable[[str], ReceiptFormat]        # language -> formatter (plain spaces)
    labels_for: Callable[[str], ReceiptLabels]        # language -> words on the receipt

    def receipt(self, ticket: SignedTicket, duplicate: Duplicate | None = None) -> Receipt:
        settings = self.journal_settings()
        return layout(ticket.payload, width=settings.printer_width, fmt=self.format_for(settings.language),
                      signature=ticket.record.signature, software=SOFTWARE_NAME,
                      duplicate_no=duplicate.duplicate_no if duplicate else None,
                      duplicate_time=duplicate.timestamp if duplicate else None,
                      header=settings.receipt_header, footer=settings.receipt_footer,
                      labels=self.labels_for(settings.language), logo=settings.receipt_logo or None)

    def journal_settings(self) -> Settings:
        with self.journal.ledger.read() as store:
            return Settings.from_rows(store.settings())

    def after_sale(self, ticket: SignedTicket, print_requested: bool) -> Outcome:
        """Called once the sale is on disk: prints if asked, and opens the drawer for cash."""
        cash = any(p["method"] == "cash" and p["amount_cents"] > 0 for p in ticket.payload["payments"])
        settings = self.journal_settings()
        if not settings.printer_uri:
            if print_requested:
                return Outcome(False, Refused(N_("No receipt printer is set up (Settings → Printer).")))
            return Outcome(True)
        printer = self.printer_for(settings.printer_uri)
        if not print_requested:
            if cash:
                try:
                    printer.open_drawer()
                except CafeError as exc:
                    return Outcome(False, exc)
            return Outcome(True)
        return self._print_or_queue(printer, settings, ticket, None, drawer=cash)

    def print_duplicate(self, duplicate: Duplicate) -> Outcome:
        settings = self.journal_settings()
        if not settings.printer_uri:
            return Outcome(False, Refused(N_("No receipt printer is set up (Settings → Printer).")))
        return self._print_or_queue(self.printer_for(settings.printer_uri), settings, duplicate.ticket, duplicate,
                                    drawer=False)

    def _print_or_queue(self, printer: ReceiptPrinter, settings: Settings, ticket: SignedTicket,
                        duplicate: Duplicate | None, drawer: bool) -> Outcome:
        try:
            printer.print(self.receipt(ticket, duplicate), settings.printer_width, drawer)
        except CafeError as exc:
            with self.journal.ledger.write() as store:
                store.add_print_job(settings.till, ticket.number, duplicate.duplicate_no if duplicate else None,
                                    iso_second(self.journal.clock.now()), exc.msgid.format(**exc.params))
            return Outcome(False, exc)
        return Outcome(True)

    def pending(self) -> list[PrintJobRow]:
        with self.journal.ledger.read() as store:
            return store.print_jobs()

    def retry(self) -> tuple[int, CafeError | None]:
        """Prints what waits, oldest first; stops at the first failure (the printer is still not ready)."""
        settings = self.journal_settings()
        if not settings.printer_uri:
            return 0, Refused(N_("No receipt printer is set up (Settings → Printer)."))
        printer = self.printer_for(settings.printer_uri)
        printed = 0
        for job in self.pending():
            ticket = self.sales.ticket(job.number, job.till)
            duplicate = None
            if job.duplicate_no is not None:
                duplicate = Duplicate(ticket, job.duplicate_no, job.created, "")
            try:
                printer.print(self.receipt(ticket, duplicate), settings.printer_width, False)
            except CafeError as exc:
                with self.journal.ledger.write() as store:
                    store.print_job_failed(job.id, exc.msgid.format(**exc.params))
                return printed, exc
            with self.journal.ledger.write() as store:
                store.delete_print_job(job.id)
            printed += 1
        return printed, None

    def test_print(self, operator: Operator, uri: str | None = None) -> None:
        """A short page proving the printer, the code page (€, accents) and the cut work."""
        operator.require(Right.EDIT_SETTINGS)
        settings = self.journal_settings()
        target = uri or settings.printer_uri
        if not target:
            raise Refused(N_("No receipt printer is set up (Settings → Printer)."))
        fmt = self.format_for(settings.language)

        lines = [ReceiptLine(settings.cafe_name.upper(), Style.BOLD | Style.CENTER),
                 ReceiptLine("Test d'impression / printer test", Style.CENTER),
                 ReceiptLine("€ é è à ç ù ô ï É À Ç", Style.CENTER),
                 ReceiptLine(fmt.money(123456), Style.CENTER),
                 ReceiptLine("-" * settings.printer_width)]
        self.printer_for(target).print(Receipt(lines=lines), settings.printer_width, False)

    def print_lines(self, lines: list[str]) -> None:
        """A report (the Z, a deposit sheet) on the receipt printer: plain lines, cut at the end."""
        settings = self.journal_settings()
        if not settings.printer_uri:
            raise Refused(N_("No receipt printer is set up (Settings → Printer)."))
        receipt = Receipt(lines=[ReceiptLine(line) for line in lines])
        self.printer_for(settings.printer_uri).print(receipt, settings.printer_width, False)

    def open_drawer(self, operator: Operator, reason: str = "") -> None:
        """The manager's "open drawer" button: logged as an event (drawer opened without a sale)."""
        self.sales.open_drawer(operator, reason)
        settings = self.journal_settings()
        if settings.printer_uri:
            self.printer_for(settings.printer_uri).open_drawer()
