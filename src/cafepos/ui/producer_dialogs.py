"""The producers' forms for goods: a new producer, a deposit sheet, a return or a loss, a lot recall.

Each dialog is opened once a manager has been found (the screen asks first), sends one write through the
actions helper and says what it did in one sentence.
"""


from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import Qt
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from cafepos.domain.consignment_text import line_value
from cafepos.domain.errors import N_, BadInput, CafeError
from cafepos.domain.money import parse_amount, parse_rate_bp
from cafepos.domain.operators import Operator
from cafepos.domain.ticket import ticket_label, weighed_cents
from cafepos.services.consignment import MAX_DEPOSIT_G, Deposit, DepositItem, ProducerDraft
from cafepos.services.ports import ProducerRow
from cafepos.ui.actions import CATALOGUE
from cafepos.ui.producer_views import (
    Documents,
    Form,
    LotLine,
    Row,
    RowsModel,
    choice,
    day_text,
    parse_day,
    table_view,
    today_of,
    written_text,
)
from cafepos.ui.session import Session
from cafepos.ui.text import _, error_text, fmt, money, stock_quantity
from cafepos.ui.widgets import button


class NewProducerDialog(Form):
    added = QtSignal(str)

    def __init__(self, session: Session, by: Operator, parent: QWidget | None = None) -> None:
        super().__init__(_("New producer"), parent, 640)
        self.session, self.by = session, by
        self.name = QLineEdit()
        self.name.setObjectName("producerName")
        self.mode = choice("producerMode", [(_("Transparent agent (sold in the producer's name)"), "agent"),
                                            (_("Commissionnaire (sold in the café's own name)"), "commissionnaire")])
        self.commission = QLineEdit("20")
        self.commission.setObjectName("producerCommission")
        self.includes_vat = QCheckBox(_("The rate gives the commission VAT included"))
        self.includes_vat.setChecked(True)
        self.losses = choice("producerLosses", [(_("The producer"), "producer"), (_("The café"), "cafe")])
        self.vat_status = choice("producerVat", [
            (_("Agricultural flat-rate scheme"), "flat_rate"), (_("Registered for VAT"), "vat"),
            (_("VAT-free threshold"), "franchise")])
        self.days = QSpinBox()
        self.days.setRange(0, 120)
        self.days.setValue(30)
        self.siret, self.address, self.contact = QLineEdit(), QLineEdit(), QLineEdit()
        self.siret.setPlaceholderText(_("14 digits (optional)"))
        self.vat_number = QLineEdit()
        self.vat_number.setPlaceholderText(_("FR… (optional)"))
        self.rates = QLineEdit()
        self.rates.setObjectName("producerRates")
        self.rates.setPlaceholderText(_("Fromages=15; Boissons=10 (optional)"))
        self.rates.setToolTip(_("Categories of goods whose commission differs from the main rate"))
        form = QFormLayout()
        for label, widget in ((_("Name"), self.name), (_("Contract"), self.mode),
                              (_("Commission (%)"), self.commission), ("", self.includes_vat),
                              (_("Rates by category"), self.rates),
                              (_("Losses borne by"), self.losses),
                              (_("Producer's VAT"), self.vat_status), (_("Payment (days after the month)"), self.days),
                              (_("SIRET"), self.siret), (_("VAT number"), self.vat_number),
                              (_("Address"), self.address), (_("Contact"), self.contact)):
            form.addRow(label, widget)
        self.body.addLayout(form)
        self.name.setFocus()
        self.save = button(_("Add the producer"), "accent")
        self.save.clicked.connect(self.submit)
        self.foot.addWidget(self.save)

    def submit(self) -> None:
        try:
            rate = parse_rate_bp(self.commission.text())
            rates = parse_rates(self.rates.text())
        except CafeError as exc:
            self.message.error(error_text(exc))
            return
        draft = ProducerDraft(self.name.text(), rate, str(self.mode.currentData()), self.siret.text(),
                              self.address.text(), str(self.vat_status.currentData()), self.includes_vat.isChecked(),
                              self.days.value(), str(self.losses.currentData()), self.contact.text(),
                              self.vat_number.text(), rates)
        row = self.session.actions.run(lambda: self.session.cafe.producers.add_producer(self.by, draft),
                                       changes=CATALOGUE, sink=self.message.error)
        if row is not None:
            self.added.emit(row.name)
            self.accept()


