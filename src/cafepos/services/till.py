"""The till session: the float counted at opening, pay-ins and pay-outs, the X report, what the drawer should hold."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cafepos.domain.calendar import business_date, iso_second
from cafepos.domain.cash import check_count, count_payload, count_total
from cafepos.domain.closing import METHODS, Totals, expected_cash
from cafepos.domain.errors import N_, BadInput, Refused
from cafepos.domain.money import cents_to_text
from cafepos.domain.operators import Operator, Right
from cafepos.domain.ticket import ticket_label
from cafepos.services.journal import Journal, Tx
from cafepos.services.ports import SessionRow, Store
from cafepos.services.settings import Settings


@dataclass(frozen=True)
class SessionFigures:
    """Where a session stands: its takings by method and what each should amount to in the drawer."""

    session: SessionRow
    totals: Totals
    pay_ins_cents: int
    pay_outs_cents: int

    @property
    def expected(self) -> dict[str, int]:
        out = {m: self.totals.payments.get(m, 0) for m in METHODS}
        out["cash"] = expected_cash(self.session.float_cents, out["cash"], self.pay_ins_cents, self.pay_outs_cents)
        return out


def session_figures(store: Store, session: SessionRow) -> SessionFigures:
    totals = Totals()
    for payload, digest in store.session_tickets(session.till, session.after_ticket_id, session.last_ticket_id):
        totals.add(json.loads(payload), digest)
    moves = store.movements(session.id)
    return SessionFigures(session, totals, sum(m.amount_cents for m in moves if m.kind == "pay_in"),
                          sum(m.amount_cents for m in moves if m.kind == "pay_out"))


def open_session(journal: Journal, tx: Tx, operator: Operator, settings: Settings,
                 count: Mapping[int, int] | None, auto: bool = False) -> SessionRow:
    """Opens the drawer with a counted float, or (count None) takes over the float kept at the last close."""
    if tx.store.open_session(settings.till) is not None:
        raise Refused(N_("The till is already open."))
    kept = tx.store.last_closed_session(settings.till)
    taken_over = (kept.float_kept_cents or 0) if kept else 0
    if count is not None:
        check_count(count)
        float_cents = count_total(count)
    else:
        float_cents = taken_over
    now = iso_second(journal.clock.now())
    session = tx.store.add_session(settings.till, now, operator.id, float_cents)
    journal.event(tx, "till_open", operator.name, settings.till, session=session.id, float_cents=float_cents,
                  float_count=count_payload(count) if count is not None else None, taken_over_cents=taken_over,
                  auto=auto)
    return session


def check_day_for_sale(tx: Tx, settings: Settings, now: datetime, grace_hours: int) -> list[str]:
    """Refuses a sale on a closed day, or on a new day when an old one stayed open past the grace period.

    Returns the unclosed earlier days (a warning the counter shows the manager) when still within grace.
    """
    today = business_date(now, settings.cutoff_hour)
    if tx.store.closing(settings.till, "day", today.isoformat()):
        raise Refused(N_("The business day {day} is closed: sales start again after {hour}:00."),
                      day=today.isoformat(), hour=settings.cutoff_hour)
    unclosed = tx.store.unclosed_dates(settings.till, today.isoformat())
    if unclosed:
        oldest = datetime.fromisoformat(unclosed[0]).replace(tzinfo=now.tzinfo)
        deadline = oldest + timedelta(days=1, hours=settings.cutoff_hour + grace_hours)
        if now > deadline:
            raise Refused(N_("The business day {day} was never closed: a manager must close it (Z) before selling "
                             "again."), day=unclosed[0])
    return unclosed


def record_movement(journal: Journal, tx: Tx, operator: Operator, kind: str, amount_cents: int, reason: str) -> None:
    """A pay-in or pay-out of the open session, inside the caller's transaction (a producer paid in cash...)."""
    operator.require(Right.CASH_MOVEMENT)
    if amount_cents <= 0:
        raise BadInput(N_("The amount must be more than zero."))
    if not reason.strip():
        raise BadInput(N_("Give the reason for this cash movement (milk from the shop, change from the bank…)."))
    settings = Settings.from_rows(tx.store.settings())
    session = tx.store.open_session(settings.till)
    if session is None:
        raise Refused(N_("The till is not open: open it with its float first."))
    if kind == "pay_out":
        in_drawer = session_figures(tx.store, session).expected["cash"]
        if amount_cents > in_drawer:
            raise Refused(N_("The drawer should hold only {cash}: a pay-out of {amount} is not possible."),
                          cash=cents_to_text(in_drawer), amount=cents_to_text(amount_cents))
    now = iso_second(journal.clock.now())
    record = journal.event(tx, kind, operator.name, settings.till, session=session.id, amount_cents=amount_cents,
                           reason=reason.strip())
    tx.store.add_movement(session.id, kind, amount_cents, reason.strip(), operator.id, now, record.seq)


@dataclass
class TillService:
    journal: Journal

    def current(self) -> SessionRow | None:
        with self.journal.ledger.read() as store:
            return store.open_session(Settings.from_rows(store.settings()).till)

    def kept_float(self) -> int:
        """The float kept back at the last close, proposed when the till opens."""
        with self.journal.ledger.read() as store:
            kept = store.last_closed_session(Settings.from_rows(store.settings()).till)
        return (kept.float_kept_cents or 0) if kept else 0

    def open(self, operator: Operator, count: Mapping[int, int] | None) -> SessionRow:
        operator.require(Right.SELL)
        with self.journal.unit() as tx:
            settings = Settings.from_rows(tx.store.settings())
            return open_session(self.journal, tx, operator, settings, count)

    def pay_in(self, operator: Operator, amount_cents: int, reason: str) -> None:
        self._move(operator, "pay_in", amount_cents, reason)

    def pay_out(self, operator: Operator, amount_cents: int, reason: str) -> None:
        self._move(operator, "pay_out", amount_cents, reason)

    def _move(self, operator: Operator, kind: str, amount_cents: int, reason: str) -> None:
        with self.journal.unit() as tx:
            record_movement(self.journal, tx, operator, kind, amount_cents, reason)

    def x_report(self) -> dict[str, Any]:
        """Takings so far by method and VAT rate, and the cash expected in the drawer; resets nothing."""
        with self.journal.ledger.read() as store:
            settings = Settings.from_rows(store.settings())
            session = store.open_session(settings.till)
            now = self.journal.clock.now()
            today = business_date(now, settings.cutoff_hour).isoformat()
            day = Totals()
            for payload, digest in store.day_tickets(settings.till, today):
                day.add(json.loads(payload), digest)
            report: dict[str, Any] = {"kind": "x", "business_date": today, "timestamp": iso_second(now),
                                      "till": settings.till, **day.as_payload(), "session": None}
            if session is not None:
                figures = session_figures(store, session)
                report["session"] = {"id": session.id, "opened_at": session.opened_at,
                                     "float_cents": session.float_cents, "pay_ins_cents": figures.pay_ins_cents,
                                     "pay_outs_cents": figures.pay_outs_cents,
                                     "takings": figures.totals.payments, "expected": figures.expected,
                                     "first_ticket": _label(settings.till, figures.totals.first_ticket),
                                     "last_ticket": _label(settings.till, figures.totals.last_ticket)}
            return report


def _label(till: int, number: int | None) -> str | None:
    return ticket_label(till, number) if number is not None else None
