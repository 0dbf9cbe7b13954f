"""Goods sold by weight: quantities are whole grams, prices are per kilogram.

Grams keep stock and sales exact integers, like cents for money; "0,35 kg", "350g" and "350 g" all read the same.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from cafepos.domain.errors import N_, BadInput

_WEIGHT = re.compile(r"^\s*(?P<number>[0-9]+(?:[.,][0-9]+)?)\s*(?P<unit>kg|g)?\s*$", re.IGNORECASE)


def has_unit(text: str) -> bool:
    """Whether a quantity was written as a weight ("350g", "0.35 kg") rather than a count of pieces."""
    match = _WEIGHT.match(text)
    return bool(match and match.group("unit"))


def parse_grams(text: str) -> int:
    """Reads "350", "350g", "350 g", "0.35kg" or "0,35 kg" into whole grams (a bare number is grams)."""
    match = _WEIGHT.match(text)
    if not match:
        raise BadInput(N_("“{text}” is not a weight: write grams like 350g, or kilograms like 0.35kg."), text=text)
    try:
        value = Decimal(match.group("number").replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        raise BadInput(N_("“{text}” is not a weight: write grams like 350g, or kilograms like 0.35kg."),
                       text=text) from None
    grams = value * 1000 if (match.group("unit") or "g").lower() == "kg" else value
    if grams != grams.to_integral_value():
        raise BadInput(N_("“{text}”: a weight is exact to the gram."), text=text)
    if grams <= 0:
        raise BadInput(N_("A weight must be more than zero."))
    return int(grams)
