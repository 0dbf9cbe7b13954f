"""Historique: find a ticket by number, day or amount, read it exactly as signed, reprint or cancel it.

A reprint is a signed "DUPLICATA n°k" event and a cancellation a new ticket with negative amounts; neither
touches the original. Both are handed to the main window, which owns printing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cafepos.domain.errors import CafeError
from cafepos.domain.money import parse_amount
from cafepos.domain.operators import Operator, Right
from cafepos.domain.ticket import ticket_label
from cafepos.services.sales import SignedTicket
from cafepos.ui import theme
from cafepos.ui.actions import EVENTS, TICKETS
from cafepos.ui.session import Session
from cafepos.ui.text import _, error_text, fmt, money
from cafepos.ui.ticket_text import receipt_text
from cafepos.ui.widgets import ListTableModel, MessageLine, button, with_key

Index = QModelIndex | QPersistentModelIndex
SortRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class HistoryRow:
    number: int
    label: str
    timestamp: str
    operator: str
    cancellation: bool
    total_cents: int


class TicketsModel(ListTableModel[HistoryRow]):
    columns = 5

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r, col = self.rows[index.row()], index.column()
        if role == SortRole:
            return (r.number, r.timestamp, r.operator, r.cancellation, r.total_cents)[col]
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return r.label
            if col == 1:
                return fmt().datetime(datetime.fromisoformat(r.timestamp))
            if col == 2:
                return r.operator
            if col == 3:
                return _("Cancellation") if r.cancellation else _("Sale")
            return money(r.total_cents)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 4:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (_("Ticket"), _("Date and time"), _("Operator"), _("Type"), _("Total"))[section]
        return None


class HistoryScreen(QWidget):
    ticket_signed = Signal(object, bool)  # a cancellation ticket, print requested
    duplicate_made = Signal(object)  # Duplicate

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.session = session
        self.cafe = session.cafe
        self.current: SignedTicket | None = None
        self._cancel_by: Operator | None = None
        self.model = TicketsModel()
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SortRole)

        self.number = QLineEdit()
        self.number.setObjectName("findNumber")
        self.number.setPlaceholderText(_("Ticket number"))
        self.use_date = QCheckBox(_("Day"))
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.use_date.toggled.connect(self.date.setEnabled)
        self.date.setEnabled(False)
        self.amount = QLineEdit()
        self.amount.setObjectName("findAmount")
        self.amount.setPlaceholderText(_("Amount"))
        find = button(_("Find"), "accent", tip=_("Find the tickets"))
        find.setToolTip(with_key(_("Find the tickets"), _("Enter")))
        find.clicked.connect(self.find_tickets)
        for field in (self.number, self.amount):
            field.returnPressed.connect(self.find_tickets)
        search = QHBoxLayout()
        for w, stretch in ((self.number, 2), (self.use_date, 0), (self.date, 2), (self.amount, 2), (find, 0)):
            search.addWidget(w, stretch)

        self.table = QTableView()
        self.table.setObjectName("history")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(48)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._selected(cur))
        self.message = MessageLine()
        left = QVBoxLayout()
        left.addLayout(search)
        left.addWidget(self.message)
        left.addWidget(self.table, 1)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(12)
        layout.addLayout(left, 3)
        layout.addWidget(self._details(), 2)

    def _details(self) -> QFrame:
        panel = QFrame()
        panel.setObjectName("panel")
        self.status = QLabel()
        self.status.setObjectName("heading")
        self.receipt = QPlainTextEdit()
        self.receipt.setObjectName("receipt")
        self.receipt.setReadOnly(True)
        self.receipt.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        # Wide enough for the paper's columns, so the ticket reads as it prints.
        columns = self.session.settings.printer_width + 2
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPixelSize(theme.RECEIPT_FONT_PX)
        self.receipt.setFont(mono)
        self.receipt.setMinimumWidth(QFontMetrics(mono).horizontalAdvance("M" * columns) + 28)
        self.reprint_button = button(_("Reprint"), "reprint", "Ctrl+R", _("Print a duplicate of this ticket"))
        self.reprint_button.clicked.connect(self.reprint)
        self.cancel_button = button(_("Cancel the ticket"), "cancelTicket", tip=_("Cancel this ticket (manager)"))
        self.cancel_button.clicked.connect(self.ask_cancel)
        actions = QHBoxLayout()
        actions.addWidget(self.reprint_button)
        actions.addWidget(self.cancel_button)
        self.cancel_box = QFrame()
        self.reason = QLineEdit()
        self.reason.setObjectName("cancelReason")
        self.reason.setPlaceholderText(_("Reason for the cancellation"))
        self.confirm_cancel = button("", "danger", tip=_("Record the cancellation"))
        self.confirm_cancel.clicked.connect(self.cancel)
        box = QVBoxLayout(self.cancel_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.reason)
        box.addWidget(self.confirm_cancel)
        self.cancel_box.hide()
        layout = QVBoxLayout(panel)
        layout.addWidget(self.status)
        layout.addWidget(self.receipt, 1)
        layout.addLayout(actions)
        layout.addWidget(self.cancel_box)
        self._show(None)
        return panel

    # -- finding --------------------------------------------------------------------------------------------------
    def find_tickets(self) -> None:
        self.message.clear_message()
        number_text = self.number.text().strip()
        if number_text:
            if not number_text.isdigit():
                self.message.error(_("A ticket number is made of digits, like 482."))
                return
            ticket = self.session.actions.run(lambda: self.cafe.sales.ticket(int(number_text)),
                                              sink=self.message.error)
            self._fill([self._row_of(ticket)] if ticket else [])
            return
        total: int | None = None
        if self.amount.text().strip():
            try:
                total = parse_amount(self.amount.text(), allow_negative=True)
            except CafeError as exc:
                self.message.error(error_text(exc))
                return
        day = self.date.date().toString("yyyy-MM-dd") if self.use_date.isChecked() else None
        rows = self.cafe.sales.find(date_from=day, date_to=day, total_cents=total)
        names = {o.id: o.name for o in self.cafe.users.list()}
        self._fill([HistoryRow(r.number, ticket_label(r.till, r.number), r.timestamp,
                               names.get(r.operator_id, f"#{r.operator_id}"), r.type == "cancellation",
                               r.total_cents) for r in rows])
        if not rows:
            self.message.info(_("No ticket matches."))

    def refresh(self) -> None:
        self.number.clear()
        self.find_tickets()

    @staticmethod
    def _row_of(ticket: SignedTicket) -> HistoryRow:
        p = ticket.payload
        return HistoryRow(ticket.number, ticket.label, p["timestamp"], p["operator"], p["type"] == "cancellation",
                          int(p["total_cents"]))

    def _fill(self, rows: list[HistoryRow]) -> None:
        self.model.set_rows(rows)
        if rows:
            self.table.selectRow(0)
            self._selected(self.table.currentIndex())
        else:
            self._show(None)

    def select_number(self, number: int) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(SortRole) == number:
                self.table.selectRow(row)
                return

    def _selected(self, index: QModelIndex) -> None:
        if not index.isValid():
            self._show(None)
            return
        number = int(self.proxy.index(index.row(), 0).data(SortRole))
        self._show(self.session.actions.run(lambda: self.cafe.sales.ticket(number), sink=self.message.error))

    def _show(self, ticket: SignedTicket | None) -> None:
        self.current = ticket
        self.cancel_box.hide()
        self.reprint_button.setEnabled(ticket is not None)
        if ticket is None:
            self.status.setText(_("Choose a ticket"))
            self.receipt.clear()
            self.cancel_button.setEnabled(False)
            return
        self.receipt.setPlainText(receipt_text(ticket, self.session.settings))
        is_sale = ticket.payload["type"] == "sale"
        cancelled = is_sale and self.cafe.sales.is_cancelled(ticket.number)
        if not is_sale:
            self.status.setText(_("{label}: cancellation").format(label=ticket.label))
        elif cancelled:
            self.status.setText(_("{label}: cancelled").format(label=ticket.label))
        else:
            self.status.setText(ticket.label)
        self.cancel_button.setEnabled(is_sale and not cancelled)

    # -- acting ---------------------------------------------------------------------------------------------------
    def reprint(self) -> None:
        ticket = self.current
        if ticket is None:
            return
        dup = self.session.actions.run(lambda: self.cafe.sales.reprint(self.session.who, ticket.number),
                                       changes=EVENTS, sink=self.message.error)
        if dup is not None:
            self.message.info(_("Duplicate no. {k} of {label} recorded.").format(k=dup.duplicate_no,
                                                                                 label=ticket.label))
            self.duplicate_made.emit(dup)

    def ask_cancel(self) -> None:
        ticket = self.current
        if ticket is None:
            return

        def granted(by: Operator) -> None:
            self._cancel_by = by
            amount = money(int(ticket.payload["total_cents"]))
            self.confirm_cancel.setText(_("Cancel {label} and refund {amount}").format(label=ticket.label,
                                                                                      amount=amount))
            self.reason.clear()
            self.cancel_box.show()
            self.reason.setFocus()

        self.session.with_right(Right.CANCEL_TICKET, _("Cancelling a ticket needs a manager."), granted)

    def cancel(self) -> None:
        ticket, by = self.current, self._cancel_by
        if ticket is None or by is None:
            return
        reason = self.reason.text()
        cancellation = self.session.actions.run(lambda: self.cafe.sales.cancel(by, ticket.number, reason),
                                                changes=TICKETS, sink=self.message.error)
        if cancellation is None:
            return
        self._cancel_by = None
        self.message.info(_("{label} cancelled by {cancellation}.").format(label=ticket.label,
                                                                          cancellation=cancellation.label))
        self.refresh()
        self.select_number(ticket.number)
        self.ticket_signed.emit(cancellation, self.session.settings.print_by_default)
