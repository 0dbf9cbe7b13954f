"""Caisse: where the session stands (the X), the float, pay-ins and pay-outs, the drawer, the close (Z), past days.

The screen is thin: the count's logic is in `cash_count`, the close (count, preview, signing) in `close_page`,
and every write goes through the actions helper. A Z is previewed before it is signed; once signed it is handed
to the main window (`z_signed`), which prints it, and can be saved as a PDF in the background.
"""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QStandardPaths, Signal, Slot
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cafepos.bootstrap import Cafe
from cafepos.domain.closing import METHODS, ClosingKind
from cafepos.domain.errors import CafeError
from cafepos.domain.operators import Operator, Right
from cafepos.ui.actions import TABS, TICKETS, TILL
from cafepos.ui.close_page import ClosePage
from cafepos.ui.count_grid import STYLE, AmountTable
from cafepos.ui.float_dialog import FloatPanel, MovementPanel
from cafepos.ui.session import Session
from cafepos.ui.text import _, error_text, fmt, money
from cafepos.ui.ticket_text import method_name
from cafepos.ui.widgets import MessageLine, button


def unclosed_days(cafe: Cafe, today: str) -> list[str]:
    """Business days before `today` with tickets and no Z (this month and the last: older ones block sales)."""
    first = date.fromisoformat(today).replace(day=1)
    found: set[str] = set()
    for month in ((first - timedelta(days=1)).strftime("%Y-%m"), first.strftime("%Y-%m")):
        found.update(cafe.reports.month_report(month).unclosed_days)
    return sorted(d for d in found if d < today)


def _panel() -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("panel")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 12, 14, 12)
    return frame, layout


def _centred(page: QWidget, width: int) -> QWidget:
    """A page of a comfortable width in the middle of a wide screen."""
    page.setMaximumWidth(width)
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(page)
    return holder


def _heading(text: str, name: str = "heading") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


class PdfJob(QObject):
    """Carries the end of a PDF written in a worker thread back to the UI thread (a queued signal)."""

    finished = Signal(object)  # (path, error or None)


