"""Closings (clôtures): the day's fiscal totals from its signed tickets, the cash check, the perpetual totals.

Daily closings are built from ticket payloads only, so the Z's per-rate totals are by construction the sums
over that day's signed tickets; monthly and annual closings add up the closings below them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cafepos.domain.errors import N_, Refused

METHODS = ("cash", "card", "cheque", "voucher")


class SessionState(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


ALLOWED_MOVES = {SessionState.OPEN: {SessionState.CLOSED}, SessionState.CLOSED: set()}


def move(current: SessionState, wanted: SessionState) -> SessionState:
    if wanted not in ALLOWED_MOVES[current]:
        if current is SessionState.CLOSED:
            raise Refused(N_("This till session is already closed."))
        raise Refused(N_("This till session cannot change that way."))
    return wanted


class ClosingKind(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass
class Totals:
    """What a period's tickets add up to. Built by `add` per ticket or `merge` per lower closing."""

    first_ticket: int | None = None
    last_ticket: int | None = None
    tickets: int = 0
    cancellations: int = 0
    total_cents: int = 0
    sales_cents: int = 0
    returns_cents: int = 0
    abs_cents: int = 0
    vat: dict[int, list[int]] = field(default_factory=dict)  # rate_bp -> [ht, vat, ttc]
    payments: dict[str, int] = field(default_factory=lambda: dict.fromkeys(METHODS, 0))  # net of change
    last_ticket_hash: str | None = None
    third_party: dict[str, dict[str, Any]] = field(default_factory=dict)  # money held for others, by party

    def add(self, payload: Mapping[str, Any], record_hash: str) -> None:
        number = int(payload["number"])
        self.first_ticket = number if self.first_ticket is None else min(self.first_ticket, number)
        self.last_ticket = number if self.last_ticket is None else max(self.last_ticket, number)
        held = 0
        for entry in payload.get("third_party", ()):
            party = self.third_party.setdefault(entry["party"], {"name": entry["name"], "amount_cents": 0})
            party["amount_cents"] += entry["amount_cents"]
            held += entry["amount_cents"]
        total = int(payload["total_cents"]) - held  # the café's own turnover
        if payload["type"] == "cancellation":
            self.cancellations += 1
            self.returns_cents += total
        else:
            self.tickets += 1
            self.sales_cents += total
        self.total_cents += total
        self.abs_cents += abs(total)
        for row in payload["vat"]:
            acc = self.vat.setdefault(int(row["rate_bp"]), [0, 0, 0])
            acc[0] += row["ht_cents"]
            acc[1] += row["vat_cents"]
            acc[2] += row["ttc_cents"]
        for p in payload["payments"]:
            self.payments[p["method"]] = self.payments.get(p["method"], 0) + p["amount_cents"]
        self.payments["cash"] -= int(payload["change_cents"])
        self.last_ticket_hash = record_hash

    def merge(self, closing: Mapping[str, Any]) -> None:
        if closing["first_ticket"] is not None:
            first = closing["first_ticket"]
            self.first_ticket = first if self.first_ticket is None else min(self.first_ticket, first)
        if closing["last_ticket"] is not None:
            last = closing["last_ticket"]
            self.last_ticket = last if self.last_ticket is None else max(self.last_ticket, last)
            self.last_ticket_hash = closing["last_ticket_hash"]
        for key in ("tickets", "cancellations", "total_cents", "sales_cents", "returns_cents"):
            setattr(self, key, getattr(self, key) + closing[key])
        self.abs_cents += closing["abs_cents"]
        for row in closing["vat"]:
            acc = self.vat.setdefault(int(row["rate_bp"]), [0, 0, 0])
            acc[0] += row["ht_cents"]
            acc[1] += row["vat_cents"]
            acc[2] += row["ttc_cents"]
        for method, cents in closing["payments"].items():
            self.payments[method] = self.payments.get(method, 0) + cents
        for key, entry in closing.get("third_party", {}).items():
            held = self.third_party.setdefault(key, {"name": entry["name"], "amount_cents": 0})
            held["amount_cents"] += entry["amount_cents"]

    def vat_rows(self) -> list[dict[str, int]]:
        return [{"rate_bp": r, "ht_cents": v[0], "vat_cents": v[1], "ttc_cents": v[2]}
                for r, v in sorted(self.vat.items())]

    def as_payload(self) -> dict[str, Any]:
        return {"first_ticket": self.first_ticket, "last_ticket": self.last_ticket, "tickets": self.tickets,
                "cancellations": self.cancellations, "total_cents": self.total_cents,
                "sales_cents": self.sales_cents, "returns_cents": self.returns_cents, "abs_cents": self.abs_cents,
                "vat": self.vat_rows(), "payments": dict(self.payments), "last_ticket_hash": self.last_ticket_hash,
                "third_party": {k: dict(v) for k, v in sorted(self.third_party.items())},
                "third_party_cents": sum(v["amount_cents"] for v in self.third_party.values())}


def totals_of(tickets: Iterable[tuple[Mapping[str, Any], str]]) -> Totals:
    t = Totals()
    for payload, record_hash in tickets:
        t.add(payload, record_hash)
    return t


@dataclass(frozen=True)
class MethodCheck:
    method: str
    expected_cents: int
    counted_cents: int | None

    @property
    def variance_cents(self) -> int | None:
        return None if self.counted_cents is None else self.counted_cents - self.expected_cents

    def as_payload(self) -> dict[str, Any]:
        return {"expected_cents": self.expected_cents, "counted_cents": self.counted_cents,
                "variance_cents": self.variance_cents}


def expected_cash(float_cents: int, cash_takings_cents: int, pay_ins_cents: int, pay_outs_cents: int) -> int:
    """domain.md §8: the opening fund + cash takings (net of change) − pay-outs + pay-ins."""
    return float_cents + cash_takings_cents + pay_ins_cents - pay_outs_cents


def checks(expected: Mapping[str, int], counted: Mapping[str, int | None]) -> list[MethodCheck]:
    return [MethodCheck(m, expected.get(m, 0), counted.get(m)) for m in METHODS]


def worst_variance(results: Sequence[MethodCheck]) -> int:
    return max((abs(c.variance_cents) for c in results if c.variance_cents is not None), default=0)
