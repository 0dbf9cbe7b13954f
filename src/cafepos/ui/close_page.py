"""Closing the till (Z): count the drawer, compare it with what was expected, preview the Z, then sign it.

The page shows a `ClosingCount` presenter: the grid, the cheques, the vouchers by issuer and the card terminal's
total, then expected against counted per method with the variance in colour, the reason when the variance is
above the threshold, the float kept back and the bank deposit. The Z is laid out by the same pure function as
the printed one and shown before the manager signs it; the signed payload goes to the till screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cafepos import __version__
from cafepos.adapters.receipt_printer import receipt_format
from cafepos.adapters.z_paper import z_labels
from cafepos.domain.calendar import iso_second
from cafepos.domain.closing import METHODS
from cafepos.domain.errors import CafeError
from cafepos.domain.operators import Operator, Right
from cafepos.domain.z_text import CafeIdentity, ZReport, z_lines
from cafepos.ui import theme
from cafepos.ui.actions import TABS, TILL
from cafepos.ui.cash_count import ClosingCount, MethodLine, last_day_closing, z_preview
from cafepos.ui.count_grid import ChequeList, CountGrid, VoucherList
from cafepos.ui.session import Session
from cafepos.ui.text import _, error_text, language, money
from cafepos.ui.ticket_text import method_name
from cafepos.ui.widgets import MessageLine, button

WIDE = 1180  # px: below this the check panel goes under the counts (one column, scrolled)


def _label(text: str = "", name: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    label.setWordWrap(True)
    return label


def _panel(title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("panel")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 10, 14, 12)
    layout.addWidget(_label(title, "heading"))
    return frame, layout


def _set_level(label: QLabel, level: str) -> None:
    if label.property("level") != level:
        label.setProperty("level", level)
        label.style().unpolish(label)
        label.style().polish(label)


class CheckTable(QWidget):
    """Expected, counted and the variance per method; the variance coloured by level (exact, small, large)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for col, text in enumerate(("", _("Expected"), _("Counted"), _("Variance"))):
            grid.addWidget(_label(text, "caption"), 0, col, alignment=right if col else Qt.AlignmentFlag.AlignLeft)
        self.cells: dict[str, tuple[QLabel, QLabel, QLabel]] = {}
        for row, method in enumerate(METHODS, start=1):
            grid.addWidget(QLabel(method_name(method)), row, 0)
            cells = (QLabel(), QLabel(), QLabel())
            for col, cell in enumerate(cells, start=1):
                cell.setObjectName(f"{name}_{('expected', 'counted', 'variance')[col - 1]}_{method}")
                cell.setAlignment(right)
                grid.addWidget(cell, row, col)
            self.cells[method] = cells
        grid.setColumnStretch(0, 1)

    def show_lines(self, lines: list[MethodLine]) -> None:
        for line in lines:
            expected, counted, variance = self.cells[line.method]
            expected.setText("•••" if line.expected_cents is None else money(line.expected_cents))
            counted.setText("—" if line.counted_cents is None else money(line.counted_cents))
            sign = "+" if line.variance_cents and line.variance_cents > 0 else ""
            variance.setText("" if line.variance_cents is None else sign + money(line.variance_cents))
            _set_level(variance, line.level)


