"""A demo café: an invented village café with a realistic catalogue and, on request, past trading.

History is made through the same services as real sales (same signatures, same chains), with a clock moved by
hand, so the demo exercises exactly what a café will run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cafepos.domain.calendar import business_date
from cafepos.domain.cash import as_pieces
from cafepos.domain.errors import CafeError
from cafepos.domain.operators import Operator
from cafepos.domain.ticket import Payment, PaymentMethod, SaleMode
from cafepos.services.catalog import CatalogService, ProductDraft
from cafepos.services.closings import Cheque, CloseCount, ClosingService
from cafepos.services.consignment import ConsignmentService, DepositItem, ProducerDraft
from cafepos.services.journal import Journal
from cafepos.services.ports import ProductRow
from cafepos.services.sales import BasketItem, SalesService
from cafepos.services.settings import SettingsService
from cafepos.services.users import UserService

CAFE = {
    "cafe_name": "Café de la Place", "cafe_address": "2 place de l'Église, 71460 Bissy",
    "cafe_phone": "03 85 00 00 00", "siret": "91234567800017", "vat_number": "FR12912345678", "till": "1",
    "receipt_footer": "Merci et à demain !",
}
OPERATORS = [("Nadia", "manager", "1234"), ("Paul", "staff", "2222"), ("Léa", "staff", "3333")]

# label, price, VAT on site, VAT take away (basis points), category, alcohol, meal vouchers ok, barcode, colour
Row = tuple[str, int, int, int, str, bool, bool, str | None]
CATALOGUE: list[Row] = [
    ("Café", 130, 1000, 1000, "Boissons chaudes", False, True, None),
    ("Café allongé", 150, 1000, 1000, "Boissons chaudes", False, True, None),
    ("Café crème", 220, 1000, 1000, "Boissons chaudes", False, True, None),
    ("Thé", 200, 1000, 1000, "Boissons chaudes", False, True, None),
    ("Chocolat chaud", 250, 1000, 1000, "Boissons chaudes", False, True, None),
    ("Sirop à l'eau", 150, 1000, 1000, "Boissons fraîches", False, True, None),
    ("Soda (verre)", 280, 1000, 1000, "Boissons fraîches", False, True, None),
    ("Canette soda 33 cl", 180, 1000, 550, "Boissons fraîches", False, True, "5449000000996"),
    ("Jus de pomme 25 cl", 250, 1000, 550, "Boissons fraîches", False, True, "3250390000013"),
    ("Eau minérale 50 cl", 150, 1000, 550, "Boissons fraîches", False, True, "3274080005003"),
    ("Bière pression 25 cl", 310, 2000, 2000, "Bières et vins", True, False, None),
    ("Bière pression 50 cl", 580, 2000, 2000, "Bières et vins", True, False, None),
    ("Verre de vin rouge", 300, 2000, 2000, "Bières et vins", True, False, None),
    ("Verre de vin blanc", 300, 2000, 2000, "Bières et vins", True, False, None),
    ("Pastis", 280, 2000, 2000, "Apéritifs", True, False, None),
    ("Kir", 320, 2000, 2000, "Apéritifs", True, False, None),
    ("Sandwich jambon-beurre", 450, 1000, 1000, "Snacking", False, True, None),
    ("Croque-monsieur", 550, 1000, 1000, "Snacking", False, True, None),
    ("Chips", 120, 1000, 550, "Snacking", False, True, "3168930010265"),
    ("Glace cornet", 250, 1000, 1000, "Snacking", False, True, None),
    ("Baguette", 110, 550, 550, "Boulangerie", False, True, None),
    ("Croissant", 120, 1000, 550, "Boulangerie", False, True, None),
    ("Pain au chocolat", 130, 1000, 550, "Boulangerie", False, True, None),
    ("Sachet de bonbons", 150, 2000, 2000, "Épicerie", False, True, "3103220009000"),
    ("Photocopie", 20, 2000, 2000, "Services", False, False, None),
]
COLOURS = {"Boissons chaudes": "#8d6e63", "Boissons fraîches": "#4fa3c7", "Bières et vins": "#c9a227",
           "Apéritifs": "#b5651d", "Snacking": "#7cb342", "Boulangerie": "#d4a373", "Épicerie": "#ab47bc",
           "Services": "#78909c"}

# What people buy at each hour: (hour range, weighted labels)
MOMENTS = [
    ((7, 10), {"Café": 10, "Croissant": 4, "Café crème": 3, "Baguette": 6, "Pain au chocolat": 3, "Thé": 1}),
    ((10, 12), {"Café": 6, "Thé": 2, "Canette soda 33 cl": 1, "Photocopie": 1, "Baguette": 2}),
    ((12, 14), {"Sandwich jambon-beurre": 5, "Croque-monsieur": 4, "Soda (verre)": 3, "Café": 5,
                "Bière pression 25 cl": 3, "Verre de vin rouge": 2, "Eau minérale 50 cl": 2}),
    ((14, 17), {"Café": 5, "Chocolat chaud": 2, "Glace cornet": 2, "Sirop à l'eau": 2, "Chips": 2,
                "Canette soda 33 cl": 2, "Sachet de bonbons": 1, "Jus de pomme 25 cl": 1}),
    ((17, 21), {"Bière pression 25 cl": 8, "Bière pression 50 cl": 3, "Pastis": 4, "Kir": 2, "Verre de vin blanc": 3,
                "Verre de vin rouge": 3, "Chips": 2, "Soda (verre)": 2}),
]


class ManualClock:
    """The demo's clock, moved ticket by ticket through the past."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


