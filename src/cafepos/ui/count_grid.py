"""Counting the drawer by hand: the denomination grid (− / count / +, subtotals, total), cheques and vouchers.

The widgets only display the presenters of `cash_count` and forward taps and keys. A count is typed as it is
done at a counter: a number, then Tab or Enter to the next row; a typo is refused on its row, in one sentence.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cafepos.domain.cash import COINS, NOTES
from cafepos.domain.errors import CafeError
from cafepos.ui import theme
from cafepos.ui.cash_count import CashCount, ClosingCount
from cafepos.ui.text import _, error_text, money
from cafepos.ui.widgets import MessageLine, button, with_key

ROW_HEIGHT = 52
VOUCHER_ISSUERS = ("Edenred", "Pluxee", "Up", "Bimpli")  # the common meal-voucher issuers in France
# Added to the window's stylesheet where a count is shown: a refused entry in red (a refusal), a variance in the
# amber of notices (not an error), an exact count in the accent.
STYLE = f"""
QLineEdit[invalid="true"] {{ border: 2px solid {theme.ERROR}; background: {theme.ERROR_SOFT}; }}
QLabel#countTotal {{ font-size: 22px; font-weight: 700; }}
QLabel#expectedCash {{ font-size: 20px; font-weight: 600; }}
QLineEdit#movementAmount {{ font-size: 24px; }}
QPushButton[tall="true"] {{ min-height: 64px; font-size: 18px; }}
QLabel#denomination {{ font-weight: 600; }}
QLabel#subtotal {{ color: {theme.MUTED_TEXT}; }}
QLabel[level="ok"] {{ color: {theme.ACCENT}; font-weight: 600; }}
QLabel[level="small"] {{ color: {theme.WARNING}; font-weight: 600; }}
QLabel[level="large"] {{
    color: {theme.WARNING}; font-weight: 700; background: {theme.NOTICE_SOFT}; border-radius: 4px; padding: 2px 6px;
}}
"""


def _refresh_style(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class CountGrid(QWidget):
    """One row per denomination, notes on the left and coins on the right, the running total under them."""

    changed = Signal()

    def __init__(self, count: CashCount | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countGrid")
        self.setStyleSheet(STYLE)
        self.count = count or CashCount()
        self.fields: dict[int, QLineEdit] = {}
        self.subtotals: dict[int, QLabel] = {}
        self.minus: dict[int, QPushButton] = {}
        self.plus: dict[int, QPushButton] = {}
        self.invalid: set[int] = set()
        self.order = [*NOTES, *COINS]
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        for col, (title, denoms) in enumerate(((_("Notes"), NOTES), (_("Coins"), COINS))):
            head = QLabel(title)
            head.setObjectName("caption")
            grid.addWidget(head, 0, col * 6, 1, 5)
            for row, denom in enumerate(denoms, start=1):
                self._row(grid, row, col * 6, denom)
        grid.setColumnMinimumWidth(5, 18)
        for c in (4, 10):
            grid.setColumnStretch(c, 1)
        self.total = QLabel()
        self.total.setObjectName("countTotal")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.message = MessageLine()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.message)
        layout.addWidget(self.total)
        self.show_count()

    def _row(self, grid: QGridLayout, row: int, col: int, denom: int) -> None:
        label = QLabel(money(denom))
        label.setObjectName("denomination")
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        widest = QFontMetrics(theme.font(theme.SIZE_TEXT, bold=True)).horizontalAdvance(money(50000))
        label.setMinimumWidth(widest + 8)  # the stylesheet's font, which applies only once shown
        minus = button("−", "tool", tip=_("One piece less"))
        plus = button("+", "tool", tip=_("One piece more"))
        field = QLineEdit()
        field.setObjectName(f"count_{denom}")
        field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        field.setFixedWidth(68)
        field.setMinimumHeight(theme.TOUCH)
        field.setMaxLength(6)
        field.setToolTip(with_key(_("Number of pieces; then the next row"), _("Tab / Enter")))
        field.textEdited.connect(lambda text, d=denom: self.typed(d, text))
        field.returnPressed.connect(lambda d=denom: self.next_row(d))
        field.installEventFilter(self)
        subtotal = QLabel()
        subtotal.setObjectName("subtotal")
        subtotal.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        subtotal.setMinimumWidth(84)
        for b, delta in ((minus, -1), (plus, 1)):
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab walks the counts only
            b.setMinimumHeight(theme.TOUCH)
            b.clicked.connect(lambda _checked=False, d=denom, s=delta: self.step(d, s))
        for i, w in enumerate((label, minus, field, plus, subtotal)):
            grid.addWidget(w, row, col + i)
        grid.setRowMinimumHeight(row, ROW_HEIGHT)
        self.fields[denom], self.subtotals[denom], self.minus[denom], self.plus[denom] = field, subtotal, minus, plus

    # -- the presenter in, the display out ----------------------------------------------------------------------
    def set_count(self, count: CashCount) -> None:
        self.count = count
        self.invalid.clear()
        self.message.clear_message()
        self.show_count()

    def show_count(self) -> None:
        for denom, field in self.fields.items():
            pieces = self.count.pieces[denom]
            if denom not in self.invalid:
                field.setText(str(pieces) if pieces else "")
                self._mark(field, False)
            self.subtotals[denom].setText(money(denom * pieces) if pieces else "—")
        self.total.setText(_("Total counted: {amount}").format(amount=money(self.count.total_cents)))

    @property
    def valid(self) -> bool:
        return not self.invalid

    def set_locked(self, locked: bool) -> None:
        for denom in self.order:
            self.fields[denom].setReadOnly(locked)
            self.minus[denom].setEnabled(not locked)
            self.plus[denom].setEnabled(not locked)

    def focus_first(self) -> None:
        self.fields[self.order[0]].setFocus()
        self.fields[self.order[0]].selectAll()

    # -- typing and tapping -----------------------------------------------------------------------------------
    def typed(self, denom: int, text: str) -> None:
        field = self.fields[denom]
        try:
            self.count.type(denom, text)
        except CafeError as exc:
            self.count.set(denom, 0)  # the total counts only what can be read; the row stays red until fixed
            self.invalid.add(denom)
            self._mark(field, True)
            self.message.error(_("{denomination}: {problem}").format(denomination=money(denom),
                                                                     problem=error_text(exc)))
            self.show_count()
            self.changed.emit()
            return
        self.invalid.discard(denom)
        self._mark(field, False)
        if not self.invalid:
            self.message.clear_message()
        self.show_count()
        self.changed.emit()

    def step(self, denom: int, delta: int) -> None:
        if self.fields[denom].isReadOnly():
            return
        self.invalid.discard(denom)
        self.count.step(denom, delta)
        if not self.invalid:
            self.message.clear_message()
        self.show_count()
        self.changed.emit()

    def next_row(self, denom: int) -> None:
        i = self.order.index(denom)
        if i + 1 < len(self.order):
            nxt = self.fields[self.order[i + 1]]
            nxt.setFocus()
            nxt.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A field taken by Tab or a tap is selected whole, so typing replaces the count."""
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QLineEdit):
            watched.selectAll()
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and isinstance(watched, QLineEdit):
            denom = next((d for d, f in self.fields.items() if f is watched), None)
            if denom is not None and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.step(denom, 1 if event.key() == Qt.Key.Key_Up else -1)
                return True
        return False

    @staticmethod
    def _mark(field: QLineEdit, invalid: bool) -> None:
        if bool(field.property("invalid")) != invalid:
            field.setProperty("invalid", invalid)
            _refresh_style(field)