def parse_rates(text: str) -> tuple[tuple[str, int], ...]:
    """"Fromages=15; Boissons=10": the categories whose commission differs from the main rate."""
    out = []
    for part in text.replace("\n", ";").split(";"):
        if not part.strip():
            continue
        category, sep, percent = part.rpartition("=")
        if not sep or not category.strip():
            raise BadInput(N_("“{text}”: write CATEGORY=PERCENT, like Fromages=15."), text=part.strip())
        out.append((category.strip(), parse_rate_bp(percent)))
    return tuple(out)


@dataclass
class DepositLine:
    label: QLineEdit = field(default_factory=QLineEdit)
    qty: QSpinBox = field(default_factory=QSpinBox)
    unit: QComboBox = field(default_factory=QComboBox)
    price: QLineEdit = field(default_factory=QLineEdit)
    lot: QLineEdit = field(default_factory=QLineEdit)
    day: QLineEdit = field(default_factory=QLineEdit)
    kind: QComboBox = field(default_factory=QComboBox)

    def widgets(self) -> list[QWidget]:
        return [self.label, self.qty, self.unit, self.price, self.lot, self.day, self.kind]

    @property
    def by_weight(self) -> bool:
        return bool(self.unit.currentData() == "g")

    def is_empty(self) -> bool:
        return not self.label.text().strip() and not self.price.text().strip()