@dataclass
class Generator:
    journal: Journal
    sales: SalesService
    products: dict[str, ProductRow]
    staff: list[Operator]
    manager: Operator
    rng: random.Random
    clock: ManualClock
    closings: ClosingService

    def day(self, day: date, per_day: int, tz: ZoneInfo) -> int:
        made = self.trade(day, per_day, tz)
        self.clock.moment = datetime.combine(day, time(21, 30), tz)
        self.close(day)
        return made

    def close(self, day: date) -> None:
        """The evening count: what the drawer should hold, now and then a few cents out, explained."""
        preview = self.closings.preview()
        expected = {m: c["expected_cents"] for m, c in (preview["checks"] or {}).items()}
        cash = expected.get("cash", 0)
        reason = ""
        if self.rng.random() < 0.1:
            cash = max(0, cash + self.rng.choice((-200, -50, -10, 10, 20, 100)))
            reason = "Erreur de rendu probable"
        cheques = [Cheque(f"{day:%y%m%d}", "Crédit Agricole", expected["cheque"])] if expected.get("cheque") else []
        count = CloseCount(cash=as_pieces(cash), cheques=cheques, card_terminal_cents=expected.get("card", 0),
                           vouchers_cents=expected.get("voucher", 0), reason=reason, tabs="keep",
                           float_kept_cents=15000)
        self.closings.close_session(self.manager, count)

    def close_previous_periods(self, day: date) -> None:
        """On the first of the month, the manager closes last month (and on 1 January, last year)."""
        last_month = day - timedelta(days=1)
        try:
            self.closings.close_month(self.manager, f"{last_month:%Y-%m}")
            if day.month == 1:
                self.closings.close_year(self.manager, str(last_month.year))
        except CafeError:
            pass  # the demo's first month: nothing of it to close

    def trade(self, day: date, per_day: int, tz: ZoneInfo) -> int:
        factor = {5: 1.3, 6: 1.1, 0: 0.8}.get(day.weekday(), 1.0)
        count = max(1, int(self.rng.gauss(per_day * factor, per_day * 0.1)))
        opening = datetime.combine(day, time(7, 0), tz)
        self.clock.moment = opening - timedelta(minutes=5)
        if day.day == 1:
            self.close_previous_periods(day)
        minutes = sorted(self.rng.randrange(0, 14 * 60) for _ in range(count))
        made = 0
        for minute in minutes:
            moment = opening + timedelta(minutes=minute, seconds=self.rng.randrange(60))
            self.clock.moment = moment
            if self.sale(moment):
                made += 1
        return made

    def sale(self, moment: datetime) -> bool:
        weights = next((w for (start, end), w in MOMENTS if start <= moment.hour < end), MOMENTS[-1][1])
        size = self.rng.choice((1, 1, 1, 2, 2, 3, 4))
        labels = self.rng.choices(list(weights), weights=list(weights.values()), k=size)
        counts: dict[str, int] = {}
        for label in labels:
            counts[label] = counts.get(label, 0) + 1
        items = [BasketItem(self.products[label].id, qty) for label, qty in counts.items()]
        mode = SaleMode.TAKE_AWAY if self.rng.random() < 0.15 else SaleMode.ON_SITE
        total = sum(self.products[label].price_cents * qty for label, qty in counts.items())
        eligible = sum(self.products[label].price_cents * qty for label, qty in counts.items()
                       if self.products[label].voucher_ok)
        operator = self.rng.choice(self.staff)
        roll = self.rng.random()
        if roll < 0.05 and eligible >= 400:
            voucher = min(eligible, 2500)
            payments = [Payment(PaymentMethod.VOUCHER, voucher)]
            if total > voucher:
                payments.append(Payment(PaymentMethod.CARD, total - voucher))
        elif roll < 0.55:
            tendered = next(n for n in (total, 500, 1000, 2000, 5000, 10000, 10**6) if n >= total)
            if self.rng.random() < 0.5:
                tendered = total
            payments = [Payment(PaymentMethod.CASH, tendered)]
        elif roll < 0.58 and total >= 1000:
            payments = [Payment(PaymentMethod.CHEQUE, total)]
        else:
            payments = [Payment(PaymentMethod.CARD, total)]
        try:
            ticket = self.sales.ring_up(operator, items, mode, payments)
        except CafeError:
            return False
        if self.rng.random() < 0.003:
            self.clock.moment = moment + timedelta(minutes=2)
            self.sales.cancel(self.manager, ticket.number, "Erreur de saisie")
        return True