class ClosePage(QWidget):
    signed = Signal(object)  # the payload of the signed Z
    leave = Signal(str)      # back to the overview, with a sentence to show

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.cafe = session.cafe
        self.count = ClosingCount({}, 0, session.settings.variance_threshold_cents)
        self.tab_count = 0
        self.stack = QStackedWidget()
        self.stack.addWidget(self._count_page())
        self.stack.addWidget(self._preview_page())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # -- building -------------------------------------------------------------------------------------------------
    def _count_page(self) -> QWidget:
        self.grid = CountGrid()
        self.grid.changed.connect(self.update_check)
        cash, cash_box = _panel(_("Cash in the drawer"))
        cash_box.addWidget(self.grid)
        self.cheques = ChequeList(self.count)
        self.vouchers = VoucherList(self.count)
        self.card = QLineEdit()
        self.card.setObjectName("cardTerminal")
        self.card.setPlaceholderText(_("Total on the card terminal's end-of-day ticket"))
        self.card.textEdited.connect(self._card_typed)
        self.card_message = MessageLine()
        others, others_box = _panel(_("Cheques"))
        others_box.addWidget(self.cheques)
        for title, widget in ((_("Meal vouchers by issuer"), self.vouchers), (_("Card terminal"), self.card)):
            others_box.addWidget(_label(title, "heading"))
            others_box.addWidget(widget)
        others_box.addWidget(self.card_message)
        self.content = QGridLayout()
        self.blocks = (cash, others, self._check_panel())
        content = QWidget()
        content.setLayout(self.content)
        self.content.setContentsMargins(0, 0, 4, 0)
        self.content.setSpacing(12)
        self._place(True)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        self.message = MessageLine()
        self.cash_total = _label("", "countTotal")
        self.cash_total.setWordWrap(False)
        back = button(_("Back"), tip=_("Leave the close; nothing is recorded"))
        back.clicked.connect(lambda: self.leave.emit(""))
        self.preview_button = button(_("Preview the Z"), "accent", "Ctrl+Return", _("See the Z before signing it"))
        self.preview_button.setProperty("tall", True)
        self.preview_button.clicked.connect(self.preview)
        self.cash_variance = _label("", "countTotal")
        self.cash_variance.setWordWrap(False)
        foot = QHBoxLayout()
        foot.addWidget(self.cash_total)
        foot.addSpacing(16)
        foot.addWidget(self.cash_variance, 1)
        foot.addWidget(back)
        foot.addWidget(self.preview_button)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message)
        layout.addWidget(scroll, 1)
        layout.addLayout(foot)
        return page

    def _check_panel(self) -> QFrame:
        panel, box = _panel(_("Expected and counted"))
        self.blind_note = _label(_("Blind count: the expected amounts show once the drawer is counted."), "caption")
        self.reveal_button = button(_("Counted: show the expected amounts"), "accent",
                                    tip=_("The count is final once the expected amounts are shown"))
        self.reveal_button.clicked.connect(self.reveal)
        self.table = CheckTable("count")
        self.cells = self.table.cells
        self.reason = QLineEdit()
        self.reason.setObjectName("varianceReason")
        self.reason.setPlaceholderText(_("Reason for the variance"))
        self.reason.textEdited.connect(self._reason_typed)
        self.reason_label = _label()
        self.float_kept = QLineEdit()
        self.float_kept.setObjectName("floatKept")
        self.float_kept.textEdited.connect(self._float_typed)
        self.deposit = _label("", "heading")
        self.tabs_box = QFrame()
        self.tabs_label = _label()
        self.keep_tabs = button(_("Keep them for tomorrow"), tip=_("The tabs stay on hold"))
        self.cancel_tabs = button(_("Cancel them"), "danger", tip=_("The tabs are cancelled (logged)"))
        self.tabs_choice = QButtonGroup(self)
        tabs = QGridLayout(self.tabs_box)
        tabs.setContentsMargins(0, 0, 0, 0)
        tabs.addWidget(self.tabs_label, 0, 0, 1, 2)
        for col, b in enumerate((self.keep_tabs, self.cancel_tabs)):
            b.setCheckable(True)
            self.tabs_choice.addButton(b)
            tabs.addWidget(b, 1, col)
        self.shift = QCheckBox(_("Change of shift (no Z)"))
        self.shift.setToolTip(_("Count the drawer and leave the day open: the Z comes with the day's last close"))
        box.addWidget(self.blind_note)
        box.addWidget(self.reveal_button)
        box.addWidget(self.table)
        box.addSpacing(8)
        widget: QWidget
        for widget in (self.reason_label, self.reason, QLabel(_("Float kept back for the next session")),
                       self.float_kept, self.deposit, self.tabs_box, self.shift):
            box.addWidget(widget)
        box.addStretch(1)
        return panel

    def _place(self, wide: bool) -> None:
        cash, others, check = self.blocks
        for block in self.blocks:
            self.content.removeWidget(block)
        self.content.addWidget(cash, 0, 0)
        if wide:
            self.content.addWidget(others, 1, 0)
            self.content.addWidget(check, 0, 1, 2, 1)
            self.content.setColumnStretch(0, 3)
            self.content.setColumnStretch(1, 2)
        else:
            self.content.addWidget(check, 1, 0)
            self.content.addWidget(others, 2, 0)
            self.content.setColumnStretch(1, 0)
        self._wide = wide

    def resizeEvent(self, event: QResizeEvent) -> None:
        wide = event.size().width() >= WIDE
        if wide != self._wide:
            self._place(wide)
        super().resizeEvent(event)

    def _preview_page(self) -> QWidget:
        self.receipt = QPlainTextEdit()
        self.receipt.setObjectName("zPreview")
        self.receipt.setReadOnly(True)
        self.receipt.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPixelSize(theme.RECEIPT_FONT_PX + 1)
        self.receipt.setFont(mono)
        side, box = _panel(_("The Z before it is signed"))
        self.status = _label()
        self.preview_table = CheckTable("preview")
        self.summary = _label()
        self.preview_message = MessageLine()
        self.sign_button = button(_("Sign the Z"), "accent", tip=_("Close the session and sign the Z (manager)"))
        self.sign_button.setProperty("tall", True)
        self.sign_button.clicked.connect(self.sign)
        self.correct_button = button(_("Correct the count"), tip=_("Back to the count; nothing is signed"))
        self.correct_button.clicked.connect(lambda: self.stack.setCurrentIndex(0))
        for w in (self.status, self.preview_table, self.summary, self.preview_message):
            box.addWidget(w)
        box.addStretch(1)
        box.addWidget(self.sign_button)
        box.addWidget(self.correct_button)
        page = QWidget()
        layout = QHBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(self.receipt)
        layout.addWidget(side, 1)
        return page

    # -- counting -------------------------------------------------------------------------------------------------
    def start(self) -> bool:
        """A fresh count of the open session; False (with the reason shown by the caller) when none is open."""
        x = self.cafe.till.x_report()["session"]
        if x is None:
            self.leave.emit(_("The till is not open: there is nothing to close."))
            return False
        settings = self.session.settings
        self.count = ClosingCount(dict(x["expected"]), int(x["float_cents"]), settings.variance_threshold_cents,
                                  blind=settings.blind_count)
        self.grid.set_count(self.count.cash)
        self.grid.set_locked(False)
        self.cheques.bind(self.count)
        self.vouchers.bind(self.count)
        for field in (self.card, self.reason, self.float_kept):
            field.clear()
        self.float_kept.setPlaceholderText(money(self.count.float_kept_cents))
        self.tab_count = len(self.cafe.tabs.list())
        self.tabs_label.setText(_("Tabs on hold: {count}").format(count=self.tab_count))
        self.tabs_box.setVisible(bool(self.tab_count))
        self.tabs_choice.setExclusive(False)
        for b in (self.keep_tabs, self.cancel_tabs):
            b.setChecked(False)
        self.tabs_choice.setExclusive(True)
        self.shift.setChecked(False)
        self.message.clear_message()
        self.card_message.clear_message()
        self.stack.setCurrentIndex(0)
        self.update_check()
        self.grid.focus_first()
        return True

    def update_check(self) -> None:
        c = self.count
        self.table.show_lines(c.lines())
        self.blind_note.setVisible(not c.revealed)
        self.reveal_button.setVisible(not c.revealed)
        required = c.revealed and c.reason_required
        self.reason_label.setText(_("The variance is above {threshold}: give the reason.").format(
            threshold=money(c.threshold_cents)) if required else _("Reason for the variance (optional)"))
        for w in (self.reason_label, self.reason):
            w.setVisible(c.revealed and (c.worst_variance_cents > 0 or bool(self.reason.text())))
        self.float_kept.setPlaceholderText(money(c.float_kept_cents))
        self.deposit.setText(_("To the bank: {cash} in cash").format(cash=money(c.bank_deposit_cents)))
        self.cash_total.setText(_("Cash counted: {amount}").format(amount=money(c.cash.total_cents)))
        cash = self.table.cells["cash"][2]
        self.cash_variance.setText(_("Variance: {amount}").format(amount=cash.text()) if cash.text() else "")
        _set_level(self.cash_variance, str(cash.property("level")))

    def reveal(self) -> None:
        if not self.grid.valid:
            self.message.error(_("Correct the count marked in red first."))
            return
        self.count.reveal()
        self.grid.set_locked(self.count.locked)
        self.update_check()

    def _card_typed(self, text: str) -> None:
        self._typed_amount(lambda: self.count.set_card_terminal(text), self.card_message)

    def _float_typed(self, text: str) -> None:
        self._typed_amount(lambda: self.count.set_float_kept(text), self.message)

    def _typed_amount(self, work: Callable[[], None], sink: MessageLine) -> None:
        try:
            work()
        except CafeError as exc:
            sink.error(error_text(exc))
            return
        sink.clear_message()
        self.update_check()

    def _reason_typed(self, text: str) -> None:
        self.count.reason = text

    def _tabs(self) -> str | None:
        checked = self.tabs_choice.checkedButton()
        return None if checked is None else ("keep" if checked is self.keep_tabs else "cancel")

    # -- the Z ----------------------------------------------------------------------------------------------------
    def _ready(self) -> bool:
        problems: list[str] = []
        if not self.grid.valid:
            problems.append(_("Correct the count marked in red first."))
        problems += [error_text(p) for p in self.count.problems(money)]
        if self.tab_count and self._tabs() is None:
            problems.append(_("{count} tabs are still open: keep them for tomorrow or cancel them.").format(
                count=self.tab_count))
        if problems:
            self.message.error(problems[0])
            return False
        return True

    def preview(self) -> None:
        if not self._ready():
            return
        count = self.count.close_count(self._tabs(), self.shift.isChecked())
        found = self.session.actions.run(lambda: self.cafe.closings.preview(count), sink=self.message.error)
        x = self.cafe.till.x_report()["session"]
        if found is None or x is None or found.get("checks") is None:
            return
        s = self.session.settings
        report = z_preview(found, x, self.count, till=s.till, operator=self.session.who.name,
                           timestamp=iso_second(self.cafe.journal.clock.now()), software_version=__version__,
                           identity=CafeIdentity(s.cafe_name, s.cafe_address, s.siret, s.vat_number),
                           last_day=last_day_closing(self.cafe.closings.days_between, str(found["business_date"])))
        banner = _("PREVIEW — NOT SIGNED")
        self._show_z(report, f"{banner:^{s.printer_width}}")
        shift = self.shift.isChecked()
        self.status.setText(_("Check the figures, then sign. Once signed, the Z cannot be changed.") if not shift
                            else _("A change of shift: the session closes, the day stays open (no Z)."))
        self.sign_button.setText(_("Close the session") if shift else _("Sign the Z"))
        self.preview_table.show_lines(self.count.lines())
        self.summary.setText("\n".join(self.count.summary(money)))
        self.preview_message.clear_message()
        self.stack.setCurrentIndex(1)

    def _show_z(self, report: ZReport, banner: str = "") -> None:
        s, lang = self.session.settings, language()
        lines = z_lines(report, s.printer_width, receipt_format(lang), z_labels(lang))
        self.receipt.setPlainText("\n".join([banner, *lines] if banner else lines))
        self.receipt.setFixedWidth(self.receipt.fontMetrics().horizontalAdvance("M" * s.printer_width) + 40)

    def sign(self) -> None:
        if self._ready():
            self.session.with_right(Right.CLOSE_TILL, _("Signing the Z needs a manager."), self._sign_as)

    def _sign_as(self, manager: Operator) -> None:
        count = self.count.close_count(self._tabs(), self.shift.isChecked())
        done = self.session.actions.run(lambda: (self.cafe.closings.close_session(manager, count),), changes=TILL,
                                        sink=self.preview_message.error)
        if done is None:
            return
        if count.tabs == "cancel":
            self.session.actions.changed.emit(TABS)
        closed = done[0]
        if closed is None:
            self.leave.emit(_("Drawer counted; the day stays open."))
            return
        self.signed.emit(closed.payload)
