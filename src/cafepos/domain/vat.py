"""VAT breakdown of a ticket: per rate, VAT = half-up of TTC × r / (1 + r), HT = TTC − VAT (domain.md §3).

VAT is computed on each rate's total, never line by line, so HT + VAT = TTC on every row and the TTC column adds
up to the ticket's total.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cafepos.domain.money import div_half_up

BP = 10_000  # basis points in 100 %


@dataclass(frozen=True, slots=True)
class VatRow:
    rate_bp: int
    ht_cents: int
    vat_cents: int
    ttc_cents: int

    def as_payload(self) -> dict[str, int]:
        return {"rate_bp": self.rate_bp, "ht_cents": self.ht_cents, "vat_cents": self.vat_cents,
                "ttc_cents": self.ttc_cents}


def vat_of_ttc(ttc_cents: int, rate_bp: int) -> int:
    """The VAT contained in a TTC amount, rounded half-up (half away from zero for refunds)."""
    return div_half_up(ttc_cents * rate_bp, BP + rate_bp)


def breakdown(amounts: Iterable[tuple[int, int]]) -> list[VatRow]:
    """(rate_bp, ttc_cents) pairs → one row per rate, sorted by rate."""
    totals: dict[int, int] = {}
    for rate_bp, ttc in amounts:
        totals[rate_bp] = totals.get(rate_bp, 0) + ttc
    rows = []
    for rate_bp in sorted(totals):
        ttc = totals[rate_bp]
        vat = vat_of_ttc(ttc, rate_bp)
        rows.append(VatRow(rate_bp, ttc - vat, vat, ttc))
    return rows