class AmountTable(QTableWidget):
    """A small read-only table of texts, amounts right-aligned from column `amounts_from`; as tall as its rows
    (up to `max_rows`, then it scrolls), each tall enough for a finger."""

    RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

    def __init__(self, headers: list[str], amounts_from: int, max_rows: int = 4,
                 parent: QWidget | None = None) -> None:
        super().__init__(0, len(headers), parent)
        self.amounts_from, self.max_rows = amounts_from, max_rows
        for col, text in enumerate(headers):
            item = QTableWidgetItem(text)
            item.setTextAlignment(self.RIGHT if col >= amounts_from else self.LEFT)
            self.setHorizontalHeaderItem(col, item)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(theme.TOUCH)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setShowGrid(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.fill([])

    def fill(self, rows: list[tuple[str, ...]]) -> None:
        self.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(self.RIGHT if c >= self.amounts_from else self.LEFT)
                self.setItem(r, c, item)
        shown = min(max(len(rows), 1), self.max_rows)
        self.setFixedHeight(self.horizontalHeader().sizeHint().height() + shown * theme.TOUCH + 2 * self.frameWidth())


class EntryList(QWidget):
    """A small list typed in at the close (cheques, vouchers by issuer): an entry line, a table, Remove."""

    changed = Signal()

    def __init__(self, close: ClosingCount, headers: list[str], amounts_from: int, add_tip: str, remove_tip: str,
                 entry: list[tuple[QWidget, int]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counting = close
        self.add_button = button(_("Add"), tip=add_tip)
        self.add_button.clicked.connect(self.add)
        self.table = AmountTable(headers, amounts_from)
        self.remove_button = button(_("Remove"), tip=remove_tip)
        self.remove_button.clicked.connect(self.remove)
        self.message = MessageLine()
        line = QHBoxLayout()
        for w, stretch in [*entry, (self.add_button, 0)]:
            line.addWidget(w, stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(line)
        layout.addWidget(self.message)
        layout.addWidget(self.table)
        layout.addWidget(self.remove_button, alignment=Qt.AlignmentFlag.AlignRight)

    def bind(self, close: ClosingCount) -> None:
        self.counting = close
        self.message.clear_message()
        self.refresh()

    def add(self) -> None:
        try:
            self.record()
        except CafeError as exc:
            self.message.error(error_text(exc))
            return
        self.message.clear_message()
        self.refresh()
        self.changed.emit()

    def remove(self) -> None:
        self.forget(self.table.currentRow())
        self.refresh()
        self.changed.emit()

    # what each list adds, removes and shows
    def record(self) -> None:
        raise NotImplementedError

    def forget(self, row: int) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        raise NotImplementedError


class ChequeList(EntryList):
    """The cheques for the bank deposit slip: number, bank and amount, one line each."""

    def __init__(self, close: ClosingCount, parent: QWidget | None = None) -> None:
        self.number = QLineEdit()
        self.number.setObjectName("chequeNumber")
        self.number.setPlaceholderText(_("Cheque no."))
        self.bank = QLineEdit()
        self.bank.setObjectName("chequeBank")
        self.bank.setPlaceholderText(_("Bank"))
        self.amount = QLineEdit()
        self.amount.setObjectName("chequeAmount")
        self.amount.setPlaceholderText(_("Amount"))
        super().__init__(close, [_("Number"), _("Bank"), _("Amount")], 2, _("Add this cheque to the deposit slip"),
                         _("Remove the selected cheque"), [(self.number, 2), (self.bank, 2), (self.amount, 2)],
                         parent)
        self.amount.returnPressed.connect(self.add)
        self.refresh()

    def record(self) -> None:
        self.counting.add_cheque(self.number.text(), self.bank.text(), self.amount.text())
        for field in (self.number, self.bank, self.amount):
            field.clear()
        self.number.setFocus()

    def forget(self, row: int) -> None:
        self.counting.remove_cheque(row)

    def refresh(self) -> None:
        self.table.fill([(c.number, c.bank, money(c.amount_cents)) for c in self.counting.cheques])
        self.remove_button.setEnabled(bool(self.counting.cheques))


class VoucherList(EntryList):
    """Meal vouchers counted per issuer (each issuer is paid back separately)."""

    def __init__(self, close: ClosingCount, parent: QWidget | None = None) -> None:
        self.issuer = QComboBox()
        self.issuer.setObjectName("voucherIssuer")
        self.issuer.setEditable(True)
        self.issuer.addItems(list(VOUCHER_ISSUERS))
        self.issuer.setMinimumHeight(theme.TOUCH)
        self.amount = QLineEdit()
        self.amount.setObjectName("voucherAmount")
        self.amount.setPlaceholderText(_("Amount"))
        super().__init__(close, [_("Issuer"), _("Amount")], 1, _("Add these vouchers to the issuer's total"),
                         _("Remove the selected issuer"), [(self.issuer, 3), (self.amount, 2)], parent)
        self.amount.returnPressed.connect(self.add)
        self.refresh()

    def record(self) -> None:
        self.counting.set_voucher(self.issuer.currentText(), self.amount.text())
        self.amount.clear()

    def forget(self, row: int) -> None:
        issuers = sorted(self.counting.vouchers)
        if 0 <= row < len(issuers):
            self.counting.remove_voucher(issuers[row])

    def refresh(self) -> None:
        self.table.fill([(name, money(self.counting.vouchers[name])) for name in sorted(self.counting.vouchers)])
        self.remove_button.setEnabled(bool(self.counting.vouchers))