def add_producers(consignment: ConsignmentService, manager: Operator, today: date) -> None:
    """Two farms around the village, one selling through the café as agent, one as commissionnaire (with cheese
    cut to order, sold by weight at its own commission rate)."""
    consignment.add_producer(manager, ProducerDraft("Ferme du Pré", 2000, "agent", "12345678900011",
                                                    "Le Bourg, 71460 Bissy", contact="06 12 34 56 78"))
    consignment.add_producer(manager, ProducerDraft("Fromagerie Dupuis", 2500, "commissionnaire", "",
                                                    "Chemin des Prés, 71460 Bissy", losses_borne_by="cafe",
                                                    rates=(("Fromages à la coupe", 2000),)))
    soon, later = (today + timedelta(days=4)).isoformat(), (today + timedelta(days=12)).isoformat()
    consignment.deposit(manager, "Ferme du Pré", [
        DepositItem("Oeufs bio x6", 6, 320, "L1", soon), DepositItem("Oeufs bio x6", 12, 320, "L2", later),
        DepositItem("Miel de fleurs 500 g", 8, 850, "M1", (today + timedelta(days=400)).isoformat(), "ddm")])
    consignment.deposit(manager, "Fromagerie Dupuis", [
        DepositItem("Tomme fermière", 5, 1235, "T1", later), DepositItem("Faisselle", 8, 280, "F1", soon),
        DepositItem("Comté 18 mois", 3000, 2400, "C1", later, by_weight=True, category="Fromages à la coupe")])


def create(journal: Journal, settings: SettingsService, users: UserService, catalog: CatalogService,
           sales: SalesService, closings: ClosingService, days: int = 0, per_day: int = 120,
           seed: int = 2026, consignment: ConsignmentService | None = None) -> dict[str, Any]:
    manager = users.add(None, OPERATORS[0][0], OPERATORS[0][1], OPERATORS[0][2])
    staff = [manager] + [users.add(manager, n, r, p) for n, r, p in OPERATORS[1:]]
    settings.update(manager, CAFE)
    for label, price, on_site, take_away, category, alcohol, voucher_ok, barcode in CATALOGUE:
        catalog.add(manager, ProductDraft(label, price, on_site, take_away, category, barcode, COLOURS.get(category),
                                          True, alcohol, voucher_ok))
    products = {p.label: p for p in catalog.products()}
    tickets = 0
    # The business day, not the calendar's: made at half past midnight, the history must stop the day before the
    # one still being sold (its closing would otherwise refuse every sale until the cut-off hour).
    now = journal.clock.now()
    today = business_date(now, settings.get().cutoff_hour)
    if days:
        tz = ZoneInfo(settings.get().timezone)
        real_clock = journal.clock
        clock = ManualClock(now)
        journal.clock = clock
        journal.anchor_enabled = False  # bulk history: the anchor is written once at the end
        gen = Generator(journal, sales, products, staff, manager, random.Random(seed), clock, closings)
        try:
            for offset in range(days, 0, -1):
                tickets += gen.day(today - timedelta(days=offset), per_day, tz)
        finally:
            journal.clock = real_clock
            journal.anchor_enabled = True
            journal.advance_anchor({})
    if consignment is not None:
        add_producers(consignment, manager, today)
    return {"products": len(products), "tickets": tickets,
            "operators": [{"name": n, "role": r, "pin": p} for n, r, p in OPERATORS]}
