"""Producers' goods on consignment (dépôt-vente): contract modes, lots in use-by order, the commission's arithmetic.

The commission applies to gross sales; by default the rate gives the commission TTC (20 % VAT inside), and
a contract may instead say the rate gives it HT with VAT on top (domain.md §7, issue "producers").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from cafepos.domain.errors import N_, BadInput, Refused
from cafepos.domain.money import div_half_up

COMMISSION_VAT_BP = 2000  # the café's commission is a service: 20 % whatever the goods' rate


class ContractMode(StrEnum):
    AGENT = "agent"                     # transparent agent: sold in the producer's name, money held for them
    COMMISSIONNAIRE = "commissionnaire"  # sold in the café's own name: café turnover, the producer is owed the net


class VatStatus(StrEnum):
    REGISTERED = "vat"
    FRANCHISE = "franchise"
    FLAT_RATE = "flat_rate"  # agricultural flat-rate scheme


class LossBearer(StrEnum):
    PRODUCER = "producer"
    CAFE = "cafe"


@dataclass(frozen=True)
class Commission:
    ht_cents: int
    vat_cents: int
    ttc_cents: int


def commission(gross_cents: int, rate_bp: int, includes_vat: bool = True) -> Commission:
    """Commission TTC = half-up(rate × gross); its VAT = half-up(TTC × 20/120); HT = TTC − VAT (or HT first)."""
    if not 0 <= rate_bp <= 10_000:
        raise BadInput(N_("A commission is between 0 and 100 %."))
    if includes_vat:
        ttc = div_half_up(gross_cents * rate_bp, 10_000)
        vat = div_half_up(ttc * COMMISSION_VAT_BP, 10_000 + COMMISSION_VAT_BP)
        return Commission(ttc - vat, vat, ttc)
    ht = div_half_up(gross_cents * rate_bp, 10_000)
    vat = div_half_up(ht * COMMISSION_VAT_BP, 10_000)
    return Commission(ht, vat, ht + vat)


@dataclass(frozen=True)
class LotStock:
    lot_id: int
    code: str
    dlc: str | None        # ISO date or None
    dlc_kind: str          # "dlc" (use-by: never sold after) or "ddm" (best-before: may still be sold)
    qty_left: int

    def expired(self, today: date) -> bool:
        return self.dlc_kind == "dlc" and self.dlc is not None and self.dlc < today.isoformat()


LOW_STOCK_PIECES = 2  # a producer's product with this many left or fewer stands out at the counter
LOW_STOCK_G = 300     # goods sold by weight: the last piece of a cheese


def is_low_stock(qty: int, by_weight: bool) -> bool:
    return 0 < qty <= (LOW_STOCK_G if by_weight else LOW_STOCK_PIECES)


def quantity_text(qty: int, by_weight: bool) -> str:
    """A stock quantity in a message: pieces as a number, goods sold by weight in grams ("350 g")."""
    return f"{qty} g" if by_weight else str(qty)


def take_from_lots(lots: Sequence[LotStock], qty: int, today: date, label: str,
                   by_weight: bool = False) -> list[tuple[LotStock, int]]:
    """Takes `qty` (pieces, or grams for goods sold by weight) first expiring first; an item past its use-by date
    is never sold."""
    usable = sorted((lot for lot in lots if lot.qty_left > 0 and not lot.expired(today)),
                    key=lambda lot: (lot.dlc or "9999-12-31", lot.lot_id))
    available = sum(lot.qty_left for lot in usable)
    if available < qty:
        expired = [lot for lot in lots if lot.qty_left > 0 and lot.expired(today)]
        if expired and available == 0:
            raise Refused(N_("{label} (lot {lot}) is past its use-by date ({dlc}): it cannot be sold. Record it as "
                             "a loss."), label=label, lot=expired[0].code, dlc=expired[0].dlc)
        raise Refused(N_("Only {available} left of {label}: record the rest as a loss or ask for a new deposit."),
                      available=quantity_text(available, by_weight), label=label)
    taken: list[tuple[LotStock, int]] = []
    rest = qty
    for lot in usable:
        if rest == 0:
            break
        take = min(rest, lot.qty_left)
        taken.append((lot, take))
        rest -= take
    return taken
