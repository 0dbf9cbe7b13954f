"""Vente: the shelf on the left (about 60 %), the ticket on the right with the total and the "Pay" button.

The screen only forwards taps and keys to the basket presenter and the services; every write goes through the
actions helper, and the payment page is made once and reused. What the first paint does not show is made later:
the payment page just after that paint, the tabs' and parking pages and the float's dialog when needed.

While a sale is paid, its page takes the shelf's place and the ticket stays in view beside it, frozen: the
ticket side takes no tap and every action that would change the ticket (its shortcuts, a scan, F4) waits until
the payment is validated or left.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QHideEvent, QKeyEvent, QKeySequence, QPainter, QPaintEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QStackedWidget,
    QWidget,
)

from cafepos.domain.errors import CafeError
from cafepos.domain.operators import Operator, Right
from cafepos.domain.ticket import Payment, SaleMode
from cafepos.services.ports import ProductRow
from cafepos.services.sales import SignedTicket
from cafepos.ui import theme
from cafepos.ui.actions import CATALOGUE, TABS, TICKETS, TILL
from cafepos.ui.basket import Basket, parse_discount
from cafepos.ui.expired_offer import ExpiredLossOffer
from cafepos.ui.keyentry import Code
from cafepos.ui.product_grid import ProductGrid
from cafepos.ui.sale_keys import SaleKeys
from cafepos.ui.session import Session
from cafepos.ui.text import _, error_text, money
from cafepos.ui.ticket_view import DiscountEditor, TicketModel, TicketPanel

if TYPE_CHECKING:  # made when first needed (see the properties): the sale screen paints first
    from cafepos.ui.payment_page import PaymentPage
    from cafepos.ui.tabs_panel import ParkPanel, TabsPanel
    from cafepos.ui.weight_page import WeightPage
    from cafepos.ui.widgets import SidePage

SAVE_TAB_AFTER_MS = 400  # a resumed tab is saved shortly after each change: a crash loses at most that

P = ParamSpec("P")
R = TypeVar("R")
PageT = TypeVar("PageT", bound="SidePage | TabsPanel")


def not_while_paying(action: Callable[Concatenate[SaleScreen, P], R]) -> Callable[Concatenate[SaleScreen, P], R | None]:
    """An action on the ticket that does nothing while the ticket is being paid (a shortcut, a scan, a key)."""

    @functools.wraps(action)
    def guarded(screen: SaleScreen, /, *args: P.args, **kwargs: P.kwargs) -> R | None:
        if screen.paying:
            return None
        return action(screen, *args, **kwargs)

    return guarded


class SaleScreen(QWidget):
    ticket_signed = Signal(object, bool)  # SignedTicket, print requested
    paying_changed = Signal(bool)  # the payment page opened (True) or closed

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)  # see paintEvent
        self._ground = QColor(theme.BACKGROUND)
        self.session = session
        self.cafe = session.cafe
        self.products: dict[int, ProductRow] = {}
        self.basket = Basket(self.products.get, self._log_void)
        self.model = TicketModel(self.basket)
        self.keys = SaleKeys(self, self)
        self._payment: PaymentPage | None = None
        self._weight_page: WeightPage | None = None  # made at the first weighing
        self._park_panel: ParkPanel | None = None
        self._tabs_panel: TabsPanel | None = None
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_TAB_AFTER_MS)
        self._save_timer.timeout.connect(self.save_tab)
        self._stock_unchanged = False  # see _ring_up
        # The till session was seen open: "Pay" need not read it again for every ticket. Forgotten when the till
        # changes here (a Z closes it) and whenever the screen is shown again; a session closed meanwhile by the
        # command line is opened again by the next sale itself, as `cafepos sell` does.
        self._till_open = False

        self.grid = ProductGrid()
        self.grid.tapped.connect(self.tap_product)
        # Once the shelf is on screen, the payment page is made and every category's tiles drawn: the first sale
        # then finds them ready.
        self.grid.view.painted.connect(lambda: QTimer.singleShot(0, self._prepare))
        self.search = self.grid.search
        self.search.installEventFilter(self.keys)
        self.left = QStackedWidget()
        self.left.addWidget(self.grid)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(12)
        layout.addWidget(self.left, 3)
        layout.addWidget(self._ticket_side(), 2)
        self._shortcuts()
        for signal in (self.model.rowsInserted, self.model.rowsRemoved, self.model.dataChanged,
                       self.model.modelReset):
            signal.connect(self._basket_changed)
        session.actions.changed.connect(self._changed)
        self.expired_offer = ExpiredLossOffer(session, self.message, self.basket, self.products,
                                              self.close_payment, self)
        self.reload_catalogue()

    def _ticket_side(self) -> TicketPanel:
        panel = TicketPanel(self.model)
        self.title, self.entry, self.table, self.tools = panel.title, panel.entry, panel.table, panel.tools
        self.panel = panel
        self.clear_button, self.message = panel.clear_button, panel.message
        self.on_site, self.take_away, self.total, self.pay_button = (panel.on_site, panel.take_away, panel.total,
                                                                     panel.pay_button)
        self.park_button, self.tabs_button = panel.park_button, panel.tabs_button
        self.clear_button.confirmed.connect(self.clear_ticket)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._tools_state())
        self.tools.minus.clicked.connect(lambda: self.step_line(-1))
        self.tools.plus.clicked.connect(lambda: self.step_line(1))
        self.tools.qty.clicked.connect(self.set_typed_qty)
        self.tools.discount.clicked.connect(self.ask_discount)
        self.tools.remove.clicked.connect(self.remove_line)
        panel.discount_applied.connect(self.apply_discount)
        self.on_site.clicked.connect(lambda: self.choose_mode(SaleMode.ON_SITE))
        self.take_away.clicked.connect(lambda: self.choose_mode(SaleMode.TAKE_AWAY))
        self.park_button.clicked.connect(self.ask_park)
        self.tabs_button.clicked.connect(self.show_tabs)
        self.pay_button.clicked.connect(self.pay)
        self._discount_by: Operator | None = None
        self._tools_state()
        return panel

    def _shortcuts(self) -> None:
        keys = {"F4": self.toggle_mode, "Ctrl+F": self.focus_search, "Ctrl+PgDown": lambda: self.grid.step_category(1),
                "Ctrl+PgUp": lambda: self.grid.step_category(-1)}
        for key, slot in keys.items():
            QShortcut(QKeySequence(key), self, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    # -- made when needed ---------------------------------------------------------------------------------------
    @property
    def payment(self) -> PaymentPage:
        """Made once and reused for every sale; made just after the shelf's first paint, or here if asked for
        sooner."""
        return self._make_payment()

    def _prepare(self) -> None:
        if self._payment is None:
            self._make_payment().prepare(self.left.size())
        self.grid.prepare()

    def _make_payment(self) -> PaymentPage:
        if self._payment is None:
            from cafepos.ui.payment_page import PaymentPage

            self._payment = PaymentPage(self._ring_up)
            self._payment.finished_sale.connect(self._sale_finished)
            self._payment.closed.connect(self._payment_closed)
            self.left.addWidget(self._payment)
        return self._payment

    @property
    def paying(self) -> bool:
        """The ticket is being paid: it must not change under the payment."""
        return self._payment is not None and self._payment.is_open

    def close_payment(self) -> None:
        """Leaving mid-payment (or mid-weighing, at a lock): nothing is recorded, or the sale stands unprinted (see
        PaymentPage.reject)."""
        if self.paying:
            self.payment.reject()
        if self.weighing is not None:
            self.show_shelf()  # nothing was added

    @property
    def discount_editor(self) -> DiscountEditor:
        return self.panel.discount_editor

    def _beside_ticket(self, page: PageT) -> PageT:
        """A page made when first needed, shown where the shelf was (weighing, putting on hold, the tabs); leaving
        it shows the shelf again."""
        page.back.connect(self.show_shelf)
        self.left.addWidget(page)
        return page

    @property
    def weight_page(self) -> WeightPage:
        if self._weight_page is None:
            from cafepos.ui.weight_page import WeightPage

            self._weight_page = page = self._beside_ticket(WeightPage())
            page.weighed.connect(self._weighed)
        return self._weight_page

    @property
    def weighing(self) -> WeightPage | None:
        """The weighing page while it is on show, else None."""
        page = self._weight_page
        return page if page is not None and self.left.currentWidget() is page else None

    @property
    def park_panel(self) -> ParkPanel:
        if self._park_panel is None:
            from cafepos.ui.tabs_panel import ParkPanel

            self._park_panel = panel = self._beside_ticket(ParkPanel())
            panel.parked.connect(self.park)
        return self._park_panel

    @property
    def tabs_panel(self) -> TabsPanel:
        if self._tabs_panel is None:
            from cafepos.ui.tabs_panel import TabsPanel

            self._tabs_panel = tabs = self._beside_ticket(TabsPanel(self.products.get))
            tabs.resume.connect(self.resume)
        return self._tabs_panel

    # -- showing --------------------------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        """The screen fills its own ground and says so (WA_OpaquePaintEvent): a tap that repaints a tile or the total
        then stops here, instead of first repainting the main window's background and every container above."""
        painter = QPainter(self)
        painter.fillRect(event.rect(), self._ground)
        painter.end()

    def showEvent(self, event: QShowEvent) -> None:
        self._tabs_count()
        self._till_open = False
        super().showEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self.key(event):
            super().keyPressEvent(event)

    def key(self, event: QKeyEvent) -> bool:
        """A key nobody below used (or typed while the focus sat in the top bar); True when it meant something.
        While paying, every plain key is the payment's: a scan then adds nothing to the ticket being paid."""
        if self.paying:
            self.payment.key(event)
            return not (event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
        return self.keys.key(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.close_payment()
        self.keys.clear()
        self.save_tab()
        super().hideEvent(event)

    def reload_catalogue(self) -> None:
        rows = self.cafe.catalog.products(active_only=False)
        self.products.clear()
        self.products.update((p.id, p) for p in rows)
        self.grid.load([p for p in rows if p.active], self.cafe.catalog.categories())
        self._show_stock()  # producers

    def _changed(self, what: str) -> None:
        if what == TILL:
            self._till_open = False  # opened, or closed by a Z: read again at the next payment
        elif what == CATALOGUE:
            self.reload_catalogue()
        elif what == TICKETS and not self._stock_unchanged:  # producers: what is left of their goods
            self._show_stock()
        elif what == TABS:
            self._tabs_count()

    def _basket_changed(self, *args: Any) -> None:
        b = self.basket
        self.total.setText(money(b.total_cents))
        self.pay_button.setEnabled(bool(b.lines))
        self._tools_state()
        self.expired_offer.check()  # producers: a line past its use-by date
        if b.tab_id is not None:
            self._save_timer.start()

    def _tools_state(self) -> None:
        self.tools.enable(self.table.has_selected_line())

    def _tabs_count(self) -> None:
        count = len([t for t in self.cafe.tabs.list() if t.id != self.basket.tab_id])
        self.tabs_button.setText(_("On hold ({count})").format(count=count) if count else _("On hold"))

    def show_shelf(self) -> None:
        self.left.setCurrentWidget(self.grid)
        self.grid.view.setFocus()

    @not_while_paying
    def focus_search(self) -> None:
        self.show_shelf()
        self.search.setFocus()
        self.search.selectAll()

    # -- adding -------------------------------------------------------------------------------------------------
    @not_while_paying
    def tap_product(self, product: ProductRow) -> None:
        qty = self.keys.entry.take_quantity()
        self.entry_changed("")
        if product.by_weight:
            self.weigh(product, qty)  # a number typed before the tap is the weight in grams: 350 then Comté
        else:
            self.add(product, qty or 1)

    def add(self, product: ProductRow, qty: int = 1, weight_g: int | None = None) -> None:
        row = self.session.actions.run(lambda: self.basket.add(product, qty, weight_g), sink=self.message.error)
        if row is not None:
            self.message.clear_message()
            self.table.select(row)

    def weigh(self, product: ProductRow, grams: int | None = None) -> None:
        """Goods sold by weight: with the grams already typed they go straight on the ticket, otherwise the
        weighing page asks for them where the shelf was."""
        if grams is not None:
            self.add(product, 1, grams)
            return
        page = self.weight_page
        self.left.setCurrentWidget(page)
        page.start(product)

    def _weighed(self, product: ProductRow, grams: int) -> None:
        self.show_shelf()
        self.add(product, 1, grams)

    @not_while_paying
    def code_entered(self, code: Code) -> None:
        found = self.session.actions.run(lambda: self.cafe.catalog.resolve(code.code), sink=self.message.error)
        if found is not None:
            product = self.products.get(found.id, found)
            if product.by_weight:
                self.weigh(product, code.qty if code.qty > 1 else None)
            else:
                self.add(product, code.qty)

    @not_while_paying
    def search_entered(self) -> None:
        """Enter in the search field adds the product when only one matches."""
        shelf = self.grid.shelf
        if shelf.rowCount() == 1:
            product: ProductRow = self.grid.model.rows[shelf.mapToSource(shelf.index(0, 0)).row()]
            self.search.clear()
            self.add(product)
            self.grid.view.setFocus()
        elif self.search.text().strip():
            self.message.info(_("{count} products match: tap the one you want.").format(count=shelf.rowCount()))

    def entry_changed(self, text: str) -> None:
        self.entry.setText(_("{typed} ×").format(typed=text) if text else "")

    def escape(self) -> None:
        """Esc steps back (typed entry, discount, a side page), never touching the ticket."""
        if self.panel.discount_open():
            self.discount_editor.hide()
        elif self.left.currentWidget() is not self.grid:
            self.show_shelf()
        else:
            self.message.clear_message()
            self.grid.view.setFocus()

    # -- lines --------------------------------------------------------------------------------------------------
    @not_while_paying
    def step_line(self, step: int) -> None:
        row = self.table.current_row()
        if row is None:
            return
        work = self.basket.increment if step > 0 else self.basket.decrement
        self.session.actions.run(lambda: work(row), sink=self.message.error)

    @not_while_paying
    def set_typed_qty(self) -> None:
        row = self.table.current_row()
        qty = self.keys.entry.take_quantity()
        self.entry_changed("")
        if row is None or qty is None:
            self.message.info(_("Type the quantity on the keyboard, then tap “Qty”."))
            return
        self.session.actions.run(lambda: self.basket.set_qty(row, qty), sink=self.message.error)

    @not_while_paying
    def remove_line(self) -> None:
        row = self.table.current_row()
        if row is None or not self.session.actions.run_ok(lambda: self.basket.remove(row), sink=self.message.error):
            return
        if self.basket.lines:
            self.table.select(min(row, len(self.basket.lines) - 1))

    @not_while_paying
    def ask_discount(self) -> None:
        if self.table.current_row() is None:
            return

        def granted(by: Operator) -> None:
            self._discount_by = by
            self.discount_editor.start()

        self.session.with_right(Right.DISCOUNT, _("A discount needs a manager."), granted)

    @not_while_paying
    def apply_discount(self, text: str, reason: str) -> None:
        row = self.table.current_row()
        by = self._discount_by
        if row is None or by is None:
            return
        line = self.basket.lines[row]
        try:
            cents = parse_discount(text, line.gross_cents) if text.strip() else 0
        except CafeError as exc:
            self.message.error(error_text(exc))
            return
        approver = None if self.session.who.may(Right.DISCOUNT) else by.name
        if self.session.actions.run_ok(lambda: self.basket.discount(row, cents, reason, approver),
                                       sink=self.message.error):
            self.discount_editor.hide()
            self.message.clear_message()

    @not_while_paying
    def clear_ticket(self) -> None:
        """The customer gives up: the lines are logged as a void, a parked tab is dropped with them."""
        basket, tab_id = self.basket, self.basket.tab_id
        if not basket.lines and tab_id is None:
            return
        if tab_id is not None:
            done = self.session.actions.run_ok(lambda: self.cafe.tabs.drop(self.session.who, tab_id, voided=True),
                                               changes=TABS, sink=self.message.error)
            work = (lambda: basket.clear(voided=False)) if done else None
        else:
            work = lambda: basket.clear(voided=True)  # noqa: E731
        if work is not None and self.session.actions.run_ok(work, sink=self.message.error):
            self._save_timer.stop()
            self.set_mode(SaleMode.ON_SITE)
            self.title.setText(_("Ticket"))
            self.message.info(_("Ticket cleared."))

    @not_while_paying
    def choose_mode(self, mode: SaleMode) -> None:
        """On site or take away, as the operator chose it (the buttons)."""
        self.set_mode(mode)

    def set_mode(self, mode: SaleMode) -> None:
        self.basket.set_mode(mode)
        (self.on_site if mode is SaleMode.ON_SITE else self.take_away).setChecked(True)

    @not_while_paying
    def toggle_mode(self) -> None:
        self.set_mode(SaleMode.TAKE_AWAY if self.basket.mode is SaleMode.ON_SITE else SaleMode.ON_SITE)

    def _log_void(self, scope: str, lines: list[dict[str, Any]]) -> None:
        self.cafe.sales.void(self.session.who, scope, lines)  # raises: the line then stays in the basket

    # -- paying -------------------------------------------------------------------------------------------------
    @not_while_paying
    def pay(self) -> None:
        if not self.basket.lines:
            self.message.error(_("The ticket is empty: add a product first."))
            return
        # Till (float_dialog): no session open yet → the float is counted or taken over first, then payment.
        if not self._till_open:
            self._till_open = self.cafe.till.current() is not None
            if not self._till_open:
                from cafepos.ui.float_dialog import ask_float  # once a day at most: loaded when needed

                ask_float(self.session, self, self.pay)
                return
        self.keys.clear()
        if self.panel.discount_open():
            self.discount_editor.hide()
        s = self.session.settings
        payment = self.payment
        payment.start(self.basket.total_cents, self.basket.preview_lines(), s.payment_rules, s.print_by_default)
        self.panel.freeze(True)  # in view beside the payment, but it takes no tap and no shortcut
        self.pay_button.setEnabled(False)  # greyed: the payment is under way beside it
        self._let_go_of_keys(self.left.currentWidget())  # the shelf, or the parking or tabs page
        payment.showing()
        self.left.setCurrentWidget(payment)
        payment.opened()
        self.paying_changed.emit(True)

    def _let_go_of_keys(self, side: QWidget | None) -> None:
        """The side about to be hidden lets go of the keyboard first: hidden with the focus, it would pass it on
        to the next button in the window (the ticket's "Clear", the top bar's "Sale"), repainting it on the way,
        before the side shown takes it."""
        focus = self.window().focusWidget()
        if focus is not None and side is not None and side.isAncestorOf(focus):
            focus.clearFocus()

    def _payment_closed(self) -> None:
        self.panel.freeze(False)
        self.pay_button.setEnabled(bool(self.basket.lines))
        self._let_go_of_keys(self.payment)
        self.show_shelf()
        self.paying_changed.emit(False)

    def _approver(self) -> Operator | None:
        """The manager who allowed a discount by PIN, when the operator may not give one: the ticket stays the
        operator's, and the service logs the manager's override."""
        approvers = self.basket.approvers()
        if approvers and not self.session.who.may(Right.DISCOUNT):
            return self.cafe.users.acting(sorted(approvers)[0])
        return None

    def _ring_up(self, payments: list[Payment], sink: Callable[[str], None]) -> SignedTicket | None:
        basket = self.basket
        items, mode, tab_id = basket.items(), basket.mode, basket.tab_id
        # A sale without producers' goods leaves their stock as it was: no need to read it again (every ticket).
        self._stock_unchanged = not any(line.product.producer_id is not None for line in basket.lines)
        try:
            ticket = self.session.actions.run(
                self.expired_offer.watch(  # producers: a refusal for goods past their use-by date offers the loss
                    lambda: self.cafe.sales.ring_up(self.session.who, items, mode, payments,
                                                    approved_by=self._approver())),
                changes=TICKETS, sink=sink)
        finally:
            self._stock_unchanged = False
        if ticket is None:
            return None
        self._save_timer.stop()
        basket.clear(voided=False)
        self.set_mode(SaleMode.ON_SITE)
        self.title.setText(_("Ticket"))
        if tab_id is not None:
            self.session.actions.run(lambda: self.cafe.tabs.drop(self.session.who, tab_id), changes=TABS,
                                     sink=self.message.error)
        return ticket

    def _sale_finished(self, ticket: SignedTicket, print_requested: bool) -> None:
        text = _("Ticket {label} recorded: {total}.").format(label=ticket.label,
                                                            total=money(int(ticket.payload["total_cents"])))
        if ticket.unclosed_days:
            # Selling goes on within the grace period, but the manager must hear of it at once.
            self.message.info(text + " " + _("The business day {day} was not closed: a manager must close it "
                                             "(Z).").format(day=ticket.unclosed_days[0]), seconds=0)
        else:
            self.message.info(text)
        # Painted with the shelf coming back, in the same pass (a repaint of its own here cost 1 ms a sale); the
        # event loop paints before it reads the next tap, so the confirmation is seen.
        self.grid.view.setFocus()
        self.ticket_signed.emit(ticket, print_requested)

    # -- tabs ---------------------------------------------------------------------------------------------------
    @not_while_paying
    def ask_park(self) -> None:
        if self.basket.tab_id is not None:
            self.park(self.basket.tab_name or "")
            return
        if not self.basket.lines:
            self.message.error(_("The ticket is empty: there is nothing to put on hold."))
            return
        self.left.setCurrentWidget(self.park_panel)
        self.park_panel.start()

    def park(self, name: str) -> None:
        tabs, basket = self.cafe.tabs, self.basket
        if basket.tab_id is not None:
            tab_id = basket.tab_id
            if basket.lines:
                done = self.session.actions.run_ok(lambda: tabs.save(tab_id, basket.to_state()), changes=TABS,
                                                   sink=self.message.error)
            else:  # every line was removed (each logged as a void): the tab is over
                done = self.session.actions.run_ok(lambda: tabs.drop(self.session.who, tab_id), changes=TABS,
                                                   sink=self.message.error)
        else:
            state = basket.to_state()
            done = self.session.actions.run(lambda: tabs.park(self.session.who, name, state), changes=TABS,
                                            sink=self.park_panel.message.error) is not None
        if not done:
            return
        self._save_timer.stop()
        basket.clear(voided=False)
        self.set_mode(SaleMode.ON_SITE)
        self.title.setText(_("Ticket"))
        self.message.info(_("“{name}” is on hold.").format(name=name))
        self.show_shelf()

    def save_tab(self) -> None:
        tab_id = self.basket.tab_id
        self._save_timer.stop()
        if tab_id is not None and self.basket.lines:
            state = self.basket.to_state()
            self.session.actions.run(lambda: self.cafe.tabs.save(tab_id, state), sink=self.message.error)

    @not_while_paying
    def show_tabs(self) -> None:
        tabs = self.session.actions.run(self.cafe.tabs.list, sink=self.message.error)
        if tabs is None:
            return
        self.tabs_panel.show_tabs(tabs, self.basket.tab_id)
        self.left.setCurrentWidget(self.tabs_panel)

    def resume(self, tab_id: int) -> None:
        if self.basket.lines and self.basket.tab_id is None:
            self.message.error(_("Pay or put the current ticket on hold first."))
            return
        self.save_tab()
        tab = next((t for t in self.cafe.tabs.list() if t.id == tab_id), None)
        if tab is None:
            self.message.error(_("This tab no longer exists."))
            return
        missing = self.basket.load_state(tab.state, tab.id, tab.name)
        (self.on_site if self.basket.mode is SaleMode.ON_SITE else self.take_away).setChecked(True)
        self.title.setText(tab.name)
        self._tabs_count()
        if missing:
            self.message.error(_("No longer sold, left out: {labels}.").format(labels=", ".join(missing)))
        self.show_shelf()

    # -- producers' goods (issue "producers"): the stock left on their tiles --------------------------------------
    def _show_stock(self) -> None:
        if self.grid.model.has_producers:
            self.grid.set_stock(self.cafe.producers.stock_levels())
