"""The counter's frame: top bar (café, sections, printer, clock, operator), start-up notices, and the screens.

It owns what spans screens: who is logged in, locking after idle time, the manager's override, and the hooks
where printing plugs in (`ticket_signed`, `duplicate_made`, `test_print`), which are called only after the
ledger has recorded the sale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent, QWindow
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cafepos.adapters import collector
from cafepos.bootstrap import Cafe
from cafepos.domain.operators import Operator, Right, Role
from cafepos.services.audit import Problem
from cafepos.services.sales import Duplicate, SignedTicket
from cafepos.services.startup import Notice
from cafepos.ui import theme
from cafepos.ui.actions import SETTINGS, Actions
from cafepos.ui.journal_check import JournalCheck
from cafepos.ui.pin_pad import ManagerPinDialog, PinPad
from cafepos.ui.printing import CounterPrinter, describe
from cafepos.ui.sale_screen import SaleScreen
from cafepos.ui.session import Session
from cafepos.ui.text import _, clock_text, set_language
from cafepos.ui.widgets import ElidedLabel, MessageLine, button

if TYPE_CHECKING:  # the other screens are imported when first opened: the sale screen paints first
    from cafepos.ui.history_screen import HistoryScreen
    from cafepos.ui.producers_screen import ProducersScreen
    from cafepos.ui.settings_screen import SettingsScreen
    from cafepos.ui.till_screen import TillScreen

SALE, HISTORY, SETTINGS_SECTION, PRODUCERS, TILL_SECTION = "sale", "history", "settings", "producers", "till"
INPUT_EVENTS = (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin, QEvent.Type.Wheel)


def notice_text(notice: Notice) -> str:
    text = _(notice.msgid)
    try:
        return text.format(**notice.params)
    except (KeyError, IndexError):
        return notice.msgid.format(**notice.params)


class IdleLock(QObject):
    """Locks the counter after `idle_lock_minutes` without a tap or a key (0: never).

    It watches the native windows (the counter's and its dialogs'), which see every tap and key first, instead
    of the whole application, which would run Python for every paint and layout event.
    """

    def __init__(self, minutes: int, parent: QObject) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.watched: list[QWindow] = []
        self.set_minutes(minutes)

    def watch(self, widget: QWidget) -> None:
        handle = widget.windowHandle()
        if handle is not None and handle not in self.watched:
            handle.installEventFilter(self)
            self.watched.append(handle)

    def set_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        if minutes:
            self.timer.setInterval(minutes * 60_000)
            self.timer.start()
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.minutes and event.type() in INPUT_EVENTS:
            self.timer.start()
        return False


class MainWindow(QMainWindow):
    def __init__(self, cafe: Cafe) -> None:
        super().__init__()
        self.cafe = cafe
        settings = cafe.settings.get()
        set_language(settings.language)
        self.setStyleSheet(theme.STYLESHEET)
        self.setWindowTitle(_("{cafe} — till {till}").format(cafe=settings.cafe_name, till=settings.till))
        self.message = MessageLine()
        self.writer = Actions(self.message.error, self)
        self.session = Session(cafe, self.writer, settings)
        self.writer.changed.connect(self._changed)  # first, so screens see fresh settings
        self._manager_pin: ManagerPinDialog | None = None
        self.session.ask_manager = self._ask_manager
        self.last_operator: str | None = None
        self.notices = list(cafe.notices)
        self.blocking_shown = False

        self.pin_pad = PinPad(cafe, self.writer)
        self.pin_pad.accepted.connect(self.login)
        self.sale = SaleScreen(self.session)
        self.sale.ticket_signed.connect(lambda t, p: self.ticket_signed(t, p))
        self._history: HistoryScreen | None = None
        self._settings: SettingsScreen | None = None
        self._producers: ProducersScreen | None = None
        self._till: TillScreen | None = None
        self.stack = QStackedWidget()
        self.stack.addWidget(self.pin_pad)
        self.stack.addWidget(self.sale)

        root = QWidget()
        layout = QVBoxLayout(root)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._top_bar())
        layout.addWidget(self._banner())
        layout.addWidget(self.message)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(root)
        for b in self.sections.values():  # with the theme's padding and font: never cut, the café's name gives way
            b.ensurePolished()
            b.setMinimumWidth(b.sizeHint().width())

        self.idle = IdleLock(settings.idle_lock_minutes, self)
        self.idle.timer.timeout.connect(self._idle)
        self.sale.paying_changed.connect(self._paying)
        self._clock_timer = QTimer(self)
        self._clock_timer.timeout.connect(self._tick)
        self._clock_timer.start(10_000)
        self._tick()
        self.section_keys = [QShortcut(QKeySequence(key), self, lambda s=section: self.show_section(s))
                             for key, section in (("F1", SALE), ("F2", HISTORY), ("F3", SETTINGS_SECTION),
                                                  ("F5", PRODUCERS), ("F6", TILL_SECTION))]
        QShortcut(QKeySequence("F12"), self, self.lock)
        self.printing = CounterPrinter(cafe, self)
        self.printing.finished.connect(self._printed)
        self.checker = JournalCheck(cafe, self)
        self.checker.failed.connect(self._check_failed)
        QTimer.singleShot(3000, self.checker.start)  # after the first paint: years of history never delay the sale
        self.set_printer_state("ready" if settings.printer_uri else "off")
        if settings.printer_uri and self.printing.pending():
            self.set_printer_state("queue")
        self.resize(1280, 800)
        self.setMinimumSize(1024, 700)
        self.lock()

    # -- frame ----------------------------------------------------------------------------------------------------
    def _top_bar(self) -> QFrame:
        bar = QFrame()
        bar.setObjectName("topBar")
        self.cafe_name = ElidedLabel(self.session.settings.cafe_name)
        self.cafe_name.setObjectName("cafeName")
        self.cafe_name.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.sections: dict[str, QPushButton] = {}
        group = QButtonGroup(self)
        for name, text, key, tip in ((SALE, _("Sale"), "F1", _("Ring up sales")),
                                     (TILL_SECTION, _("Till"), "F6", _("Float, pay-ins and pay-outs, X and Z "
                                                                       "(closing)")),
                                     (PRODUCERS, _("Producers"), "F5", _("Local producers: deposits, stock, "
                                                                         "statements, payments")),
                                     (HISTORY, _("History"), "F2", _("Find, reprint or cancel a ticket")),
                                     (SETTINGS_SECTION, _("Settings"), "F3", _("Café, receipts, operators and "
                                                                               "catalogue (manager)"))):
            b = button(text, "section", tip=_("{what} ({key})").format(what=tip, key=key))
            b.setCheckable(True)
            b.setProperty("section", name)
            b.clicked.connect(lambda _checked=False, n=name: self.show_section(n))
            group.addButton(b)
            self.sections[name] = b
        self.printer = QLabel()
        self.printer.setObjectName("printer")
        self.retry_button = button(_("Print waiting receipts"), tip=_("The printer is back: print the receipts "
                                                                     "that waited (still originals)"))
        self.retry_button.clicked.connect(lambda: self.printing.retry())
        self.retry_button.hide()
        self.clock = QLabel()
        self.clock.setObjectName("clock")
        self.operator_button = button("", "operator", tip=_("Change operator or lock the counter (F12)"))
        self.operator_button.clicked.connect(self.lock)
        layout = QHBoxLayout(bar)
        layout.setContentsMargins(14, 4, 10, 4)
        layout.setSpacing(6)
        layout.addWidget(self.cafe_name)
        layout.addSpacing(18)
        for b in self.sections.values():
            layout.addWidget(b)
        layout.addStretch(1)
        layout.addWidget(self.printer)
        layout.addWidget(self.retry_button)
        layout.addSpacing(12)
        layout.addWidget(self.clock)
        layout.addSpacing(12)
        layout.addWidget(self.operator_button)
        return bar

    def _banner(self) -> QFrame:
        self.banner = QFrame()
        self.banner.setObjectName("banner")
        self.banner_text = QLabel()
        self.banner_text.setWordWrap(True)
        close = button(_("Understood"), tip=_("Hide this notice"))
        close.clicked.connect(self.banner.hide)
        layout = QHBoxLayout(self.banner)
        layout.setContentsMargins(14, 6, 10, 6)
        layout.addWidget(self.banner_text, 1)
        layout.addWidget(close)
        calm = [notice_text(n) for n in self.notices if not n.blocking]
        if any(n.blocking for n in self.notices):
            calm.append(_("The journal check found a problem: a manager must look at it."))
        self.banner_text.setText("\n".join(calm))
        self.banner.setVisible(bool(calm))
        return self.banner

    def _tick(self) -> None:
        self.clock.setText(clock_text(self.cafe.journal.clock.now()))

    def set_printer_state(self, state: str, detail: str = "") -> None:
        """For the printing module: "ready", "queue" (receipts waiting, amber), "off" or "error"."""
        texts = {"ready": _("Printer ready"), "queue": _("Receipts waiting to print"),
                 "off": _("No printer set up"), "error": _("Printer problem")}
        self.printer.setText("● " + _("Printer"))
        self.printer.setProperty("state", state)
        self.printer.setToolTip(f"{texts.get(state, state)}{' — ' + detail if detail else ''}")
        self.printer.style().unpolish(self.printer)
        self.printer.style().polish(self.printer)
        self.retry_button.setVisible(state == "queue")

    # -- who is at the counter ---------------------------------------------------------------------------------
    def login(self, operator: Operator) -> None:
        self.session.operator = operator
        self.last_operator = operator.name
        self.operator_button.setText(operator.name)
        for b in self.sections.values():
            b.setEnabled(True)
        self.message.clear_message()
        self.show_section(SALE)
        self._blocking_notices(operator)

    def lock(self) -> None:
        """Back to the PIN pad; the ticket in progress stays where it is for whoever logs in next."""
        self.sale.close_payment()
        if self._manager_pin is not None and self._manager_pin.isVisible():
            self._manager_pin.reject()
        if self._settings is not None:
            self._settings.leave()
        if self._producers is not None:
            self._producers.leave()
        operator = self.session.operator
        if operator is not None:
            self.writer.run(lambda: self.cafe.users.logout(operator))
        self.session.operator = None
        self.operator_button.setText(_("Log in"))
        for b in self.sections.values():
            b.setEnabled(False)
            b.setChecked(False)
        self.pin_pad.reset(self.last_operator)
        self.stack.setCurrentWidget(self.pin_pad)
        self.pin_pad.setFocus()

    @property
    def manager_pin(self) -> ManagerPinDialog:
        """The manager's override, made the first time a manager is asked for (not at start-up)."""
        if self._manager_pin is None:
            self._manager_pin = ManagerPinDialog(self.cafe, self.writer, self)
        return self._manager_pin

    def _ask_manager(self, reason: str, then: Callable[[Operator], None]) -> None:
        self.manager_pin.ask(reason, then)
        self.idle.watch(self.manager_pin)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.idle.watch(self)
        collector.release()  # the start is over: see adapters/collector.py

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys typed while the focus sits in the top bar still reach the sale screen (a scan, Enter)."""
        if self.stack.currentWidget() is self.sale and self.sale.key(event):
            return
        super().keyPressEvent(event)

    def _paying(self, paying: bool) -> None:
        """While a ticket is paid, F5 to F8 are the payment methods (F5 cash, F6 card), not the screens."""
        for shortcut in self.section_keys:
            shortcut.setEnabled(not paying)

    def _idle(self) -> None:
        if self.session.operator is not None:
            self.lock()

    def _blocking_notices(self, operator: Operator) -> None:
        blocking = [n for n in self.notices if n.blocking]
        if not blocking or self.blocking_shown or operator.role is not Role.MANAGER:
            return
        self.blocking_shown = True
        from PySide6.QtWidgets import QMessageBox  # rare: its type and enums are set up when first needed

        box = QMessageBox(QMessageBox.Icon.Warning, _("Journal check"),
                          _("The start-up check found problems. They are recorded in the journal; run a full "
                            "check (cafepos verify) and keep the report."), QMessageBox.StandardButton.Ok, self)
        box.setObjectName("blockingNotice")
        box.setDetailedText("\n".join(notice_text(n) for n in blocking))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- sections -----------------------------------------------------------------------------------------------
    def show_section(self, name: str) -> None:
        if self.session.operator is None:
            return
        if name == SETTINGS_SECTION:
            self.session.with_right(Right.EDIT_SETTINGS, _("The settings need a manager."), self._open_settings)
            self._mark_section()
            return
        if self._settings is not None:
            self._settings.leave()
        if self._producers is not None and name != PRODUCERS:
            self._producers.leave()
        screens: dict[str, Callable[[], QWidget]] = {SALE: lambda: self.sale, HISTORY: lambda: self.history,
                                                     PRODUCERS: lambda: self.producers,
                                                     TILL_SECTION: lambda: self.till_screen}
        screen = screens[name]()
        if name == HISTORY:
            self.history.refresh()
        if name == PRODUCERS:
            self.producers.refresh()
        self.stack.setCurrentWidget(screen)
        self.sections[name].setChecked(True)
        if name == SALE:
            self.sale.show_shelf()

    def _mark_section(self) -> None:
        """The highlighted section is the screen shown, whatever was tapped (a refused PIN leaves it as it was)."""
        current = self.stack.currentWidget()
        for name, screen in ((SALE, self.sale), (HISTORY, self._history), (SETTINGS_SECTION, self._settings),
                             (PRODUCERS, self._producers), (TILL_SECTION, self._till)):
            if screen is not None and current is screen:
                self.sections[name].setChecked(True)

    @property
    def history(self) -> HistoryScreen:
        if self._history is None:  # made on first use: the sale screen must paint first
            from cafepos.ui.history_screen import HistoryScreen

            self._history = HistoryScreen(self.session)
            self._history.ticket_signed.connect(lambda t, p: self.ticket_signed(t, p))
            self._history.duplicate_made.connect(lambda dup: self.duplicate_made(dup))
            self.stack.addWidget(self._history)
        return self._history

    @property
    def till_screen(self) -> TillScreen:
        if self._till is None:
            from cafepos.ui.till_screen import TillScreen

            self._till = TillScreen(self.session)
            self._till.z_signed.connect(lambda payload: self.z_signed(payload))
            self.stack.addWidget(self._till)
        return self._till

    def z_signed(self, payload: dict[str, Any]) -> None:
        """Once per signed Z, after it is committed: the Z goes to the receipt printer, if there is one."""
        s = self.session.settings
        if not s.printer_uri:
            return
        from cafepos.adapters.receipt_printer import receipt_format
        from cafepos.adapters.z_paper import z_labels  # the Z's types are set up when a Z is first printed
        from cafepos.domain.z_text import z_lines

        report = self.cafe.reports.z_report(str(payload["period"]))
        self.printing.lines(z_lines(report, s.printer_width, receipt_format(s.language), z_labels(s.language)))

    @property
    def producers(self) -> ProducersScreen:
        if self._producers is None:  # made on first use, like History
            from cafepos.ui.producers_screen import ProducersScreen

            self._producers = ProducersScreen(self.session)
            self._producers.dialog_opened.connect(self.idle.watch)
            self.stack.addWidget(self._producers)
        return self._producers

    @property
    def settings_screen(self) -> SettingsScreen:
        if self._settings is None:
            from cafepos.ui.settings_screen import SettingsScreen

            self._settings = SettingsScreen(self.session)
            self._settings.test_print.connect(lambda: self.test_print())
            self.stack.addWidget(self._settings)
        return self._settings

    def _open_settings(self, manager: Operator) -> None:
        if self.session.operator is None:
            return
        self.settings_screen.enter(manager)
        self.stack.setCurrentWidget(self.settings_screen)
        self.sections[SETTINGS_SECTION].setChecked(True)

    def _changed(self, what: str) -> None:
        if what == SETTINGS:
            self.session.reload_settings()
            s = self.session.settings
            self.cafe_name.setText(s.cafe_name)
            self.idle.set_minutes(s.idle_lock_minutes)
            self.set_printer_state("ready" if s.printer_uri else "off")

    # -- printing, always after the ledger has recorded the sale -------------------------------------------------
    def ticket_signed(self, ticket: SignedTicket, print_requested: bool) -> None:
        """Called once per signed ticket (sale or cancellation), after it is committed to the ledger. With no
        printer set up and no receipt asked for there is nothing to print and no drawer to open: the printer's
        thread is not woken for it (it would read the settings and report that all is well)."""
        if not print_requested and not self.session.settings.printer_uri:
            return
        self.printing.after_sale(ticket, print_requested)

    def duplicate_made(self, dup: Duplicate) -> None:
        """Called after a reprint was recorded as "DUPLICATA n°k"."""
        self.printing.duplicate(dup)

    def test_print(self) -> None:
        """Called by the settings' "Test print" button."""
        self.printing.test_page(self.session.who)

    def _printed(self, report: dict[str, object]) -> None:
        state, text = describe(report)
        if not self.session.settings.printer_uri and report["what"] == "sale" and not text:
            return
        if state == "ready" and report["what"] in ("sale", "duplicate") and self.printing.pending():
            state = "queue"  # this one printed, older ones still wait
        self.set_printer_state(state)
        if state == "error" or (state == "queue" and text):
            self.message.error(text)
        elif text or report["what"] == "test":
            self.message.info(text or _("Test page printed."))

    # -- the journal's full check, in the background ----------------------------------------------------------------
    def _check_failed(self, problems: list[Problem]) -> None:
        """A broken chain found after start-up: recorded in the journal, and the manager is told at once."""
        self.writer.run(lambda: self.cafe.journal_failure([p.as_json() for p in problems]))
        for p in problems[:20]:
            self.notices.append(Notice("verification_failure", p.msgid, p.params, blocking=True))
        self.banner_text.setText(_("The journal check found a problem: a manager must look at it."))
        self.banner.show()
        self.blocking_shown = False
        if self.session.operator is not None:
            self._blocking_notices(self.session.operator)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.sale.save_tab()
        operator = self.session.operator
        if operator is not None:
            self.writer.run(lambda: self.cafe.users.logout(operator))
            self.session.operator = None
        self.idle.timer.stop()
        self.printing.shutdown()
        super().closeEvent(event)
