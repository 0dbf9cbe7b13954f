"""Taking the money: the amount due, methods, keypad, quick cash, split payments, the change, then the receipt.

A page of the sale screen, shown where the shelf was while the ticket stays in view on the right, and made once
and reused for every sale. It is not a window of its own: a dialog's native window brought its own 2.5 MB
backing store at the first sale (the counter's memory grew 7 % over 1,000 tickets against a 5 % target), and a
café till runs full screen, where a dialog can fall behind the main window. The sale is signed by `commit` when
the operator validates; only afterwards is the receipt question asked, so a printer problem can never undo a sale.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent, QPaintEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cafepos.domain.errors import CafeError
from cafepos.domain.money import parse_amount
from cafepos.domain.ticket import Line, Payment, PaymentMethod, PaymentRules
from cafepos.services.sales import SignedTicket
from cafepos.ui import theme
from cafepos.ui.key_grid import KeyGrid
from cafepos.ui.sale_keys import ENTER_KEYS
from cafepos.ui.tender import QUICK_CASH_CENTS, Tender
from cafepos.ui.text import _, error_text, money
from cafepos.ui.ticket_text import method_name
from cafepos.ui.widgets import (
    FaceLineEdit,
    Ground,
    Keypad,
    MessageLine,
    SteadyLabel,
    button,
    key_button,
    tap_keeps_focus,
    with_key,
)

Commit = Callable[[list[Payment], Callable[[str], None]], SignedTicket | None]
METHOD_KEYS = {PaymentMethod.CASH: "F5", PaymentMethod.CARD: "F6", PaymentMethod.CHEQUE: "F7",
               PaymentMethod.VOUCHER: "F8"}


class PlainOnce(Ground):
    """A Ground that is shown as a plain page: opaque, a repaint inside it stops at it, but shown opaque in a
    visible window Qt paints it and all it holds twice. So it shows plain and turns opaque at its first paint.

    Shown plain, it is painted over the sale screen, which has just filled the same ground beneath it: that first
    paint leaves the ground as it is (a fill of the whole page fewer at each sale)."""

    def plain_once(self) -> None:
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, False)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.testAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent) or not self.isVisible():
            super().paintEvent(event)  # opaque, or drawn off screen (prepare): nothing beneath
        else:
            self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)


class PaymentPage(QWidget):
    finished_sale = Signal(object, bool)  # SignedTicket, print requested
    closed = Signal()  # back to the ticket: the sale is over or was left; the screen shows its shelf again

    def __init__(self, commit: Commit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("payment")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # typed digits and Enter come here, not to the shelf
        self.commit = commit
        self.tender = Tender()
        self.ticket: SignedTicket | None = None
        self.print_default = False
        self.is_open = False  # a sale is being paid, or its receipt question asked: the screen shows this page
        self._tab_chain: list[QWidget] = []  # the page's keys in the window's Tab order (focusNextPrevChild)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._tender_page())
        self.pages.addWidget(self._receipt_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        tap_keeps_focus(*self.method_buttons.values(), *self.quick_buttons.values(), self.exact, self.undo,
                        self.cancel, self.validate, self.print_yes, self.print_no)

    # -- building ---------------------------------------------------------------------------------------------
    def _tender_page(self) -> QWidget:
        # Opaque while it is on show, so a key's or an amount's repaint stops here (1.5 ms a sale); but shown
        # opaque in the visible window, Qt painted it twice, every key of it (1.6 ms a sale): see showing().
        page = self.tender_page = PlainOnce()
        caption = QLabel(_("To pay"))
        caption.setObjectName("caption")
        self.due = SteadyLabel(money(0), theme.BACKGROUND)  # set at each sale: repainted, never laid out again
        self.due.setObjectName("due")
        # Blank until a first payment; they keep the room of two lines, so a payment does not lay the page out again.
        self.paid = SteadyLabel(_("Already paid: {paid}\nStill due: {rest}").format(
            paid=money(999_999), rest=money(999_999)), theme.BACKGROUND, wrap=True)
        self.paid.setObjectName("caption")
        self.paid.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head = QHBoxLayout()
        due_box = QVBoxLayout()
        due_box.addWidget(caption)
        due_box.addWidget(self.due)
        head.addLayout(due_box, 1)
        head.addWidget(self.paid, 1)  # half each whatever is written: a split payment never moves the amount due

        methods = QVBoxLayout()
        self.method_buttons: dict[PaymentMethod, QPushButton] = {}
        for method in PaymentMethod:
            b = button(method_name(method), "method", METHOD_KEYS[method],
                       _("Paid by this method: the typed amount, or all that is due"))
            b.clicked.connect(lambda _checked=False, m=method: self.add(m))
            methods.addWidget(b)
            self.method_buttons[method] = b
        methods.addStretch(1)

        self.entry = FaceLineEdit()  # shown again at every payment: see FaceLineEdit
        self.entry.setObjectName("amountEntry")
        self.entry.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.entry.setPlaceholderText(_("Amount received"))
        self.entry.setMinimumHeight(56)
        self.keypad = KeyGrid()  # painted as one widget: see key_grid
        self.keypad.pressed.connect(self._keypad)
        self.erase = key_button(Keypad.BACK)  # beside the amount: the keys share a narrow column at 1024 px
        self.erase.setMinimumSize(theme.TOUCH, 56)
        self.erase.clicked.connect(lambda: self._keypad(Keypad.BACK))
        typed = QHBoxLayout()
        typed.addWidget(self.entry, 1)
        typed.addWidget(self.erase)
        pad = QVBoxLayout()
        pad.addLayout(typed)
        pad.addWidget(self.keypad, 1)

        quick = QVBoxLayout()
        self.exact = button(_("Exact amount"), "quick", tip=_("The customer gives the exact amount in cash"))
        self.exact.clicked.connect(lambda: self.add(PaymentMethod.CASH))
        quick.addWidget(self.exact)
        self.quick_buttons: dict[int, QPushButton] = {}
        for cents in QUICK_CASH_CENTS:
            b = button(money(cents), "quick", tip=_("A note of {amount} in cash").format(amount=money(cents)))
            b.clicked.connect(lambda _checked=False, c=cents: self.add(PaymentMethod.CASH, c))
            quick.addWidget(b)
            self.quick_buttons[cents] = b
        quick.addStretch(1)

        middle = QHBoxLayout()
        middle.setSpacing(16)
        # Room for "Titre-restaurant" and "Exact amount" in full at 1024 px, keys still 48 px wide.
        middle.addLayout(methods, 4)
        middle.addLayout(pad, 3)
        middle.addLayout(quick, 3)

        self.parts = SteadyLabel("\n", theme.BACKGROUND, wrap=True)  # two lines; more, and it grows
        self.parts.setObjectName("caption")
        self.undo = button(_("Remove last payment"), tip=_("Take back the last payment entered"))
        self.undo.clicked.connect(self._undo)
        parts_row = QHBoxLayout()
        parts_row.addWidget(self.parts, 1)
        parts_row.addWidget(self.undo)

        self.message = MessageLine()
        # Blank until cash covers the total; they keep their room (up to 9 999,99 €), so the change appears
        # without laying out the keypad again.
        self.change_caption = SteadyLabel(_("Change"), theme.BACKGROUND)
        self.change_caption.setObjectName("changeCaption")
        self.change = SteadyLabel(money(999_999), theme.BACKGROUND)
        self.change.setObjectName("change")
        change_box = QHBoxLayout()
        change_box.addWidget(self.change_caption)
        change_box.addWidget(self.change)
        change_box.addStretch(1)
        cancel = button(_("Back to the ticket"), tip=_("Back to the ticket"))
        cancel.setToolTip(with_key(_("Back to the ticket: nothing is recorded"), _("Esc")))
        cancel.clicked.connect(self.reject)
        self.cancel = cancel
        self.validate = button(_("Validate"), "pay", tip=_("Record the sale"))
        self.validate.setToolTip(with_key(_("Record the sale"), _("Enter")))
        self.validate.clicked.connect(self.validate_sale)
        # The change has a row of its own, the widest amount in full; the two ways out share the last row, the
        # sale's own button the wider, where the ticket's "Pay" sits beside it.
        actions = QHBoxLayout()
        actions.setSpacing(16)
        actions.addWidget(cancel, 1)
        actions.addWidget(self.validate, 2)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(head)
        layout.addLayout(middle, 1)
        layout.addLayout(parts_row)
        layout.addWidget(self.message)
        layout.addLayout(change_box)
        layout.addLayout(actions)
        return page

    def _receipt_page(self) -> QWidget:
        page = self.receipt_page = PlainOnce()  # shown in the visible window at each sale: see PlainOnce
        self.done_label = SteadyLabel("\n", theme.BACKGROUND, wrap=True)  # the ticket, then its payments
        self.done_label.setObjectName("heading")
        self.done_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.final_caption = SteadyLabel(_("Change"), theme.BACKGROUND)  # blank when there is no change
        self.final_caption.setObjectName("changeCaption")
        self.final_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.final_change = SteadyLabel(money(999_999), theme.BACKGROUND)
        self.final_change.setObjectName("change")
        self.final_change.setAlignment(Qt.AlignmentFlag.AlignCenter)
        question = QLabel(_("Print the receipt?"))
        question.setObjectName("heading")
        question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.print_yes = button(_("Yes, print"), "big", tip=_("Print the receipt"))
        self.print_no = button(_("No receipt"), "big", tip=_("No receipt (the sale is recorded)"))
        self.print_yes.clicked.connect(lambda: self._finish(True))
        self.print_no.clicked.connect(lambda: self._finish(False))
        answers = QGridLayout()
        answers.setHorizontalSpacing(24)
        answers.addWidget(self.print_yes, 0, 0)
        answers.addWidget(self.print_no, 0, 1)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.done_label)
        layout.addWidget(self.final_caption)
        layout.addWidget(self.final_change)
        layout.addSpacing(24)
        layout.addWidget(question)
        layout.addLayout(answers)
        layout.addStretch(1)
        return page

    # -- a sale -------------------------------------------------------------------------------------------------
    def start(self, total_cents: int, lines: list[Line], rules: PaymentRules, print_default: bool) -> None:
        self.tender.start(total_cents, lines, rules)
        self.ticket = None
        self.print_default = print_default
        self.entry.clear()
        self.message.clear_message()
        self.pages.setCurrentIndex(0)
        self.due.setText(money(total_cents))
        self._refresh()

    def prepare(self, size: QSize) -> None:
        """Lays the page out at the size it will have and draws both its pages once, off screen.

        Called once the shelf is on screen, so the first sale does not pay for the style sheet's first look at
        thirty widgets, and the keys' looks (see FaceButton, KeyGrid) are drawn at start rather than during the
        first sales. The image is thrown away."""
        self.resize(size)
        for layout in (self.layout(), self.pages.layout(), self.tender_page.layout(), self.receipt_page.layout()):
            if layout is not None:
                layout.activate()
        for page in (self.tender_page, self.receipt_page):
            page.resize(self.pages.size())
            layout = page.layout()
            if layout is not None:
                layout.activate()
            image = QImage(page.size(), QImage.Format.Format_ARGB32_Premultiplied)
            page.render(image)

    def showing(self) -> None:
        """Called by the screen just before it shows the page."""
        self.tender_page.plain_once()
        self.receipt_page.plain_once()

    def opened(self) -> None:
        """Called by the screen once the page is on show: the keys come here."""
        self.is_open = True
        self.setFocus()

    def add(self, method: PaymentMethod, cents: int | None = None) -> None:
        if cents is None and self.entry.text().strip():
            try:
                cents = parse_amount(self.entry.text(), allow_zero=False)
            except CafeError as exc:
                self.message.error(error_text(exc))
                return
        if cents is None and self.tender.covered:
            return
        try:
            self.tender.add(method, cents)
        except CafeError as exc:
            self.message.error(error_text(exc))
            return
        self.entry.clear()
        self.message.clear_message()
        self._refresh()

    def _undo(self) -> None:
        self.tender.undo()
        self.message.clear_message()
        self._refresh()

    def _keypad(self, key: str) -> None:
        if key == Keypad.BACK:
            self.entry.backspace()
        else:
            self.entry.insert(key)

    def _refresh(self) -> None:
        t = self.tender
        self.paid.setText(_("Already paid: {paid}\nStill due: {rest}").format(
            paid=money(t.paid_cents), rest=money(t.remaining_cents)) if t.parts else "")
        self.parts.setText(" · ".join(f"{method_name(p.method)} {money(p.amount_cents)}" for p in t.parts))
        self.undo.setEnabled(bool(t.parts))
        show_change = t.covered and t.cash_cents > 0
        self.change_caption.setText(_("Change") if show_change else "")
        self.change.setText(money(t.change_cents) if show_change else "")
        problem = t.problem()
        if problem is not None:
            self.message.error(error_text(problem))
        self.validate.setEnabled(t.covered and problem is None)

    def validate_sale(self) -> None:
        if not self.tender.covered or self.ticket is not None:
            return
        ticket = self.commit(list(self.tender.parts), self.message.error)
        if ticket is None:
            return
        self.ticket = ticket
        change = int(ticket.payload["change_cents"])
        paid = " · ".join(f"{method_name(p['method'])} {money(int(p['amount_cents']))}"
                          for p in ticket.payload["payments"])
        self.done_label.setText(_("Ticket {label} recorded: {total}\n{paid}").format(
            label=ticket.label, total=money(int(ticket.payload["total_cents"])), paid=paid))
        self.final_caption.setText(_("Change") if change > 0 else "")
        self.final_change.setText(money(change) if change > 0 else "")
        self.pages.setCurrentIndex(1)
        (self.print_yes if self.print_default else self.print_no).setFocus()

    def _finish(self, print_requested: bool) -> None:
        ticket, self.ticket = self.ticket, None
        self._close()
        if ticket is not None:
            self.finished_sale.emit(ticket, print_requested)

    # -- closing -------------------------------------------------------------------------------------------------
    def reject(self) -> None:
        """Esc or "Back": before validation nothing is recorded; after it, the sale stands and no receipt is
        printed."""
        if not self.is_open:
            return
        if self.ticket is not None:
            self._finish(False)
            return
        self._close()

    def _close(self) -> None:
        self.is_open = False
        self.closed.emit()

    # -- keys ----------------------------------------------------------------------------------------------------
    def key(self, event: QKeyEvent) -> bool:
        """A key typed while the page is open, wherever the focus was: True when it meant something here. Keys
        the page does not use are swallowed by the screen: a scan during payment must not add to the ticket."""
        if event.key() == Qt.Key.Key_Escape:
            self.reject()
            return True
        if event.key() in ENTER_KEYS:
            if self.pages.currentIndex() == 1:
                self._finish(self.print_default)
            elif self.entry.text().strip():
                self.add(PaymentMethod.CASH)
            else:
                self.validate_sale()
            return True
        if self.pages.currentIndex() == 0 and not self.entry.hasFocus():
            text = event.text()
            if len(text) == 1 and (text.isdigit() or text in ",."):
                self.entry.insert(text)
                return True
            if event.key() == Qt.Key.Key_Backspace:
                self.entry.backspace()
                return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.key(event):
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab go round the page's own buttons, as they did in a dialog: never on to the ticket
        beside it, which cannot change while it is being paid. (Qt also comes here when a focused key is hidden,
        twice a sale: the page's keys are listed once, not looked for along the window's chain each time.)"""
        if not self.is_open:
            return super().focusNextPrevChild(next)
        if not self._tab_chain:
            widget = self.nextInFocusChain()
            for _ in range(1000):  # the window's whole chain, once
                if widget is self or widget is None:
                    break
                if self.isAncestorOf(widget) and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                    self._tab_chain.append(widget)
                widget = widget.nextInFocusChain()
        chain = [w for w in self._tab_chain if w.isVisible() and w.isEnabled()]
        if not chain:
            return False
        focus = self.focusWidget()
        at = chain.index(focus) if focus in chain else -1
        chain[(at + (1 if next else -1)) % len(chain)].setFocus(
            Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason)
        return True
