"""The ticket being rung up: a table model that follows the basket row by row, and the line tools under it.

The model is told exactly which row changed (the basket speaks Qt's insert/remove/change protocol), so a tap
repaints one row, never the whole ticket.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cafepos.ui.basket import Basket
from cafepos.ui.sale_keys import for_the_counter
from cafepos.ui.text import _, money
from cafepos.ui.widgets import ConfirmButton, MessageLine, button, with_key

Index = QModelIndex | QPersistentModelIndex
QTY, LABEL, AMOUNT = range(3)


class TicketModel(QAbstractTableModel):
    def __init__(self, basket: Basket) -> None:
        super().__init__()
        self.basket = basket
        basket.observer = self

    # -- the basket's observer protocol ------------------------------------------------------------------------
    def about_to_insert(self, row: int) -> None:
        self.beginInsertRows(QModelIndex(), row, row)

    def inserted(self) -> None:
        self.endInsertRows()

    def about_to_remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)

    def removed(self) -> None:
        self.endRemoveRows()

    def changed(self, first: int, last: int) -> None:
        self.dataChanged.emit(self.index(first, 0), self.index(last, AMOUNT))

    def about_to_reset(self) -> None:
        self.beginResetModel()

    def reset_done(self) -> None:
        self.endResetModel()

    # -- Qt model -------------------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.basket.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 3

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.basket.lines[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == QTY:
                return f"{line.qty} ×"
            if col == LABEL:
                if line.discount_cents:
                    return _("{label}\nDiscount −{amount} ({reason})").format(
                        label=line.label, amount=money(line.discount_cents), reason=line.discount_reason or "")
                return line.label
            return money(line.amount_cents)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col == AMOUNT:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return (_("Qty"), _("Product"), _("Amount"))[section]
        return None


class TicketTable(QTableView):
    def __init__(self, model: TicketModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticketLines")
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setShowGrid(False)
        self.setWordWrap(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(52)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QTY, QHeaderView.ResizeMode.Fixed)
        header.setSectionResizeMode(LABEL, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(AMOUNT, QHeaderView.ResizeMode.Fixed)
        self.setColumnWidth(QTY, 64)
        self.setColumnWidth(AMOUNT, 110)
        self.setToolTip(_("Tap a line to change its quantity, give a discount or remove it"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if for_the_counter(event):
            event.ignore()
            return
        super().keyPressEvent(event)

    def current_row(self) -> int | None:
        rows = self.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def select(self, row: int) -> None:
        self.selectRow(row)
        self.scrollTo(self.model().index(row, 0))


class LineTools(QWidget):
    """What can be done to the selected line: −, +, quantity from the typed digits, discount, remove."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.minus = button("−", "tool", tip=_("One less"))
        self.minus.setToolTip(with_key(_("One less"), "-"))
        self.plus = button("+", "tool", tip=_("One more"))
        self.plus.setToolTip(with_key(_("One more"), "+"))
        self.qty = button(_("Qty"), "tool", tip=_("Type the quantity, then tap here"))
        self.discount = button(_("Discount"), "tool", "Ctrl+D", _("Discount on this line (manager)"))
        self.remove = button(_("Remove"), "tool", "Del", _("Remove this line"))
        self.remove.setProperty("danger", True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for b, stretch in ((self.minus, 1), (self.plus, 1), (self.qty, 1), (self.discount, 2), (self.remove, 2)):
            layout.addWidget(b, stretch)

    def enable(self, has_line: bool) -> None:
        for b in (self.minus, self.plus, self.qty, self.discount, self.remove):
            b.setEnabled(has_line)


class DiscountEditor(QFrame):
    """An amount off or a percentage, with the reason the law asks for (domain.md §3)."""

    applied = Signal(str, str)  # typed amount or percentage, reason

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.amount = QLineEdit()
        self.amount.setObjectName("discountAmount")
        self.amount.setPlaceholderText(_("1.50 or 10 %"))
        self.reason = QComboBox()
        self.reason.setObjectName("discountReason")
        self.reason.setEditable(True)
        self.reason.addItems([_("Regular customer"), _("Goodwill"), _("Damaged product"), _("Staff")])
        self.reason.setCurrentText("")
        editor = self.reason.lineEdit()
        if editor is not None:
            editor.setPlaceholderText(_("Reason"))
        ok = button(_("Apply"), "accent", tip=_("Apply the discount"))
        ok.clicked.connect(lambda: self.applied.emit(self.amount.text(), self.reason.currentText()))
        close = button(_("Close"), tip=_("Close without changing"))
        close.clicked.connect(self.hide)
        top = QHBoxLayout()
        top.addWidget(self.amount, 1)
        top.addWidget(self.reason, 2)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        bottom.addWidget(ok)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(bottom)
        self.hide()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter applies and Esc closes; neither reaches the sale screen (where Enter would mean "pay")."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.applied.emit(self.amount.text(), self.reason.currentText())
        elif event.key() == Qt.Key.Key_Escape:
            self.hide()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def start(self) -> None:
        self.amount.clear()
        self.reason.setCurrentText("")
        self.show()
        self.amount.setFocus()


class TicketPanel(QFrame):
    """The right-hand side of the sale screen, laid out; the screen wires what each part does."""

    def __init__(self, model: TicketModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.title = QLabel(_("Ticket"))
        self.title.setObjectName("heading")
        self.entry = QLabel()
        self.entry.setObjectName("entry")
        self.entry.setToolTip(_("Typed digits: tap a product to set its quantity, Enter to look up a code, "
                                "Esc to clear"))
        self.clear_button = ConfirmButton(_("Clear"), "danger")
        self.clear_button.set_question(_("Clear all?"))
        self.clear_button.setToolTip(_("The customer gives up: empty the ticket (two taps; it is logged)"))
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.entry)
        head.addWidget(self.clear_button)
        self.table = TicketTable(model)
        self.tools = LineTools()
        self.discount_editor = DiscountEditor()

        self.on_site = button(_("On site"), tip=_("Consumed here"))
        self.take_away = button(_("Take away"), tip=_("To take away: the VAT follows"))
        group = QButtonGroup(self)
        modes = QHBoxLayout()
        for b in (self.on_site, self.take_away):
            b.setCheckable(True)
            b.setToolTip(with_key(b.toolTip(), "F4"))
            group.addButton(b)
            modes.addWidget(b)
        self.on_site.setChecked(True)

        self.park_button = button(_("Put on hold"), "park", "Ctrl+P", _("Put this ticket on hold (a table, a name)"))
        self.tabs_button = button(_("On hold"), "tabs", "Ctrl+O", _("Tickets on hold"))
        holds = QHBoxLayout()
        holds.addWidget(self.park_button)
        holds.addWidget(self.tabs_button)

        self.message = MessageLine()
        caption = QLabel(_("Total incl. VAT"))
        caption.setObjectName("caption")
        self.total = QLabel(money(0))
        self.total.setObjectName("total")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        total_row = QHBoxLayout()
        total_row.addWidget(caption)
        total_row.addWidget(self.total, 1)
        self.pay_button = button(_("Pay"), "pay", tip=_("Take the payment"))
        self.pay_button.setToolTip(with_key(_("Take the payment"), _("Enter")))

        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.tools)
        layout.addWidget(self.discount_editor)
        layout.addLayout(modes)
        layout.addLayout(holds)
        layout.addWidget(self.message)
        layout.addLayout(total_row)
        layout.addWidget(self.pay_button)