class DepositDialog(Form):
    """The deposit sheet (bon de dépôt): what the producer leaves, at which price, with lots and dates."""

    recorded = QtSignal(object)  # Deposit

    def __init__(self, session: Session, by: Operator, producer: ProducerRow, documents: Documents,
                 parent: QWidget | None = None) -> None:
        super().__init__(_("Deposit from {producer}").format(producer=producer.name), parent, 980, 640)
        self.session, self.by, self.producer, self.documents = session, by, producer, documents
        self.cafe = session.cafe
        known = self.cafe.producers.products_of(producer.name)
        self.prices = {p.label: p.price_cents for p, *_n in known}
        self.weighed = {p.label for p, *_n in known if p.by_weight}
        self.deposit: Deposit | None = None
        self.lines: list[DepositLine] = []
        self.grid = QGridLayout()
        self.grid.setHorizontalSpacing(6)
        for col, (text, stretch) in enumerate(((_("Product"), 4), (_("Qty"), 0), (_("Unit"), 0), (_("Price"), 1),
                                               (_("Lot"), 1), (_("Date"), 1), (_("Kind of date"), 0))):
            head = QLabel(text)
            head.setObjectName("caption")
            self.grid.addWidget(head, 0, col)
            self.grid.setColumnStretch(col, stretch)
        rows = QWidget()
        box = QVBoxLayout(rows)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(self.grid)
        box.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(rows)
        for _i in range(4):
            self.add_line()
        self.more = button(_("Add a line"), tip=_("Another product or another lot"))
        self.more.clicked.connect(lambda: self.add_line().label.setFocus())
        self.vat = choice("depositVat", [(fmt().rate(550), 550), (fmt().rate(2000), 2000)])
        self.alcohol = QCheckBox(_("Alcoholic drinks"))
        self.alcohol.toggled.connect(self._alcohol)
        self.total = QLabel()
        self.total.setObjectName("heading")
        options = QHBoxLayout()
        for w in (self.more, QLabel(_("VAT on the goods")), self.vat, self.alcohol):
            options.addWidget(w)
        options.addStretch(1)
        options.addWidget(self.total)
        form = QWidget()
        page = QVBoxLayout(form)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(scroll, 1)
        page.addLayout(options)
        self.done_text = QLabel()
        self.done_text.setObjectName("heading")
        self.done_text.setWordWrap(True)
        self.pdf = button(_("Print the deposit sheet (PDF)"), "accent",
                          tip=_("Both sign it; the producer keeps a copy"))
        self.pdf.clicked.connect(self.print_sheet)
        done_page = QWidget()
        done_box = QVBoxLayout(done_page)
        done_box.addWidget(self.done_text)
        self.recorded_lines = RowsModel([_("Product"), _("Qty"), _("Price"), _("Lot"), _("Date")], right=(1, 2))
        done_box.addWidget(table_view("depositLines", self.recorded_lines, row_height=36), 1)
        done_box.addWidget(self.pdf, alignment=Qt.AlignmentFlag.AlignLeft)
        self.pages = QStackedWidget()
        self.pages.addWidget(form)
        self.pages.addWidget(done_page)
        self.body.addWidget(self.pages)
        self.lines[0].label.setFocus()
        self.save = button(_("Record the deposit"), "accent")
        self.save.clicked.connect(self.submit)
        self.foot.addWidget(self.save)
        self._update_total()

    def add_line(self) -> DepositLine:
        line = DepositLine()
        line.qty.setRange(0, 9999)
        line.qty.setMinimumWidth(84)
        line.price.setMinimumWidth(90)
        line.lot.setMinimumWidth(90)
        line.day.setMinimumWidth(136)
        line.qty.setSpecialValueText(" ")
        line.price.setPlaceholderText("3,20")
        line.day.setPlaceholderText(_("DD/MM/YYYY"))
        line.lot.setPlaceholderText(_("automatic"))
        line.unit.addItem(_("pieces"), "unit")
        line.unit.addItem(_("grams (price per kg)"), "g")
        line.unit.setToolTip(_("Goods sold by weight are deposited in grams, at a price per kg"))
        line.unit.currentIndexChanged.connect(lambda _i: self._unit_changed(line))
        line.kind.addItem(_("Use by (DLC)"), "dlc")
        line.kind.addItem(_("Best before (DDM)"), "ddm")
        line.label.setPlaceholderText(_("Product, as on the label"))
        line.label.editingFinished.connect(lambda: self._known_price(line))
        line.qty.valueChanged.connect(self._update_total)
        line.price.textChanged.connect(self._update_total)
        row = len(self.lines) + 1
        for col, widget in enumerate(line.widgets()):
            self.grid.addWidget(widget, row, col)
        self.lines.append(line)
        return line

    def _known_price(self, line: DepositLine) -> None:
        label = line.label.text().strip()
        known = self.prices.get(label)
        if known is not None and not line.price.text().strip():
            line.price.setText(fmt().money(known, symbol=False))
        if known is not None:
            line.unit.setCurrentIndex(line.unit.findData("g" if label in self.weighed else "unit"))

    def _unit_changed(self, line: DepositLine) -> None:
        line.qty.setMaximum(MAX_DEPOSIT_G if line.by_weight else 9999)
        line.price.setPlaceholderText("22,00" if line.by_weight else "3,20")
        self._update_total()

    def _alcohol(self, on: bool) -> None:
        if on:
            self.vat.setCurrentIndex(self.vat.findData(2000))
        self.vat.setEnabled(not on)

    def _update_total(self) -> None:
        total = count = 0
        for line in self.lines:
            try:
                price = parse_amount(line.price.text()) if line.price.text().strip() else 0
            except CafeError:
                price = 0
            if line.by_weight:
                total += weighed_cents(line.qty.value(), price)
            else:
                total += line.qty.value() * price
                count += line.qty.value()
        self.total.setText(_("{count} items · {value}").format(count=count, value=money(total)))

    def items(self) -> list[DepositItem]:
        today = today_of(self.cafe)
        out = []
        for line in self.lines:
            if line.is_empty():
                continue
            text = line.price.text()
            out.append(DepositItem(line.label.text().strip(), line.qty.value(),
                                   parse_amount(text, allow_zero=False) if text.strip() else None,
                                   line.lot.text().strip() or None, parse_day(line.day.text(), today),
                                   str(line.kind.currentData()), line.by_weight))
        return out

    def submit(self) -> None:
        vat, alcohol = int(self.vat.currentData()), self.alcohol.isChecked()
        try:
            items = self.items()
        except CafeError as exc:
            self.message.error(error_text(exc))
            return
        deposit = self.session.actions.run(
            lambda: self.cafe.producers.deposit(self.by, self.producer.name, items, vat, alcohol),
            changes=CATALOGUE, sink=self.message.error)
        if deposit is None:
            return
        self.deposit = deposit
        count = sum(int(x["qty"]) for x in deposit.lines if x.get("unit") != "g")
        value = sum(line_value(x) for x in deposit.lines)
        self.done_text.setText(_("Deposit sheet n°{number} recorded for {producer}: {count} items, {value}.").format(
            number=deposit.number, producer=self.producer.name, count=count, value=money(value)))
        kinds = {"dlc": _("Use by {date}"), "ddm": _("Best before {date}")}
        self.recorded_lines.set_rows([Row([x["label"], stock_quantity(int(x["qty"]), x.get("unit") == "g"),
                                           money(int(x["unit_price_cents"])) + ("/kg" if x.get("unit") == "g" else ""),
                                           x["lot"],
                                           kinds[x["dlc_kind"]].format(date=day_text(x["dlc"])) if x["dlc"] else ""])
                                      for x in deposit.lines])
        self.pages.setCurrentIndex(1)
        self.save.hide()
        self.message.clear_message()
        self.recorded.emit(deposit)

    def print_sheet(self) -> None:
        deposit = self.deposit
        if deposit is None:
            return
        path = self.documents.choose(self, _("Save the deposit sheet"), f"bon-depot-{deposit.number}.pdf",
                                     "PDF (*.pdf)")
        if path is None:
            return
        from cafepos.adapters.statement_pdf import write_deposit_pdf

        self.message.info(_("Writing the PDF…"), seconds=0)
        self.documents.write(path, lambda p: write_deposit_pdf(self.cafe, deposit, p), self._written)

    def _written(self, path: str, error: object) -> None:
        if error is None:
            self.message.info(written_text(path, error))
            self.documents.show(path)
        else:
            self.message.error(written_text(path, error))


