"""Money into and out of the drawer outside a sale: the float at opening, pay-ins and pay-outs.

The float panel sits on the till screen ("Open the till") and in the dialog the sale screen shows when a sale is
about to be paid and no session is open, so the drawer always starts from a float somebody confirmed: the one
kept back at the last close (one tap, the amount on the button) or one counted with the grid.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from cafepos.domain.errors import CafeError
from cafepos.domain.money import parse_amount
from cafepos.domain.operators import Operator
from cafepos.ui.actions import TILL
from cafepos.ui.cash_count import CashCount
from cafepos.ui.count_grid import STYLE, CountGrid
from cafepos.ui.session import Session
from cafepos.ui.text import _, error_text, money
from cafepos.ui.widgets import Keypad, MessageLine, button, with_key


class FloatPanel(QWidget):
    """Takes over the kept float in one tap (the amount on the button), or counts it row by row."""

    opened = Signal(object)  # SessionRow
    cancelled = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(STYLE)  # also shown in a dialog, outside the till screen
        self.session = session
        self.kept_cents = 0
        self.heading = QLabel(_("Open the till"))
        self.heading.setObjectName("heading")
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.explain.setObjectName("caption")
        self.take_over = button("", "accent", tip=_("The drawer holds the float kept at the last close"))
        self.take_over.setProperty("tall", True)
        self.take_over.clicked.connect(lambda: self.open_till(None))
        self.recount = button(_("Count the float"), tip=_("Count the drawer note by note, coin by coin"))
        self.recount.setProperty("tall", True)
        self.recount.clicked.connect(self.show_grid)
        self.grid = CountGrid()
        self.grid.changed.connect(self._counted)
        self.open_counted = button("", "accent", tip=_("Open the till with the float counted"))
        self.open_counted.setProperty("tall", True)
        self.open_counted.clicked.connect(lambda: self.open_till(self.grid.count.as_count()))
        self.cancel = button(_("Cancel"), tip=with_key(_("Leave the till closed"), _("Esc")))
        self.cancel.clicked.connect(self.cancelled.emit)
        self.message = MessageLine()
        choices = QHBoxLayout()
        choices.addWidget(self.take_over, 2)
        choices.addWidget(self.recount, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.cancel)
        bottom.addStretch(1)
        bottom.addWidget(self.open_counted)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explain)
        layout.addLayout(choices)
        layout.addWidget(self.message)
        layout.addWidget(self.grid)
        layout.addLayout(bottom)
        layout.addStretch(1)

    def start(self) -> None:
        """Proposes the kept float; with none kept (a first opening), goes straight to the count."""
        self.kept_cents = self.session.cafe.till.kept_float()
        self.message.clear_message()
        self.grid.set_count(CashCount())
        if self.kept_cents:
            self.explain.setText(_("The float kept back at the last close was {amount}. Take it over if the drawer "
                                   "holds it, or count it again.").format(amount=money(self.kept_cents)))
            self.take_over.setText(_("Take over {amount}").format(amount=money(self.kept_cents)))
            self.take_over.show()
            self.recount.show()
            self.grid.hide()
            self.open_counted.hide()
            self.take_over.setFocus()
        else:
            self.explain.setText(_("Count the float in the drawer: type the number of each note and coin."))
            self.show_grid()

    def show_grid(self) -> None:
        self.take_over.hide()  # counting again: the counted float is the one that opens the till
        self.recount.hide()
        self.grid.show()
        self.open_counted.show()
        self._counted()
        self.grid.focus_first()

    def _counted(self) -> None:
        self.open_counted.setText(_("Open with {amount}").format(amount=money(self.grid.count.total_cents)))
        self.open_counted.setEnabled(self.grid.valid)

    def open_till(self, count: Mapping[int, int] | None) -> None:
        if count is not None and not self.grid.valid:
            self.message.error(_("Correct the count marked in red first."))
            return
        if self.session.operator is None:
            return
        opened = self.session.actions.run(lambda: self.session.cafe.till.open(self.session.who, count),
                                          changes=TILL, sink=self.message.error)
        if opened is not None:
            self.opened.emit(opened)


class FloatDialog(QDialog):
    """The float asked before the first payment of a session; `then` (the payment) follows once it is open."""

    def __init__(self, session: Session, parent: QWidget | None, then: Callable[[], None]) -> None:
        super().__init__(parent)
        self.setObjectName("floatDialog")
        self.setWindowTitle(_("Open the till"))
        self.setModal(True)
        self.then = then
        self.panel = FloatPanel(session)
        self.panel.heading.setText(_("The till is not open yet"))
        self.panel.opened.connect(self._opened)
        self.panel.cancelled.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        self.resize(860, 660)
        if parent is not None:
            parent.installEventFilter(self)  # the sale screen hidden (counter locked): the question goes too

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide and watched is self.parent() and self.isVisible():
            self.reject()
        return False

    def _opened(self, _session: object) -> None:
        self.accept()
        self.then()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QPushButton):
                focused.click()
            return  # Enter in a count field moves to the next row; it never closes the dialog
        super().keyPressEvent(event)


def ask_float(session: Session, parent: QWidget | None, then: Callable[[], None]) -> FloatDialog:
    """Shows the float dialog without blocking; `then` runs once the till is open (not if it is cancelled)."""
    dialog = FloatDialog(session, parent, then)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.panel.start()
    dialog.open()
    if dialog.panel.grid.isVisible():
        dialog.panel.grid.focus_first()
    else:
        dialog.panel.take_over.setFocus()
    return dialog


class MovementPanel(QWidget):
    """A pay-in or a pay-out: the amount (keypad or keyboard), a reason, and a button that says the amount."""

    done = Signal(str)
    cancelled = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.kind = "pay_out"
        self.by: Operator | None = None
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        self.amount = QLineEdit()
        self.amount.setObjectName("movementAmount")
        self.amount.setPlaceholderText(_("Amount"))
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount.setMinimumHeight(56)
        self.amount.textChanged.connect(self._update)
        self.keypad = Keypad()
        self.keypad.pressed.connect(self._key)
        self.reason = QLineEdit()
        self.reason.setObjectName("movementReason")
        self.reason.setPlaceholderText(_("Reason (milk from the shop, a producer paid…)"))
        self.reason.setMinimumHeight(56)
        self.confirm = button("", "accent", tip=with_key(_("Record this cash movement"), _("Enter")))
        self.confirm.setProperty("tall", True)
        self.confirm.clicked.connect(self.record)
        for field in (self.amount, self.reason):
            field.returnPressed.connect(self.record)
        cancel = button(_("Cancel"), tip=_("Back to the till"))
        cancel.clicked.connect(self.cancelled.emit)
        self.message = MessageLine()
        self.keypad.setMinimumHeight(300)
        pad = QVBoxLayout()
        pad.addWidget(self.amount)
        pad.addWidget(self.keypad, 1)
        form = QVBoxLayout()
        form.addWidget(self.reason)
        form.addWidget(self.message)
        form.addStretch(1)
        form.addWidget(self.confirm)
        form.addWidget(cancel)
        body = QHBoxLayout()
        body.setSpacing(16)
        body.addLayout(pad, 1)
        body.addLayout(form, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(body)
        layout.addStretch(1)

    def start(self, kind: str, by: Operator) -> None:
        self.kind, self.by = kind, by
        self.heading.setText(_("Pay-in: money put into the drawer") if kind == "pay_in"
                             else _("Pay-out: money taken from the drawer"))
        self.amount.clear()
        self.reason.clear()
        self.message.clear_message()
        self._update()
        self.amount.setFocus()

    def _key(self, key: str) -> None:
        if key == Keypad.BACK:
            self.amount.backspace()
        else:
            self.amount.insert(key)
        self.amount.setFocus()

    def _cents(self) -> int | None:
        try:
            return parse_amount(self.amount.text(), allow_zero=False)
        except CafeError:
            return None

    def _update(self) -> None:
        cents = self._cents()
        if self.kind == "pay_in":
            text = _("Record a pay-in of {amount}") if cents else _("Record the pay-in")
        else:
            text = _("Record a pay-out of {amount}") if cents else _("Record the pay-out")
        self.confirm.setText(text.format(amount=money(cents or 0)))

    def record(self) -> None:
        by = self.by
        if by is None:
            return
        try:
            cents = parse_amount(self.amount.text(), allow_zero=False)
        except CafeError as exc:
            self.message.error(error_text(exc))
            self.amount.setFocus()
            return
        till, reason = self.session.cafe.till, self.reason.text()
        work = till.pay_in if self.kind == "pay_in" else till.pay_out
        if self.session.actions.run_ok(lambda: work(by, cents, reason), changes=TILL, sink=self.message.error):
            self.by = None
            done = _("Pay-in of {amount} recorded.") if self.kind == "pay_in" else _("Pay-out of {amount} recorded.")
            self.done.emit(done.format(amount=money(cents)))