class TillScreen(QWidget):
    z_signed = Signal(object)  # the signed daily closing's payload

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.setStyleSheet(STYLE)
        self.session = session
        self.cafe = session.cafe
        self.today = ""
        self._unclosed_list: list[str] = []
        self._drawer_by: Operator | None = None
        self.message = MessageLine()
        self.float_panel = FloatPanel(session)
        self.float_panel.opened.connect(lambda _s: self.back(_("The till is open.")))
        self.float_panel.cancelled.connect(lambda: self.back())
        self.movement = MovementPanel(session)
        self.movement.done.connect(self.back)
        self.movement.cancelled.connect(lambda: self.back())
        self.closing = ClosePage(session)
        self.closing.leave.connect(self.back)
        self.closing.signed.connect(self._signed)
        self.last_z: dict[str, Any] | None = None
        self.pdf_job = PdfJob(self)
        self.pdf_job.finished.connect(self._pdf_done)
        self.pages = QStackedWidget()
        self.overview = self._overview()
        self.float_page, self.movement_page = _centred(self.float_panel, 920), _centred(self.movement, 900)
        for page in (self.overview, self.float_page, self.movement_page, self.closing):
            self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.message)
        layout.addWidget(self.pages, 1)
        session.actions.changed.connect(self._changed)

    # -- the overview (the X) -------------------------------------------------------------------------------------
    def _overview(self) -> QWidget:
        state, left = _panel()
        self.state_heading = _heading("")
        self.state_caption = _heading("", "caption")
        self.expected_cash = _heading("")
        self.expected_cash.setObjectName("expectedCash")
        self.takings = AmountTable([_("Method"), _("This session"), _("Today")], 1)
        self.vat_table = AmountTable([_("VAT rate"), _("Net"), _("VAT"), _("Gross")], 1)
        self.day_total = _heading("", "caption")
        widget: QWidget
        for widget in (self.state_heading, self.state_caption, self.expected_cash, _heading(_("Takings"), "caption"),
                       self.takings, _heading(_("By VAT rate, today"), "caption"), self.vat_table, self.day_total):
            left.addWidget(widget)
        left.addStretch(1)
        left.addWidget(self._signed_box())

        acts, right = _panel()
        self.open_button = button(_("Open the till"), "accent", tip=_("Count the float or take over the one kept"))
        self.pay_in_button = button(_("Pay-in"), tip=_("Money put into the drawer, with its reason (manager)"))
        self.pay_out_button = button(_("Pay-out"), tip=_("Money taken from the drawer, with its reason (manager)"))
        self.drawer_button = button(_("Open the drawer"), tip=_("Open the cash drawer without a sale (manager)"))
        self.x_button = button(_("X report"), "", "Ctrl+X", _("Takings so far; resets nothing"))
        self.close_button = button(_("Close the till (Z)"), "accent", tip=_("Count the drawer and sign the Z"))
        self.open_button.clicked.connect(self.start_open)
        self.pay_in_button.clicked.connect(lambda: self.start_movement("pay_in"))
        self.pay_out_button.clicked.connect(lambda: self.start_movement("pay_out"))
        self.drawer_button.clicked.connect(self.ask_drawer)
        self.x_button.clicked.connect(self.x_report)
        self.close_button.clicked.connect(self.start_close)
        pair = QHBoxLayout()
        pair.addWidget(self.pay_in_button)
        pair.addWidget(self.pay_out_button)
        self.drawer_box = QFrame()
        self.drawer_reason = QLineEdit()
        self.drawer_reason.setObjectName("drawerReason")
        self.drawer_reason.setPlaceholderText(_("Why open the drawer? (change for a note…)"))
        self.drawer_confirm = button(_("Open it now"), "accent", tip=_("Open the drawer (logged)"))
        self.drawer_confirm.clicked.connect(self.open_drawer)
        self.drawer_reason.returnPressed.connect(self.open_drawer)
        box = QHBoxLayout(self.drawer_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.drawer_reason, 1)
        box.addWidget(self.drawer_confirm)
        self.drawer_box.hide()
        self.days = QListWidget()
        self.days.setObjectName("unclosedDays")
        self.days.setMaximumHeight(150)
        self.close_day_button = button(_("Sign the Z of this day"), tip=_("A past day left open: its Z, without a "
                                                                            "cash count (manager)"))
        self.close_day_button.clicked.connect(self.close_day)
        self.days_box = QWidget()
        days = QVBoxLayout(self.days_box)
        days.setContentsMargins(0, 0, 0, 0)
        days.addWidget(_heading(_("Days left open"), "caption"))
        days.addWidget(self.days)
        days.addWidget(self.close_day_button)
        self.month = QLineEdit()
        self.month.setObjectName("closeMonth")
        self.month.setPlaceholderText(_("YYYY-MM"))
        self.close_month_button = button(_("Close the month"), tip=_("Sign the monthly closing (manager)"))
        self.close_month_button.clicked.connect(self.close_month)
        month = QHBoxLayout()
        month.addWidget(self.month, 1)
        month.addWidget(self.close_month_button)
        self.open_button.setProperty("tall", True)
        self.close_button.setProperty("tall", True)
        right.addWidget(self.open_button)
        right.addWidget(self.close_button)
        right.addLayout(pair)
        right.addWidget(self.drawer_button)
        right.addWidget(self.drawer_box)
        right.addWidget(self.x_button)
        right.addSpacing(12)
        right.addWidget(self.days_box)
        right.addStretch(1)
        right.addWidget(_heading(_("Monthly closing"), "caption"))
        right.addLayout(month)
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(state, 3)
        layout.addWidget(acts, 2)
        return page

    def _signed_box(self) -> QFrame:
        self.signed_box = QFrame()
        self.signed_text = _heading("")
        self.pdf_button = button(_("Save as PDF"), tip=_("Save the signed Z as an A4 PDF"))
        self.pdf_button.clicked.connect(self.ask_pdf)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # moving while the PDF is written
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(160)
        self.busy.hide()
        box = QHBoxLayout(self.signed_box)
        box.setContentsMargins(0, 8, 0, 0)
        box.addWidget(self.signed_text, 1)
        box.addWidget(self.busy)
        box.addWidget(self.pdf_button)
        self.signed_box.hide()
        return self.signed_box

    def refresh(self) -> None:
        x = self.cafe.till.x_report()
        self.today = str(x["business_date"])
        s: dict[str, Any] | None = x["session"]
        blind = self.session.settings.blind_count and not self.session.who.may(Right.CLOSE_TILL)
        if s is None:
            self.state_heading.setText(_("The till is closed"))
            kept = self.cafe.till.kept_float()
            self.state_caption.setText(_("Float kept back at the last close: {amount}").format(amount=money(kept)))
            self.expected_cash.setText("")
        else:
            opened = fmt().datetime(datetime.fromisoformat(str(s["opened_at"])))
            self.state_heading.setText(_("The till is open since {moment}").format(moment=opened))
            self.state_caption.setText(_("Float {float} · pay-ins {ins} · pay-outs {outs}").format(
                float=money(s["float_cents"]), ins=money(s["pay_ins_cents"]), outs=money(s["pay_outs_cents"])))
            expected = _("hidden until the drawer is counted") if blind else money(s["expected"]["cash"])
            self.expected_cash.setText(_("Cash expected in the drawer: {amount}").format(amount=expected))
        hidden = {"cash"} if blind else set()  # a blind count: nothing to work the expected cash out from
        self.takings.fill([(method_name(m), "•••" if m in hidden else money(s["takings"].get(m, 0)) if s else "—",
                            "•••" if m in hidden else money(x["payments"].get(m, 0))) for m in METHODS])
        self.vat_table.fill([(fmt().rate(r["rate_bp"]), money(r["ht_cents"]), money(r["vat_cents"]),
                              money(r["ttc_cents"])) for r in x["vat"]])
        self.day_total.setText(_("{count} tickets today, {total} including VAT").format(
            count=x["tickets"], total=money(x["total_cents"])))
        self.open_button.setVisible(s is None)  # the main action is the one the till's state calls for
        self.close_button.setVisible(s is not None)
        self.pay_in_button.setEnabled(s is not None)
        self.pay_out_button.setEnabled(s is not None)
        self._unclosed_list = unclosed_days(self.cafe, self.today)
        self.days.clear()
        self.days.addItems([fmt().long_date(date.fromisoformat(d)) for d in self._unclosed_list])
        self.days_box.setVisible(bool(self._unclosed_list))
        if self.days.count():
            self.days.setCurrentRow(0)
        if not self.month.text().strip():
            self.month.setText((date.fromisoformat(self.today).replace(day=1) - timedelta(days=1)).strftime("%Y-%m"))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.session.operator is not None and self.pages.currentWidget() is self.overview:
            self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving the screen (another section, the counter locked) drops a manager's pending authority."""
        self.movement.by = None
        self._drawer_by = None
        self.drawer_box.hide()
        if self.pages.currentWidget() is self.movement_page:
            self.pages.setCurrentWidget(self.overview)
        super().hideEvent(event)

    def _changed(self, what: str) -> None:
        if what in (TILL, TICKETS, TABS) and self.isVisible() and self.pages.currentWidget() is self.overview:
            self.refresh()

    def back(self, text: str = "") -> None:
        self.pages.setCurrentWidget(self.overview)
        self.refresh()
        if text:
            self.message.info(text)

    def x_report(self) -> None:
        self.back()
        now = fmt().time(self.cafe.journal.clock.now())
        self.message.info(_("X report at {time}: takings so far; nothing is reset.").format(time=now))

    # -- acting ---------------------------------------------------------------------------------------------------
    def start_open(self) -> None:
        self.message.clear_message()
        self.pages.setCurrentWidget(self.float_page)
        self.float_panel.start()

    def start_movement(self, kind: str) -> None:
        def granted(by: Operator) -> None:
            self.message.clear_message()
            self.pages.setCurrentWidget(self.movement_page)
            self.movement.start(kind, by)

        self.session.with_right(Right.CASH_MOVEMENT, _("A pay-in or a pay-out needs a manager."), granted)

    def ask_drawer(self) -> None:
        def granted(by: Operator) -> None:
            self._drawer_by = by
            self.drawer_reason.clear()
            self.drawer_box.show()
            self.drawer_reason.setFocus()

        self.session.with_right(Right.OPEN_DRAWER, _("Opening the drawer needs a manager."), granted)

    def open_drawer(self) -> None:
        by, reason = self._drawer_by, self.drawer_reason.text().strip()
        if by is None:
            return
        if self.session.actions.run_ok(lambda: self.cafe.printing.open_drawer(by, reason), changes=TILL,
                                       sink=self.message.error):
            self._drawer_by = None
            self.drawer_box.hide()
            self.message.info(_("Drawer opened (logged)."))

    def start_close(self) -> None:
        self.message.clear_message()
        if self.closing.start():
            self.pages.setCurrentWidget(self.closing)

    def _signed(self, payload: dict[str, Any]) -> None:
        """After a Z: back to the till with the Z offered as a PDF; the main window prints it."""
        day = fmt().date(date.fromisoformat(str(payload["period"])))
        self.back(_("The Z of {day} is signed.").format(day=day))
        self.last_z = payload
        self.signed_text.setText(_("Z of {day} signed.").format(day=day))
        self.signed_box.show()
        self.z_signed.emit(payload)

    # -- the PDF of a signed Z, written in the background --------------------------------------------------------
    def ask_pdf(self) -> None:
        if self.last_z is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        suggested = str(Path(folder) / f"Z-{self.last_z['period']}.pdf")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the Z as PDF"), suggested, _("PDF files (*.pdf)"))
        if path:
            self.save_pdf(path)

    def save_pdf(self, path: str) -> None:
        payload, cafe, job = self.last_z, self.cafe, self.pdf_job
        if payload is None:
            return

        def work() -> None:
            try:
                from cafepos.adapters.reports import write_z_pdf  # reportlab only when a PDF is asked for

                write_z_pdf(cafe, payload, path)
                job.finished.emit((path, None))
            except (CafeError, OSError) as exc:
                job.finished.emit((path, exc))

        self.pdf_button.setEnabled(False)
        self.busy.show()
        threading.Thread(target=work, name="z-pdf", daemon=True).start()

    @Slot(object)
    def _pdf_done(self, result: tuple[str, Exception | None]) -> None:
        path, error = result
        self.busy.hide()
        self.pdf_button.setEnabled(True)
        if error is None:
            self.message.info(_("The Z is saved in {path}.").format(path=path))
        else:
            self.message.error(error_text(error) if isinstance(error, CafeError) else str(error))

    def close_day(self) -> None:
        row = self.days.currentRow()
        if not 0 <= row < len(self._unclosed_list):
            return
        day = self._unclosed_list[row]

        def granted(by: Operator) -> None:
            closed = self.session.actions.run(lambda: self.cafe.closings.close_day(by, day), changes=TILL,
                                              sink=self.message.error)
            if closed is not None:
                self._signed(closed.payload)

        self.session.with_right(Right.CLOSE_TILL, _("Signing a Z needs a manager."), granted)

    def close_month(self) -> None:
        period = self.month.text().strip()

        def granted(by: Operator) -> None:
            if self.session.actions.run(lambda: self.cafe.closings.close_month(by, period), changes=TILL,
                                        sink=self.message.error) is not None:
                self.back(_("The month {period} is closed.").format(period=period))

        try:
            self.cafe.closings.get(ClosingKind.MONTH, period)
            self.message.error(_("The month {period} is already closed.").format(period=period))
            return
        except CafeError:
            pass
        self.session.with_right(Right.CLOSE_TILL, _("Closing a month needs a manager."), granted)