class GiveBackDialog(Form):
    """Goods leaving without a sale: back to the producer, or lost (perished, broken, stolen)."""

    recorded = QtSignal(str)

    def __init__(self, session: Session, by: Operator, producer: ProducerRow, lots: list[LotLine],
                 parent: QWidget | None = None) -> None:
        super().__init__(_("Return or loss — {producer}").format(producer=producer.name), parent, 640)
        self.session, self.by, self.producer, self.lots = session, by, producer, lots
        self.prices = {p.label: p.price_cents for p, *_n in session.cafe.producers.products_of(producer.name)}
        self.weighed = {x.label for x in lots if x.by_weight}
        self.kind = QButtonGroup(self)
        self.return_button = button(_("Return to the producer"), "returnKind")
        self.loss_button = button(_("Loss"), "lossKind")
        kinds = QHBoxLayout()
        for b, value in ((self.return_button, "return"), (self.loss_button, "loss")):
            b.setCheckable(True)
            b.setProperty("kind", value)
            self.kind.addButton(b)
            kinds.addWidget(b)
        self.return_button.setChecked(True)
        self.product = choice("giveBackProduct", [(label, label) for label in sorted({x.label for x in lots})])
        self.lot = QComboBox()
        self.lot.setObjectName("giveBackLot")
        self.qty = QSpinBox()
        self.qty.setRange(1, MAX_DEPOSIT_G)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.setObjectName("giveBackReason")
        self.bearer = QLabel()
        self.bearer.setWordWrap(True)
        self.bearer.setObjectName("caption")
        form = QFormLayout()
        for label, widget in ((_("Product"), self.product), (_("Lot"), self.lot), (_("Quantity"), self.qty),
                              (_("Reason"), self.reason)):
            form.addRow(label, widget)
        self.body.addLayout(kinds)
        self.body.addLayout(form)
        self.body.addWidget(self.bearer)
        self.save = button(_("Record"), "accent")
        self.save.clicked.connect(self.submit)
        self.foot.addWidget(self.save)
        self.product.currentIndexChanged.connect(self._lots)
        self.lot.currentIndexChanged.connect(self._update)
        self.qty.valueChanged.connect(self._update)
        self.kind.buttonToggled.connect(lambda *_a: self._reasons())
        self._lots()
        self._reasons()

    def current_kind(self) -> str:
        checked = self.kind.checkedButton()
        return str(checked.property("kind")) if checked is not None else "return"

    def _lots(self) -> None:
        label = self.product.currentData()
        self.lot.clear()
        self.lot.addItem(_("Any lot (past dates first)"), None)
        for x in self.lots:
            if x.label == label:
                state = _(" — expired") if x.expired else ""
                self.lot.addItem(_("{lot}: {qty} left{state}").format(
                    lot=x.lot, qty=stock_quantity(x.qty, x.by_weight), state=state), x.lot)
        self.qty.setSuffix(" g" if label in self.weighed else "")
        self._update()

    def _reasons(self) -> None:
        loss = self.current_kind() == "loss"
        words = ([_("Past its use-by date"), _("Broken"), _("Stolen"), _("Perished")] if loss
                 else [_("Unsold"), _("End of deposit")])
        self.reason.clear()
        self.reason.addItems(words)
        self._update()

    def _update(self) -> None:
        lot = self.lot.currentData()
        left = sum(x.qty for x in self.lots if x.label == self.product.currentData() and (lot is None or x.lot == lot))
        self.qty.setMaximum(max(1, left))
        if self.current_kind() != "loss":
            self.bearer.setText(_("The goods go back to the producer; nothing is owed for them."))
            return
        label = str(self.product.currentData())
        price = self.prices.get(label, 0)
        value = money(weighed_cents(self.qty.value(), price) if label in self.weighed else self.qty.value() * price)
        if self.producer.losses_borne_by == "cafe":
            self.bearer.setText(_("Borne by the café under the contract: {value} is added to what the producer is "
                                  "owed.").format(value=value))
        else:
            self.bearer.setText(_("Borne by the producer under the contract: the café owes nothing for these {value} "
                                  "of goods.").format(value=value))

    def submit(self) -> None:
        label, lot, qty, kind = str(self.product.currentData() or ""), self.lot.currentData(), self.qty.value(), \
            self.current_kind()
        reason = self.reason.currentText()
        taken = self.session.actions.run(
            lambda: self.session.cafe.producers.give_back(self.by, self.producer.name, label, qty, reason, kind, lot),
            changes=CATALOGUE, sink=self.message.error)
        if taken is None:
            return
        weighed = label in self.weighed
        lots = ", ".join(f"{x['lot']} ×{stock_quantity(int(x['qty']), weighed)}" for x in taken)
        qty_text = stock_quantity(qty, weighed)
        if kind == "return":
            text = _("{qty} × {label} returned to {producer} (lots {lots}).")
        elif self.producer.losses_borne_by == "cafe":
            text = _("Loss of {qty} × {label} recorded (lots {lots}), borne by the café.")
        else:
            text = _("Loss of {qty} × {label} recorded (lots {lots}), borne by {producer}.")
        self.recorded.emit(text.format(qty=qty_text, label=label, producer=self.producer.name, lots=lots))
        self.accept()


