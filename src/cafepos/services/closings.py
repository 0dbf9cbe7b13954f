"""Closing the day (Z), the month and the year: signed records in the `closings` chain with perpetual totals.

A closing is never edited. Closing a month first closes its open days; closing a year, its open months.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cafepos import __version__
from cafepos.domain.calendar import business_date, iso_second
from cafepos.domain.cash import check_count, count_payload, count_total
from cafepos.domain.closing import METHODS, ClosingKind, MethodCheck, SessionState, Totals, checks, move, worst_variance
from cafepos.domain.errors import N_, BadInput, NotFound, Refused
from cafepos.domain.journal import Chain
from cafepos.domain.money import cents_to_text
from cafepos.domain.operators import Operator, Right
from cafepos.services.journal import Journal, Tx
from cafepos.services.ports import ClosingRow
from cafepos.services.settings import Settings
from cafepos.services.till import session_figures


@dataclass(frozen=True)
class Cheque:
    number: str
    bank: str
    amount_cents: int

    def as_payload(self) -> dict[str, Any]:
        return {"number": self.number, "bank": self.bank, "amount_cents": self.amount_cents}


@dataclass(frozen=True)
class CloseCount:
    """What the manager counted at the end of the session."""

    cash: Mapping[int, int]
    cheques: Sequence[Cheque] = ()
    vouchers_cents: int | None = None          # paper and card meal vouchers, as totalled
    vouchers_by_issuer: Mapping[str, int] = field(default_factory=dict)
    card_terminal_cents: int | None = None     # the card terminal's end-of-day total
    reason: str = ""
    float_kept_cents: int | None = None        # proposed: the opening float (editable)
    tabs: str | None = None                    # "keep" or "cancel" when tabs are still open
    keep_day_open: bool = False                # a shift change: count the drawer, leave the day open


@dataclass(frozen=True)
class Closed:
    payload: dict[str, Any]
    checks: list[MethodCheck]
    hash: str


def period_of(kind: ClosingKind, day: date) -> str:
    return {ClosingKind.DAY: day.isoformat(), ClosingKind.MONTH: day.strftime("%Y-%m"),
            ClosingKind.YEAR: str(day.year)}[kind]


@dataclass
class ClosingService:
    journal: Journal

    # -- the day ------------------------------------------------------------------------------------------
    def preview(self, count: CloseCount | None = None) -> dict[str, Any]:
        """What the Z would say if signed now (the counter shows it before the manager signs)."""
        with self.journal.ledger.read() as store:
            settings = Settings.from_rows(store.settings())
            session = store.open_session(settings.till)
            today = business_date(self.journal.clock.now(), settings.cutoff_hour).isoformat()
            totals = Totals()
            for payload, digest in store.day_tickets(settings.till, today):
                totals.add(json.loads(payload), digest)
            out: dict[str, Any] = {"business_date": today, **totals.as_payload(), "checks": None}
            if session is not None:
                figures = session_figures(store, session)
                counted = _counted(count) if count else {}
                out["checks"] = {c.method: c.as_payload() for c in checks(figures.expected, counted)}
                out["float_cents"] = session.float_cents
            return out

    def close_session(self, operator: Operator, count: CloseCount) -> Closed | None:
        """`cafepos till close`: counts the drawer, closes the session and (unless a shift change) signs the Z."""
        operator.require(Right.CLOSE_TILL)
        check_count(count.cash)
        now = self.journal.clock.now()
        with self.journal.unit() as tx:
            settings = Settings.from_rows(tx.store.settings())
            session = tx.store.open_session(settings.till)
            if session is None:
                raise Refused(N_("The till is not open: there is nothing to close."))
            move(SessionState(session.state), SessionState.CLOSED)
            self._settle_tabs(tx, operator, settings, count.tabs)
            figures = session_figures(tx.store, session)
            results = checks(figures.expected, _counted(count))
            threshold = settings.variance_threshold_cents
            if worst_variance(results) > threshold and not count.reason.strip():
                raise BadInput(N_("The count differs from what was expected by more than {threshold}: give a reason."),
                               threshold=cents_to_text(threshold))
            counted_cash = count_total(count.cash)
            kept = session.float_cents if count.float_kept_cents is None else count.float_kept_cents
            kept = min(kept, counted_cash)
            if kept < 0:
                raise BadInput(N_("The float kept back cannot be negative."))
            last_ticket_id = tx.store.max_ticket_id()
            tx.store.close_session(session.id, {
                "state": SessionState.CLOSED.value, "closed_at": iso_second(now), "closed_by": operator.id,
                "last_ticket_id": last_ticket_id, "counted_cash_cents": counted_cash, "float_kept_cents": kept})
            session_part = {
                "id": session.id, "opened_at": session.opened_at, "closed_at": iso_second(now),
                "float_cents": session.float_cents, "pay_ins_cents": figures.pay_ins_cents,
                "pay_outs_cents": figures.pay_outs_cents,
                "checks": {c.method: c.as_payload() for c in results},
                "cash_count": count_payload(count.cash), "cheques": [c.as_payload() for c in count.cheques],
                "vouchers_by_issuer": dict(count.vouchers_by_issuer), "variance_reason": count.reason.strip() or None,
                "bank_deposit_cents": counted_cash - kept, "float_kept_cents": kept,
            }
            self.journal.event(tx, "till_close", operator.name, settings.till, **session_part)
            if count.keep_day_open:
                return None
            today = business_date(now, settings.cutoff_hour)
            for older in tx.store.unclosed_dates(settings.till, today.isoformat()):
                self._close_day(tx, operator, settings, older, None)
            payload, digest = self._close_day(tx, operator, settings, today.isoformat(), session_part)
            return Closed(payload, results, digest)

    def close_day(self, operator: Operator, day: str) -> Closed:
        """Signs the Z of a past day that was left open, without a cash count (shown as not counted)."""
        operator.require(Right.CLOSE_TILL)
        with self.journal.unit() as tx:
            settings = Settings.from_rows(tx.store.settings())
            today = business_date(self.journal.clock.now(), settings.cutoff_hour).isoformat()
            if day >= today:
                raise Refused(N_("Today is closed with the cash count (till close), not on its own."))
            for older in tx.store.unclosed_dates(settings.till, day):
                self._close_day(tx, operator, settings, older, None)
            payload, digest = self._close_day(tx, operator, settings, day, None)
        return Closed(payload, [], digest)

    def _settle_tabs(self, tx: Tx, operator: Operator, settings: Settings, choice: str | None) -> None:
        tabs = tx.store.tabs()
        if not tabs:
            return
        if choice not in ("keep", "cancel"):
            raise Refused(N_("{count} tabs are still open: keep them for tomorrow or cancel them."), count=len(tabs))
        if choice == "cancel":
            for tab in tabs:
                tx.store.delete_tab(tab.id)
                self.journal.event(tx, "void", operator.name, settings.till, scope="tab", tab=tab.name,
                                   lines=list(tab.state.get("lines", [])))

    def _close_day(self, tx: Tx, operator: Operator, settings: Settings, day: str,
                   session_part: dict[str, Any] | None) -> tuple[dict[str, Any], str]:
        if tx.store.closing(settings.till, ClosingKind.DAY, day):
            raise Refused(N_("The business day {day} is already closed."), day=day)
        last = tx.store.last_closing(settings.till, ClosingKind.DAY)
        if last is not None and last.period > day:
            raise Refused(N_("The business day {day} comes before the last day closed ({last})."), day=day,
                          last=last.period)
        totals = Totals()
        for payload, digest in tx.store.day_tickets(settings.till, day):
            totals.add(json.loads(payload), digest)
        return self._sign(tx, operator, settings, ClosingKind.DAY, day, totals, {"session": session_part})

    # -- month and year -----------------------------------------------------------------------------------
    def close_month(self, operator: Operator, month: str) -> Closed:
        operator.require(Right.CLOSE_TILL)
        first = _parse_month(month)
        with self.journal.unit() as tx:
            settings = Settings.from_rows(tx.store.settings())
            self._check_past(settings, first.replace(day=28), ClosingKind.MONTH)
            payload, digest = self._close_month(tx, operator, settings, month)
        return Closed(payload, [], digest)

    def _close_month(self, tx: Tx, operator: Operator, settings: Settings, month: str) -> tuple[dict[str, Any], str]:
        if tx.store.closing(settings.till, ClosingKind.MONTH, month):
            raise Refused(N_("The month {period} is already closed."), period=month)
        next_month = _next_month(_parse_month(month)).isoformat()
        for day in tx.store.unclosed_dates(settings.till, next_month):
            if day.startswith(month) or day < month:
                self._close_day(tx, operator, settings, day, None)
        totals = self._merge(tx, settings, ClosingKind.DAY, month)
        return self._sign(tx, operator, settings, ClosingKind.MONTH, month, totals, {})

    def close_year(self, operator: Operator, year: str) -> Closed:
        operator.require(Right.CLOSE_TILL)
        if not (len(year) == 4 and year.isdigit()):
            raise BadInput(N_("“{text}” is not a year: write YYYY."), text=year)
        with self.journal.unit() as tx:
            settings = Settings.from_rows(tx.store.settings())
            self._check_past(settings, date(int(year), 12, 28), ClosingKind.YEAR)
            if tx.store.closing(settings.till, ClosingKind.YEAR, year):
                raise Refused(N_("The year {period} is already closed."), period=year)
            for m in range(1, 13):
                month = f"{year}-{m:02d}"
                if not tx.store.closing(settings.till, ClosingKind.MONTH, month):
                    self._close_month(tx, operator, settings, month)
            totals = self._merge(tx, settings, ClosingKind.MONTH, year)
            payload, digest = self._sign(tx, operator, settings, ClosingKind.YEAR, year, totals, {})
        return Closed(payload, [], digest)

    def _check_past(self, settings: Settings, inside: date, kind: ClosingKind) -> None:
        today = business_date(self.journal.clock.now(), settings.cutoff_hour)
        if period_of(kind, inside) >= period_of(kind, today):
            raise Refused(N_("{period} is not over yet: it can be closed once it has ended."),
                          period=period_of(kind, inside))

    def _merge(self, tx: Tx, settings: Settings, kind: ClosingKind, prefix: str) -> Totals:
        totals = Totals()
        for row in tx.store.closings_like(settings.till, kind, prefix):
            stored = tx.store.record(Chain.CLOSINGS, row.journal_seq)
            assert stored is not None
            totals.merge(json.loads(stored.record.payload_text))
        return totals

    def _sign(self, tx: Tx, operator: Operator, settings: Settings, kind: ClosingKind, period: str, totals: Totals,
              extra: dict[str, Any]) -> tuple[dict[str, Any], str]:
        previous = tx.store.last_closing(settings.till, ClosingKind.DAY)
        if kind is ClosingKind.DAY:
            perpetual = (previous.perpetual_cents if previous else 0) + totals.total_cents
            perpetual_abs = (previous.perpetual_abs_cents if previous else 0) + totals.abs_cents
        else:  # built on the days: the perpetual totals are those of the last day closed
            perpetual = previous.perpetual_cents if previous else 0
            perpetual_abs = previous.perpetual_abs_cents if previous else 0
        head = tx.moved.get(Chain.CLOSINGS) or tx.store.head(Chain.CLOSINGS)
        if kind is ClosingKind.DAY:
            extra = {**extra, "corrections": self._corrections_since(tx, previous)}
        payload = {
            "kind": str(kind), "period": period, "till": settings.till,
            "timestamp": iso_second(self.journal.clock.now()),
            "operator": operator.name, "siret": settings.siret, "software_version": __version__,
            **totals.as_payload(), "grand_total_cents": totals.total_cents,
            "perpetual_cents": perpetual, "perpetual_abs_cents": perpetual_abs,
            "previous_closing_hash": head.hash if head.seq else None, **extra,
        }
        record = self.journal.append(tx, Chain.CLOSINGS, payload)
        events = tx.moved.get(Chain.EVENTS) or tx.store.head(Chain.EVENTS)
        tx.store.add_closing(ClosingRow(0, settings.till, str(kind), period, record.seq, totals.total_cents,
                                        perpetual, perpetual_abs, events.seq))
        return payload, record.hash

    @staticmethod
    def _corrections_since(tx: Tx, previous: ClosingRow | None) -> list[dict[str, Any]]:
        """Count corrections signed since the previous Z: a closing is never edited, so they show on the next."""
        start = (previous.events_seq or 0) + 1 if previous else 1
        out = []
        for stored in tx.store.iter_records(Chain.EVENTS, start):
            event = json.loads(stored.record.payload_text)
            if event.get("type") == "count_correction":
                out.append({k: event[k] for k in ("day", "method", "previous_cents", "counted_cents",
                                                  "variance_cents", "reason", "operator", "timestamp")})
        return out

    def correct_count(self, operator: Operator, day: str, method: str, counted_cents: int,
                      reason: str) -> dict[str, Any]:
        """A mistake in a signed count: corrected by a signed event, shown on the next reports (never edited)."""
        operator.require(Right.CLOSE_TILL)
        if method not in METHODS:
            raise BadInput(N_("Unknown payment method “{method}”: cash, card, cheque or voucher."), method=method)
        if counted_cents < 0:
            raise BadInput(N_("“{text}”: the amount cannot be negative."), text=cents_to_text(counted_cents))
        if not reason.strip():
            raise BadInput(N_("Give the reason for the correction."))
        with self.journal.unit() as tx:
            settings = Settings.from_rows(tx.store.settings())
            row = tx.store.closing(settings.till, ClosingKind.DAY, day)
            if row is None:
                raise NotFound(N_("There is no closing for {period}."), period=day)
            stored = tx.store.record(Chain.CLOSINGS, row.journal_seq)
            assert stored is not None
            session = json.loads(stored.record.payload_text).get("session")
            if not session:
                raise Refused(N_("The day {day} was closed without a count: there is no count to correct."), day=day)
            check = session["checks"][method]
            correction = {"day": day, "method": method, "previous_cents": check["counted_cents"],
                          "counted_cents": counted_cents, "variance_cents": counted_cents - check["expected_cents"],
                          "reason": reason.strip()}
            self.journal.event(tx, "count_correction", operator.name, settings.till, **correction)
        return correction

    # -- reading ------------------------------------------------------------------------------------------
    def get(self, kind: ClosingKind, period: str) -> dict[str, Any]:
        with self.journal.ledger.read() as store:
            settings = Settings.from_rows(store.settings())
            row = store.closing(settings.till, kind, period)
            if row is None:
                raise NotFound(N_("There is no closing for {period}."), period=period)
            stored = store.record(Chain.CLOSINGS, row.journal_seq)
        assert stored is not None
        payload: dict[str, Any] = json.loads(stored.record.payload_text)
        return payload

    def days_between(self, start: str, end: str) -> list[dict[str, Any]]:
        """The signed daily closings of a date range, for the accountant's export and the monthly report."""
        with self.journal.ledger.read() as store:
            settings = Settings.from_rows(store.settings())
            out = []
            for row in store.closings_between(settings.till, ClosingKind.DAY, start, end):
                stored = store.record(Chain.CLOSINGS, row.journal_seq)
                assert stored is not None
                out.append(json.loads(stored.record.payload_text))
        return out


def _counted(count: CloseCount) -> dict[str, int | None]:
    cheques = sum(c.amount_cents for c in count.cheques) if count.cheques else None
    vouchers = count.vouchers_cents
    if vouchers is None and count.vouchers_by_issuer:
        vouchers = sum(count.vouchers_by_issuer.values())
    return {"cash": count_total(count.cash), "cheque": cheques, "voucher": vouchers, "card": count.card_terminal_cents}


def _parse_month(text: str) -> date:
    try:
        return date.fromisoformat(text + "-01")
    except ValueError:
        raise BadInput(N_("“{text}” is not a month: write YYYY-MM."), text=text) from None


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


__all__ = ["METHODS", "Cheque", "CloseCount", "Closed", "ClosingService"]
