"""What the Z and the monthly report show, as data: the signed closings plus figures worked out from signed tickets.

No layout here (the PDF and the paper Z are adapters and domain layout); every figure comes from signed records,
and a Z reads only its own day's tickets, so it costs the same on a five-year database as on a new one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from cafepos.domain.closing import ClosingKind, Totals
from cafepos.domain.errors import N_, BadInput, NotFound
from cafepos.domain.journal import Chain
from cafepos.domain.z_text import CafeIdentity, CategoryTotal, HourBucket, ProductTotal, ZReport
from cafepos.services.journal import Journal
from cafepos.services.ports import Store
from cafepos.services.settings import Settings

TOP_PRODUCTS = 10

__all__ = ["TOP_PRODUCTS", "DayRow", "MonthReport", "ReportService", "ZReport", "day_extras"]


@dataclass(frozen=True, slots=True)
class DayRow:
    """One signed daily closing as a line of the monthly report."""

    day: str
    tickets: int
    cancellations: int
    total_cents: int
    vat_cents: Mapping[int, int]       # VAT amount by rate (basis points)
    ttc_cents: Mapping[int, int]       # TTC by rate
    payments: Mapping[str, int]        # net of change, by method
    third_party_cents: int             # money held for producers (not turnover)
    counted: bool                      # closed with a cash count (False: closed later without one)
    closing_hash: str


@dataclass(frozen=True)
class MonthReport:
    """A month: the signed monthly closing when there is one, else the provisional sum of its daily closings.

    `matches_days` says whether the signed monthly totals equal the sum of the day rows shown under them.
    """

    month: str
    cafe: CafeIdentity
    days: tuple[DayRow, ...]
    totals: Mapping[str, Any]          # Totals.as_payload() keys (+ the closing's own keys when signed)
    signed: bool
    closing_hash: str | None
    rates: tuple[int, ...]             # the VAT rates met in the month, ascending: the table's columns
    unclosed_days: tuple[str, ...]     # days of the month with tickets but no Z yet
    matches_days: bool

    @property
    def days_total_cents(self) -> int:
        return sum(row.total_cents for row in self.days)


def _is_agent(line: Mapping[str, Any]) -> bool:
    """A line sold in a producer's name: the money is held for them and is not the café's turnover."""
    party = line.get("party")
    return bool(party and party.get("agent"))


def day_extras(tickets: Iterable[Mapping[str, Any]], categories: Mapping[str, str | None],
               top: int = TOP_PRODUCTS) -> tuple[tuple[CategoryTotal, ...], tuple[ProductTotal, ...],
                                                 tuple[HourBucket, ...]]:
    """Categories, best sellers and hours from a day's ticket payloads; cancellations take their amounts back.

    `categories` maps a line's product_ref to its catalogue category; unknown refs go to the None category.
    The hour is the one written in the ticket's timestamp, i.e. the café's local time when it was sold.
    """
    by_category: dict[str | None, list[int]] = {}
    by_product: dict[str, list[Any]] = {}
    hours = [[0, 0] for _ in range(24)]
    for ticket in tickets:
        own = 0
        for line in ticket["lines"]:
            if _is_agent(line):
                continue
            ref, amount, qty = str(line["product_ref"]), int(line["amount_cents"]), int(line["qty"])
            own += amount
            cat = by_category.setdefault(categories.get(ref), [0, 0])
            cat[0] += qty
            cat[1] += amount
            product = by_product.setdefault(ref, [line["label"], 0, 0])
            product[0] = line["label"]  # the latest label sold under this ref
            product[1] += qty
            product[2] += amount
        bucket = hours[datetime.fromisoformat(ticket["timestamp"]).hour]
        bucket[0] += ticket["type"] != "cancellation"  # counted like the Z: sales, cancellations apart
        bucket[1] += own
    cats = tuple(sorted((CategoryTotal(name, qty, amount) for name, (qty, amount) in by_category.items()),
                        key=lambda c: (c.category is None, -c.amount_cents, c.category or "")))
    ranked = sorted((ProductTotal(ref, label, qty, amount) for ref, (label, qty, amount) in by_product.items()),
                    key=lambda p: (-p.amount_cents, -p.qty, p.label))
    best = tuple(p for p in ranked[:top] if p.amount_cents > 0 or p.qty > 0)
    return cats, best, tuple(HourBucket(h, n, cents) for h, (n, cents) in enumerate(hours))


def _identity(settings: Settings, signed: Mapping[str, Any] | None, siret: str | None) -> CafeIdentity:
    """The identity printed on a ticket of the period when there is one, else today's settings."""
    source: Mapping[str, Any] = signed or {}
    return CafeIdentity(name=str(source.get("name") or settings.cafe_name),
                        address=str(source.get("address") or settings.cafe_address),
                        siret=siret or settings.siret,
                        vat_number=str(source.get("vat_number") or settings.vat_number))


