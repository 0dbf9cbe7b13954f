"""Producers and their deposits: the deposit sheet, lots with use-by dates, returns, losses, recall.

Goods stay the producer's until sold; every deposit, return and loss is a signed event and a stock movement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cafepos.domain.calendar import business_date, iso_second
from cafepos.domain.consignment import ContractMode, LossBearer, LotStock, VatStatus, quantity_text
from cafepos.domain.errors import N_, BadInput, NotFound, Refused
from cafepos.domain.operators import Operator, Right
from cafepos.services.catalog import rate_text
from cafepos.services.journal import Journal, Tx
from cafepos.services.ports import MoveRow, ProducerRow, ProductRow, Store
from cafepos.services.settings import Settings

PRODUCER_CATEGORY = "Producteurs locaux"
MAX_DEPOSIT_QTY = 100_000
MAX_DEPOSIT_G = 1_000_000  # a tonne: vegetables and apples come by the crate, never by the lorry


@dataclass(frozen=True)
class ProducerDraft:
    name: str
    commission_bp: int
    mode: str = ContractMode.AGENT
    siret: str = ""
    address: str = ""
    vat_status: str = VatStatus.FLAT_RATE
    commission_includes_vat: bool = True
    payment_days: int = 30
    losses_borne_by: str = LossBearer.PRODUCER
    contact: str = ""
    vat_number: str = ""
    rates: tuple[tuple[str, int], ...] = ()  # (category, commission) where the contract differs from the main rate

    def values(self) -> dict[str, Any]:
        name = self.name.strip()
        if not name or len(name) > 60:
            raise BadInput(N_("A producer's name is 1 to 60 characters."))
        if not 0 <= self.commission_bp <= 10_000:
            raise BadInput(N_("A commission is between 0 and 100 %."))
        try:
            mode, vat, losses = ContractMode(self.mode), VatStatus(self.vat_status), LossBearer(self.losses_borne_by)
        except ValueError:
            raise BadInput(N_("Unknown contract setting: mode is agent or commissionnaire.")) from None
        siret = self.siret.replace(" ", "")
        if siret and not (siret.isdigit() and len(siret) == 14):
            raise BadInput(N_("A SIRET is 14 digits."))
        if not 0 <= self.payment_days <= 120:
            raise BadInput(N_("The payment period is 0 to 120 days."))
        for category, rate in self.rates:
            check_rate(category, rate)
        vat_number = self.vat_number.replace(" ", "").upper()
        if vat_number and not (4 <= len(vat_number) <= 15 and vat_number[:2].isalpha() and vat_number.isalnum()):
            raise BadInput(N_("A VAT number starts with the country's two letters (FR12345678901)."))
        return {"name": name, "commission_bp": self.commission_bp, "mode": str(mode), "siret": siret,
                "address": self.address.strip(), "vat_status": str(vat),
                "commission_includes_vat": self.commission_includes_vat, "payment_days": self.payment_days,
                "losses_borne_by": str(losses), "contact": self.contact.strip(), "vat_number": vat_number}


def check_rate(category: str, rate_bp: int) -> None:
    if not category.strip():
        raise BadInput(N_("Name the category the commission rate applies to."))
    if not 0 <= rate_bp <= 10_000:
        raise BadInput(N_("A commission is between 0 and 100 %."))


@dataclass(frozen=True)
class DepositItem:
    label: str
    qty: int
    price_cents: int | None
    lot: str | None = None
    dlc: str | None = None           # ISO date
    dlc_kind: str = "dlc"            # "dlc" use-by, "ddm" best-before
    by_weight: bool = False          # qty in grams and price_cents per kg (cheese, vegetables, meat)
    category: str | None = None      # where it sits on the sale screen; the producers' category by default


@dataclass(frozen=True)
class LotView:
    product_id: int
    label: str
    lot: str
    dlc: str | None
    dlc_kind: str
    qty_left: int
    expired: bool  # past its use-by date: cannot be sold, only returned or recorded as a loss
    by_weight: bool = False  # qty_left in grams


@dataclass(frozen=True)
class Deposit:
    number: int
    producer: ProducerRow
    business_date: str
    lines: list[dict[str, Any]]
    rates: dict[str, int] = field(default_factory=dict)  # the producer's commission rates by category


def stock_of(store: Store, product_id: int) -> list[LotStock]:
    return [LotStock(*row) for row in store.lots_of(product_id)]


@dataclass
class ConsignmentService:
    journal: Journal

    # -- producers ----------------------------------------------------------------------------------------
    def add_producer(self, operator: Operator, draft: ProducerDraft) -> ProducerRow:
        operator.require(Right.EDIT_CATALOGUE)
        values = draft.values()
        with self.journal.unit() as tx:
            if tx.store.producer_by_name(values["name"]):
                raise Refused(N_("There is already a producer called “{name}”."), name=values["name"])
            producer_id = tx.store.add_producer(values)
            rates = {}
            for category, rate in draft.rates:
                category_id = tx.store.category_id(category.strip(), True)
                assert category_id is not None
                tx.store.set_producer_rate(producer_id, category_id, rate)
                rates[category.strip()] = rate
            self._event(tx, operator, "producer_added", producer=values["name"], **{
                k: values[k] for k in ("mode", "commission_bp", "commission_includes_vat", "losses_borne_by")},
                **({"rates_by_category": rates} if rates else {}))
            row = tx.store.producer(producer_id)
        assert row is not None
        return row

    def set_rate(self, operator: Operator, producer_name: str, category: str, rate_bp: int | None) -> dict[str, int]:
        """A commission rate for one category of the producer's goods (None: back to the main rate). It is a
        change of contract, so it is a signed event; statements use the rate in force when they are computed."""
        operator.require(Right.EDIT_CATALOGUE)
        if rate_bp is not None:
            check_rate(category, rate_bp)
        with self.journal.unit() as tx:
            producer = _producer(tx.store, producer_name)
            category_id = tx.store.category_id(category.strip(), rate_bp is not None)
            if category_id is None:
                raise NotFound(N_("There is no category called “{name}”."), name=category)
            tx.store.set_producer_rate(producer.id, category_id, rate_bp)
            self._event(tx, operator, "commission_agreement", producer=producer.name, category=category.strip(),
                        commission_bp=rate_bp if rate_bp is not None else producer.commission_bp,
                        main_rate=rate_bp is None)
            return tx.store.producer_rates(producer.id)

    def rates(self, producer_name: str) -> dict[str, int]:
        with self.journal.ledger.read() as store:
            return store.producer_rates(_producer(store, producer_name).id)

    def producers(self) -> list[ProducerRow]:
        with self.journal.ledger.read() as store:
            return store.producers()

    def producer(self, name: str) -> ProducerRow:
        with self.journal.ledger.read() as store:
            return _producer(store, name)

    def products_of(self, name: str) -> list[tuple[ProductRow, int, int]]:
        """The producer's products with the quantity left that can be sold and the quantity past its use-by date."""
        today = self._today()
        with self.journal.ledger.read() as store:
            producer = _producer(store, name)
            out = []
            for product in store.producer_products(producer.id):
                lots = stock_of(store, product.id)
                out.append((product, sum(x.qty_left for x in lots if not x.expired(today)),
                            sum(x.qty_left for x in lots if x.expired(today))))
        return out

    def lots(self, name: str) -> list[LotView]:
        """The producer's lots with goods left: what the producers' screen lists, expired ones marked."""
        today = self._today()
        with self.journal.ledger.read() as store:
            producer = _producer(store, name)
            out = []
            for product in store.producer_products(producer.id):
                for lot in stock_of(store, product.id):
                    if lot.qty_left > 0:
                        out.append(LotView(product.id, product.label, lot.code, lot.dlc, lot.dlc_kind, lot.qty_left,
                                           lot.expired(today), product.by_weight))
        return sorted(out, key=lambda x: (x.label, x.dlc or "9999-12-31", x.lot))

    def stock_levels(self) -> dict[int, tuple[int, int]]:
        """For the sale screen's tiles: product id -> (quantity that can be sold, quantity past its use-by date)."""
        today = self._today()
        out: dict[int, tuple[int, int]] = {}
        with self.journal.ledger.read() as store:
            for producer in store.producers():
                for product in store.producer_products(producer.id):
                    lots = stock_of(store, product.id)
                    out[product.id] = (sum(x.qty_left for x in lots if not x.expired(today)),
                                       sum(x.qty_left for x in lots if x.expired(today)))
        return out

    # -- deposits -----------------------------------------------------------------------------------------
    def deposit(self, operator: Operator, producer_name: str, items: list[DepositItem], vat_bp: int = 550,
                alcohol: bool = False) -> Deposit:
        """Records a deposit sheet (bon de dépôt): products, quantities, agreed prices, lots and use-by dates."""
        operator.require(Right.EDIT_CATALOGUE)
        if not items:
            raise BadInput(N_("A deposit lists at least one product."))
        if vat_bp not in (550, 1000, 2000, 0, 210):
            raise BadInput(N_("Unknown VAT rate {rate} %: French rates are 0, 2.1, 5.5, 10 and 20."),
                           rate=rate_text(vat_bp))
        if alcohol and vat_bp != 2000:
            raise BadInput(N_("Alcoholic drinks are taxed at 20 %, on site and to take away."))
        today = self._today()
        for item in items:
            _check_item(item, today)
        now = iso_second(self.journal.clock.now())
        with self.journal.unit() as tx:
            producer = _producer(tx.store, producer_name)
            number = tx.store.next_deposit_number()
            lines = []
            resolved = []
            for i, item in enumerate(items, start=1):
                product_id = self._product_for(tx, operator, producer, item, vat_bp, alcohol)
                code = (item.lot or f"D{number}-{i}").strip()
                resolved.append((product_id, code, item))
                lines.append({"label": item.label.strip(), "product_ref": str(product_id), "qty": item.qty,
                              "unit_price_cents": item.price_cents, "lot": code, "dlc": item.dlc,
                              "dlc_kind": item.dlc_kind, "vat_rate_bp": vat_bp,
                              **({"unit": "g"} if item.by_weight else {})})
            record = self._event(tx, operator, "deposit", number=number, producer=producer.name,
                                 business_date=today.isoformat(), lines=lines)
            deposit_id = tx.store.add_deposit(number, producer.id, today.isoformat(), record.seq)
            for product_id, code, item in resolved:
                lot_id = tx.store.add_lot(product_id, deposit_id, code, item.dlc, item.dlc_kind, item.qty)
                tx.store.add_stock_move(lot_id, "deposit", item.qty, 0, None, None, None, None, now, today.isoformat())
            rates = tx.store.producer_rates(producer.id)
        return Deposit(number, producer, today.isoformat(), lines, rates)

    def _product_for(self, tx: Tx, operator: Operator, producer: ProducerRow, item: DepositItem, vat_bp: int,
                     alcohol: bool) -> int:
        assert item.price_cents is not None
        label = item.label.strip()
        existing = next((p for p in tx.store.producer_products(producer.id) if p.label.lower() == label.lower()), None)
        if existing is None:
            category = tx.store.category_id((item.category or "").strip() or PRODUCER_CATEGORY, True)
            return tx.store.add_product({
                "label": label, "category_id": category, "price_cents": item.price_cents, "vat_on_site_bp": vat_bp,
                "vat_take_away_bp": vat_bp, "barcode": None, "colour": "#6d8b3a", "active": True,
                "alcohol": alcohol, "voucher_ok": not alcohol, "producer_id": producer.id,
                "by_weight": item.by_weight})
        if existing.by_weight != item.by_weight:
            raise BadInput(N_("“{label}” is sold by weight: deposit it in grams (e.g. 2500g) with its price per kg.")
                           if existing.by_weight else
                           N_("“{label}” is sold by the unit: deposit it as a number of pieces."), label=label)
        if existing.price_cents != item.price_cents:
            # A price changes only through a new agreement with the producer: this deposit is that agreement.
            tx.store.update_product(existing.id, {"price_cents": item.price_cents, "active": True})
            self._event(tx, operator, "price_agreement", producer=producer.name, product_ref=str(existing.id),
                        label=label, old_cents=existing.price_cents, new_cents=item.price_cents)
        elif not existing.active:
            tx.store.update_product(existing.id, {"active": True})
        return existing.id

    # -- returns and losses -------------------------------------------------------------------------------
    def give_back(self, operator: Operator, producer_name: str, label: str, qty: int, reason: str,
                  kind: str = "return", lot: str | None = None) -> list[dict[str, Any]]:
        """Returns unsold goods to the producer, or records a loss (perished, broken, stolen) with its reason."""
        operator.require(Right.EDIT_CATALOGUE)
        if kind not in ("return", "loss"):
            raise BadInput(N_("Choose a return or a loss."))
        if not 1 <= qty <= MAX_DEPOSIT_G:
            raise BadInput(N_("The quantity must be a whole number more than zero."))
        if not reason.strip():
            raise BadInput(N_("Give the reason (unsold, end of deposit, perished, broken, stolen...)."))
        today = self._today()
        now = iso_second(self.journal.clock.now())
        with self.journal.unit() as tx:
            producer = _producer(tx.store, producer_name)
            product = next((p for p in tx.store.producer_products(producer.id)
                            if p.label.lower() == label.strip().lower()), None)
            if product is None:
                raise NotFound(N_("{producer} has no product called “{label}”."), producer=producer.name, label=label)
            lots = [x for x in stock_of(tx.store, product.id) if lot is None or x.code == lot]
            # Expired goods go first: they are what is thrown away or taken back.
            ordered = sorted((x for x in lots if x.qty_left > 0),
                             key=lambda x: (not x.expired(today), x.dlc or "9999-12-31", x.lot_id))
            if sum(x.qty_left for x in ordered) < qty:
                raise Refused(N_("Only {available} left of {label}."),
                              available=quantity_text(sum(x.qty_left for x in ordered), product.by_weight),
                              label=product.label)
            borne_by = producer.losses_borne_by if kind == "loss" else None
            taken: list[dict[str, Any]] = []
            rest = qty
            for x in ordered:
                if rest == 0:
                    break
                take = min(rest, x.qty_left)
                tx.store.take_from_lot(x.lot_id, take)
                tx.store.add_stock_move(x.lot_id, kind, -take, 0, None, None, reason.strip(), borne_by, now,
                                        today.isoformat())
                taken.append({"lot": x.code, "qty": take, **({"unit": "g"} if product.by_weight else {})})
                rest -= take
            self._event(tx, operator, f"producer_{kind}", producer=producer.name, product_ref=str(product.id),
                        label=product.label, lots=taken, reason=reason.strip(), borne_by=borne_by)
        return taken

    # -- recall -------------------------------------------------------------------------------------------
    def lot_sales(self, code: str) -> list[MoveRow]:
        """Every sale (and cancellation) from a lot: when, how many, which ticket — for a food recall."""
        with self.journal.ledger.read() as store:
            moves = store.lot_moves(code.strip())
        if not moves:
            raise NotFound(N_("There is no lot “{lot}”."), lot=code)
        return [m for m in moves if m.kind in ("sale", "cancel")]

    # -- helpers ------------------------------------------------------------------------------------------
    def _today(self) -> date:
        with self.journal.ledger.read() as store:
            settings = Settings.from_rows(store.settings())
        return business_date(self.journal.clock.now(), settings.cutoff_hour)

    def _event(self, tx: Tx, operator: Operator, kind: str, **data: Any) -> Any:
        till = Settings.from_rows(tx.store.settings()).till
        return self.journal.event(tx, kind, operator.name, till, **data)


