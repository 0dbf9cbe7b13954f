"""Cash in the drawer: euro denominations, counts typed as "50x2,20x3,0.50x4", and what the drawer should hold."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from cafepos.domain.errors import N_, BadInput

NOTES = (50000, 20000, 10000, 5000, 2000, 1000, 500)
COINS = (200, 100, 50, 20, 10, 5, 2, 1)
DENOMINATIONS = NOTES + COINS
MAX_PIECES = 100_000


def parse_count(spec: str) -> dict[int, int]:
    """Reads "50x2,20x3,0.50x4" (denomination in euros × number of pieces) into {cents: pieces}."""
    count: dict[int, int] = {}
    spec = spec.strip()
    if not spec:
        return count
    for part in spec.split(","):
        denom_text, sep, pieces_text = part.strip().lower().partition("x")
        if not sep:
            raise BadInput(N_("“{part}”: write each denomination as VALUExCOUNT, like 20x3 or 0.50x4."), part=part)
        try:
            denom = Decimal(denom_text.replace(",", ".").replace("€", "").strip()) * 100
        except InvalidOperation:
            raise BadInput(N_("“{part}”: {value} is not a euro note or coin."), part=part, value=denom_text) from None
        if denom != denom.to_integral_value() or int(denom) not in DENOMINATIONS:
            raise BadInput(N_("“{part}”: {value} is not a euro note or coin (500 to 5 for notes, 2 to 0.01 for "
                              "coins)."), part=part, value=denom_text)
        pieces_text = pieces_text.strip()
        if not pieces_text.isdigit():
            raise BadInput(N_("“{part}”: the number of pieces must be a whole number, zero or more."), part=part)
        pieces = int(pieces_text)
        if pieces > MAX_PIECES:
            raise BadInput(N_("“{part}”: {pieces} pieces is not a plausible count."), part=part, pieces=pieces)
        cents = int(denom)
        count[cents] = count.get(cents, 0) + pieces
    return count


def count_total(count: Mapping[int, int]) -> int:
    return sum(denom * pieces for denom, pieces in count.items())


def count_payload(count: Mapping[int, int]) -> list[dict[str, int]]:
    """A count as the journal keeps it: largest denomination first, zero rows left out."""
    return [{"denomination_cents": d, "count": count[d]} for d in DENOMINATIONS if count.get(d)]


def check_count(count: Mapping[int, int]) -> None:
    for denom, pieces in count.items():
        if denom not in DENOMINATIONS:
            raise BadInput(N_("{value} is not a euro note or coin."), value=denom)
        if pieces < 0 or pieces > MAX_PIECES:
            raise BadInput(N_("The number of pieces must be a whole number, zero or more."))


def as_pieces(cents: int) -> dict[int, int]:
    """An amount as the fewest notes and coins (greedy works for euro denominations)."""
    out: dict[int, int] = {}
    rest = cents
    for denom in DENOMINATIONS:
        if rest >= denom:
            out[denom], rest = divmod(rest, denom)
    return out