def _closing(store: Store, till: int, kind: ClosingKind, period: str) -> tuple[dict[str, Any], str] | None:
    row = store.closing(till, kind, period)
    if row is None:
        return None
    stored = store.record(Chain.CLOSINGS, row.journal_seq)
    assert stored is not None
    payload: dict[str, Any] = json.loads(stored.record.payload_text)
    return payload, stored.record.hash


def _month_bounds(month: str) -> tuple[str, str, str]:
    """First day, last possible day (as text, for range queries) and the first day of the next month."""
    try:
        first = date.fromisoformat(month + "-01")
    except ValueError:
        raise BadInput(N_("“{text}” is not a month: write YYYY-MM."), text=month) from None
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return first.isoformat(), f"{month}-31", following.isoformat()


def _day_row(payload: Mapping[str, Any], digest: str) -> DayRow:
    return DayRow(day=str(payload["period"]), tickets=int(payload["tickets"]),
                  cancellations=int(payload["cancellations"]), total_cents=int(payload["total_cents"]),
                  vat_cents={int(r["rate_bp"]): int(r["vat_cents"]) for r in payload["vat"]},
                  ttc_cents={int(r["rate_bp"]): int(r["ttc_cents"]) for r in payload["vat"]},
                  payments={str(k): int(v) for k, v in payload["payments"].items()},
                  third_party_cents=int(payload.get("third_party_cents") or 0),
                  counted=payload.get("session") is not None, closing_hash=digest)


@dataclass
class ReportService:
    """Builds report data inside one read snapshot, so a report never mixes two states of the ledger."""

    journal: Journal

    def z_report(self, day: str) -> ZReport:
        """The signed Z of `day` with its extras; reads that day's tickets only (never the history)."""
        with self.journal.ledger.read() as store:
            settings = Settings.from_rows(store.settings())
            found = _closing(store, settings.till, ClosingKind.DAY, day)
            if found is None:
                raise NotFound(N_("There is no closing for {period}."), period=day)
            closing, digest = found
            categories = {str(p.id): p.category for p in store.products(False)}
            tickets = [json.loads(text) for text, _ in store.day_tickets(settings.till, day)]
        cats, top, hours = day_extras(tickets, categories)
        identity = _identity(settings, tickets[-1].get("cafe") if tickets else None, closing.get("siret"))
        return ZReport(closing=closing, closing_hash=digest, cafe=identity, categories=cats, top_products=top,
                       hours=hours, cutoff_hour=settings.cutoff_hour)

    def month_report(self, month: str) -> MonthReport:
        """A row per closed day of `month`, under the signed monthly totals (or their provisional sum)."""
        start, end, following = _month_bounds(month)
        with self.journal.ledger.read() as store:
            settings = Settings.from_rows(store.settings())
            monthly = _closing(store, settings.till, ClosingKind.MONTH, month)
            days: list[tuple[dict[str, Any], str]] = []
            for row in store.closings_between(settings.till, ClosingKind.DAY, start, end):
                stored = store.record(Chain.CLOSINGS, row.journal_seq)
                assert stored is not None
                days.append((json.loads(stored.record.payload_text), stored.record.hash))
            unclosed = tuple(d for d in store.unclosed_dates(settings.till, following) if d.startswith(month))
        merged = Totals()
        for payload, _ in days:
            merged.merge(payload)
        summed = merged.as_payload()
        totals: Mapping[str, Any] = monthly[0] if monthly else summed
        matches = all(totals.get(k) == summed.get(k) for k in ("tickets", "cancellations", "total_cents", "vat",
                                                               "payments"))
        rates = tuple(sorted({int(r["rate_bp"]) for r in totals["vat"]}
                             | {int(r["rate_bp"]) for p, _ in days for r in p["vat"]}))
        return MonthReport(month=month, cafe=_identity(settings, None, days[-1][0].get("siret") if days else None),
                           days=tuple(_day_row(p, h) for p, h in days), totals=totals, signed=monthly is not None,
                           closing_hash=monthly[1] if monthly else None, rates=rates, unclosed_days=unclosed,
                           matches_days=matches)