def _producer(store: Store, name: str) -> ProducerRow:
    row = store.producer_by_name(name)
    if row is None:
        raise NotFound(N_("There is no producer called “{name}”."), name=name)
    return row


def _check_item(item: DepositItem, today: date) -> None:
    if not item.label.strip():
        raise BadInput(N_("Each deposited product needs a label."))
    if item.price_cents is None or item.price_cents <= 0:
        raise BadInput(N_("“{label}” has no price: the producer sets the retail price of each product."),
                       label=item.label)
    if not 1 <= item.qty <= (MAX_DEPOSIT_G if item.by_weight else MAX_DEPOSIT_QTY):
        raise BadInput(N_("“{label}”: the quantity must be a whole number more than zero."), label=item.label)
    if item.dlc_kind not in ("dlc", "ddm"):
        raise BadInput(N_("A date is a use-by date (DLC) or a best-before date (DDM)."))
    if item.dlc is not None:
        try:
            dlc = date.fromisoformat(item.dlc)
        except ValueError:
            raise BadInput(N_("“{text}” is not a date: write YYYY-MM-DD."), text=item.dlc) from None
        if item.dlc_kind == "dlc" and dlc < today:
            raise BadInput(N_("“{label}”: its use-by date {dlc} is already past; it cannot be deposited."),
                           label=item.label, dlc=item.dlc)
