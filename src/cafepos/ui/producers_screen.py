"""Producteurs: the local producers whose goods the café sells on consignment (dépôt-vente).

A search field and a sortable table of producers on the left; on the right the selected producer's contract,
their lots with what is left (low stock and goods past their use-by date stand out), what the café owes them and
their statements, with the actions under it. Every form is in producer_dialogs / producer_statements; the
writes that need a manager ask for one first.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cafepos.domain.operators import Operator, Right
from cafepos.domain.ticket import weighed_cents
from cafepos.services.ports import ProducerRow
from cafepos.ui.actions import CATALOGUE, EVENTS, TICKETS
from cafepos.ui.producer_dialogs import DepositDialog, GiveBackDialog, NewProducerDialog, RecallDialog
from cafepos.ui.producer_statements import BatchDialog, PayoutDialog, StatementDialog
from cafepos.ui.producer_views import (
    Documents,
    LotLine,
    PayloadRole,
    Row,
    RowsModel,
    SortRole,
    day_text,
    lots_of,
    month_name,
    table_view,
)
from cafepos.ui.product_grid import search_key
from cafepos.ui.session import Session
from cafepos.ui.text import _, fmt, money, stock_quantity
from cafepos.ui.widgets import MessageLine, button

Index = QModelIndex | QPersistentModelIndex


class ProducerFilter(QSortFilterProxyModel):
    """"Dupuis" or "dupuis" or "fromagerie": accents and case do not matter."""

    def __init__(self) -> None:
        super().__init__()
        self.search = ""
        self.setSortRole(SortRole)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self.search = search_key(text.strip())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        return not self.search or self.search in search_key(str(model.index(source_row, 0, source_parent).data()))


def contract_text(p: ProducerRow, rates: dict[str, int] | None = None) -> str:
    mode = _("Transparent agent") if p.mode == "agent" else _("Commissionnaire")
    commission = (_("commission {rate} VAT included") if p.commission_includes_vat
                  else _("commission {rate} before VAT")).format(rate=fmt().rate(p.commission_bp))
    losses = _("losses borne by the café") if p.losses_borne_by == "cafe" else _("losses borne by the producer")
    paid = _("paid {days} days after the month").format(days=p.payment_days)
    identity = " · ".join(x for x in (p.siret and _("SIRET {siret}").format(siret=p.siret), p.address, p.contact) if x)
    by_category = "".join(f" · {category} {fmt().rate(bp)}" for category, bp in (rates or {}).items())
    return f"{mode} · {commission}{by_category} · {paid} · {losses}" + (f"\n{identity}" if identity else "")


class ProducersScreen(QWidget):
    dialog_opened = Signal(object)  # a form's own window, for the idle lock to watch

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")
        self.session = session
        self.cafe = session.cafe
        self.documents = Documents(self)
        self.current: ProducerRow | None = None
        self.lots: list[LotLine] = []
        self.owed_cents = 0
        self.dialog: QDialog | None = None  # the form open now, for tests and the screenshots
        self._stale = False
        self.model = RowsModel([_("Producer"), _("Contract"), _("Stock"), _("Owed")], right=(2, 3))
        self.proxy = ProducerFilter()
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setObjectName("producerSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Search a producer"))
        self.search.textChanged.connect(self.proxy.set_search)
        self.table = table_view("producers", self.proxy, row_height=48)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._selected(cur))
        self.message = MessageLine()
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.message)
        left.addWidget(self.table, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(12)
        layout.addLayout(left, 5)
        layout.addWidget(self._details(), 5)
        session.actions.changed.connect(self._changed)
        self.refresh()

    def _details(self) -> QFrame:
        panel = QFrame()
        panel.setObjectName("panel")
        self.name = QLabel()
        self.name.setObjectName("heading")
        self.contract = QLabel()
        self.contract.setObjectName("caption")
        self.contract.setWordWrap(True)
        self.lots_model = RowsModel([_("Product"), _("Lot"), _("Use-by date"), _("Left"), _("State")], right=(3,))
        self.lots_table = table_view("producerLots", self.lots_model, row_height=36)
        self.balance = QLabel()
        self.balance.setWordWrap(True)
        self.statements_model = RowsModel([_("Month"), _("Statement"), _("Net due"), _("Paid")], right=(2,))
        self.statements_table = table_view("producerStatements", self.statements_model, row_height=32)
        self.statements_table.setMaximumHeight(32 * 3 + 36)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(6)
        actions: list[tuple[str, str, str, Callable[[], None]]] = [
            ("deposit", _("Deposit"), _("Record a deposit sheet (manager)"), self.deposit),
            ("giveBack", _("Return / loss"), _("Goods back to the producer, or lost (manager)"), self.give_back),
            ("payout", _("Payment"), _("Pay the producer (manager)"), self.payout),
            ("statement", _("Statement"), _("The month's statement: preview, issue, PDF"), self.statement),
            ("recall", _("Lot recall"), _("Who bought from a lot, when and how many"), self.recall),
            ("newProducer", _("New producer"), _("Add a producer (manager)"), self.new_producer),
            ("allStatements", _("All statements of the month"), _("Every producer's statement and PDF (manager)"),
             self.all_statements)]
        for i, (key, text, tip, slot) in enumerate(actions):
            b = button(text, key, tip=tip)
            b.clicked.connect(slot)
            grid.addWidget(b, i // 3, i % 3, 1, 3 if i == 6 else 1)
            self.buttons[key] = b
        layout = QVBoxLayout(panel)
        layout.addWidget(self.name)
        layout.addWidget(self.contract)
        layout.addWidget(self.lots_table, 3)
        layout.addWidget(self.balance)
        layout.addWidget(self.statements_table, 1)
        layout.addLayout(grid)
        return panel

    # -- reading ----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reloads the producers (the selection stays) and the selected one's details."""
        self._stale = False
        keep = self.current.name if self.current is not None else None
        rows = []
        for p in self.cafe.producers.producers():
            stock = self.cafe.producers.products_of(p.name)
            count = sum(sellable for product, sellable, _e in stock if not product.by_weight)
            value = sum(weighed_cents(sellable, product.price_cents) if product.by_weight
                        else product.price_cents * sellable for product, sellable, _e in stock)
            expired = sum(e for _p, _s, e in stock)
            owed = int(self.cafe.statements.balance(p.name)["balance_cents"])
            mode = _("Agent") if p.mode == "agent" else _("Commissionnaire")
            rows.append(Row([p.name, f"{mode}\n{fmt().rate(p.commission_bp)}",
                             _("{count} · {value}").format(count=count, value=money(value)), money(owed)],
                            [search_key(p.name), f"{mode} {p.commission_bp:05d}", value, owed],
                            "expired" if expired else "", p.name))
        self.model.set_rows(rows)
        self.select(keep or (rows[0].payload if rows else None))

    def select(self, name: str | None) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(PayloadRole) == name:
                unchanged = self.table.currentIndex().row() == row
                self.table.selectRow(row)  # shows it through currentRowChanged, unless it was already current
                if unchanged:
                    self._selected(self.proxy.index(row, 0))
                return
        self.show_producer(None)

    def _selected(self, index: QModelIndex) -> None:
        self.show_producer(str(index.data(PayloadRole)) if index.isValid() else None)

    def show_producer(self, name: str | None) -> None:
        producer = self.session.actions.run(lambda: self.cafe.producers.producer(name),
                                            sink=self.message.error) if name else None
        self.current = producer
        for key in ("deposit", "giveBack", "payout", "statement"):
            self.buttons[key].setEnabled(producer is not None)
        if producer is None:
            self.name.setText(_("No producer yet: add one with “New producer”.") if not self.model.rows
                              else _("Choose a producer"))
            for label in (self.contract, self.balance):
                label.clear()
            self.lots_model.set_rows([])
            self.statements_model.set_rows([])
            return
        self.name.setText(producer.name)
        self.contract.setText(contract_text(producer, self.cafe.producers.rates(producer.name)))
        self.lots = lots_of(self.cafe, producer.name)
        rows = [Row([x.label, x.lot, day_text(x.dlc), stock_quantity(x.qty, x.by_weight),
                     _("Expired") if x.expired else (_("Low") if x.low else "")],
                    [x.label, x.lot, x.dlc or "9999", x.qty, 2 if x.expired else int(x.low)],
                    "expired" if x.expired else ("low" if x.low else ""), x.lot) for x in self.lots]
        with_stock = {x.label for x in self.lots}
        rows += [Row([p.label, "", "", "0", _("Sold out")], [p.label, "", "9999", 0, 0], "low", None)
                 for p, sellable, expired in self.cafe.producers.products_of(producer.name)
                 if p.label not in with_stock and p.active]
        self.lots_model.set_rows(rows)
        balance = self.cafe.statements.balance(producer.name)
        self.owed_cents = int(balance["balance_cents"])
        self.balance.setText(_("Owed to the producer: {balance} (statements {owed}, paid {paid})").format(
            balance=money(self.owed_cents), owed=money(int(balance["owed_cents"])),
            paid=money(int(balance["paid_cents"]))))
        self.statements_model.set_rows([
            Row([month_name(s["period"]), _("n°{number}").format(number=s["number"]), money(s["net_due_cents"]),
                 "✓" if s["paid"] else ""], [s["period"], s["number"], s["net_due_cents"], int(s["paid"])])
            for s in reversed(balance["statements"])])

    def selected_lot(self) -> str | None:
        index = self.lots_table.currentIndex()
        lot = self.lots_model.rows[index.row()].payload if index.isValid() else None
        return str(lot) if lot else None

    def _changed(self, what: str) -> None:
        if what not in (CATALOGUE, TICKETS, EVENTS):
            return
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)

    # -- acting -----------------------------------------------------------------------------------------------
    def leave(self) -> None:
        """The counter locks or another section opens: an unfinished form is dropped (nothing was written)."""
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.reject()

    def _open(self, dialog: QDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None) if self.dialog is dialog else None)
        self.dialog = dialog
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _done(self, text: str) -> None:
        self.message.info(text)

    def _as_manager(self, right: Right, reason: str, then: Callable[[Operator, ProducerRow], None]) -> None:
        producer = self.current
        if producer is not None:
            self.session.with_right(right, reason, lambda by: then(by, producer))

    def new_producer(self) -> None:
        def form(by: Operator) -> None:
            dialog = NewProducerDialog(self.session, by, self)
            dialog.added.connect(self._added)
            self._open(dialog)

        self.session.with_right(Right.EDIT_CATALOGUE, _("Adding a producer needs a manager."), form)

    def _added(self, name: str) -> None:
        self.refresh()
        self.select(name)
        self._done(_("Producer {name} added.").format(name=name))

    def deposit(self) -> None:
        def form(by: Operator, producer: ProducerRow) -> None:
            dialog = DepositDialog(self.session, by, producer, self.documents, self)
            dialog.recorded.connect(lambda d: self._done(_("Deposit n°{number} recorded for {producer}.").format(
                number=d.number, producer=producer.name)))
            self._open(dialog)

        self._as_manager(Right.EDIT_CATALOGUE, _("A deposit needs a manager."), form)

    def give_back(self) -> None:
        def form(by: Operator, producer: ProducerRow) -> None:
            dialog = GiveBackDialog(self.session, by, producer, self.lots, self)
            dialog.recorded.connect(self._done)
            self._open(dialog)

        self._as_manager(Right.EDIT_CATALOGUE, _("A return or a loss needs a manager."), form)

    def payout(self) -> None:
        def form(by: Operator, producer: ProducerRow) -> None:
            dialog = PayoutDialog(self.session, by, producer, self.owed_cents, self)
            dialog.paid.connect(self._done)
            self._open(dialog)

        self._as_manager(Right.CASH_MOVEMENT, _("Paying a producer needs a manager."), form)

    def statement(self) -> None:
        if self.current is not None:
            self._open(StatementDialog(self.session, self.current, self.documents, parent=self))

    def recall(self) -> None:
        self._open(RecallDialog(self.session, self.selected_lot() or "", self))

    def all_statements(self) -> None:
        def form(by: Operator) -> None:
            dialog = BatchDialog(self.session, by, self.documents, self)
            dialog.summary.connect(lambda text, ok: (self.message.info if ok else self.message.error)(text))
            self._open(dialog)

        self.session.with_right(Right.EDIT_CATALOGUE, _("The statements need a manager."), form)