class RecallDialog(Form):
    """A food recall: who bought from a lot, when and how many (by ticket)."""

    def __init__(self, session: Session, code: str = "", parent: QWidget | None = None) -> None:
        super().__init__(_("Lot recall"), parent, 720, 560)
        self.session = session
        self.code = QLineEdit(code)
        self.code.setObjectName("recallLot")
        self.code.setPlaceholderText(_("Lot code, as on the deposit sheet"))
        self.code.returnPressed.connect(self.find_sales)
        self.code.setFocus()
        find = button(_("Find"), "accent")
        find.clicked.connect(self.find_sales)
        top = QHBoxLayout()
        top.addWidget(self.code, 1)
        top.addWidget(find)
        self.model = RowsModel([_("Date"), _("Time"), _("Product"), _("Qty"), _("Ticket")], right=(3,))
        self.table = table_view("recallSales", self.model, stretch=2)
        self.summary = QLabel()
        self.body.addLayout(top)
        self.body.addWidget(self.table, 1)
        self.body.addWidget(self.summary)
        if code:
            self.find_sales()

    def find_sales(self) -> None:
        code = self.code.text().strip()
        moves = self.session.actions.run(lambda: self.session.cafe.producers.lot_sales(code), sink=self.message.error)
        if moves is None:
            self.model.set_rows([])
            self.summary.clear()
            return
        self.message.clear_message()
        rows = []
        for m in moves:
            ticket = ticket_label(m.till or 1, m.ticket_number) if m.ticket_number is not None else ""
            if m.kind == "cancel":
                ticket = _("{ticket} (cancellation)").format(ticket=ticket)
            rows.append(Row([day_text(m.business_date), m.timestamp[11:16], m.label, str(-m.qty), ticket],
                            [m.business_date, m.timestamp, m.label, -m.qty, m.ticket_number or 0]))
        self.model.set_rows(rows)
        sold = -sum(m.qty for m in moves)
        self.summary.setText(_("Lot {lot}: {qty} sold on {tickets} tickets.").format(
            lot=code, qty=sold, tickets=len({m.ticket_number for m in moves if m.kind == "sale"})))
