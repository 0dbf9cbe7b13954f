"""Money as integer cents: parsing what a person typed, and the rounding rules of French VAT.

Amounts are plain `int` counts of euro cents everywhere in the code (names end in `_cents`); a float never
touches money. Decimal appears only to read text a person typed.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from cafepos.domain.errors import N_, BadInput

MAX_AMOUNT_CENTS = 10_000_000  # 100,000 €: far above anything a village café takes in one go


def div_half_up(numerator: int, denominator: int) -> int:
    """Integer division rounded half away from zero (the "arrondi commercial" of French tax rules)."""
    if denominator <= 0:
        raise ValueError("denominator must be positive")
    sign = -1 if numerator < 0 else 1
    q, r = divmod(abs(numerator), denominator)
    if 2 * r >= denominator:
        q += 1
    return sign * q


def parse_amount(text: str, *, allow_zero: bool = True, allow_negative: bool = False) -> int:
    """Reads "2.50", "2,50", "2", "2,5 €" into cents; refuses three decimals and absurd values."""
    cleaned = text.strip().replace("€", "").replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    cleaned = cleaned.replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise BadInput(N_("“{text}” is not an amount: type euros and cents, like 2.50."), text=text) from None
    if not value.is_finite():
        raise BadInput(N_("“{text}” is not an amount: type euros and cents, like 2.50."), text=text)
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        raise BadInput(N_("“{text}” has more than two decimals: amounts are exact to the cent."), text=text)
    cents = int(value * 100)
    if cents < 0 and not allow_negative:
        raise BadInput(N_("“{text}”: the amount cannot be negative."), text=text)
    if cents == 0 and not allow_zero:
        raise BadInput(N_("The amount cannot be zero."))
    if abs(cents) > MAX_AMOUNT_CENTS:
        raise BadInput(N_("“{text}” is too large for an amount at the counter."), text=text)
    return cents


def parse_rate_bp(text: str) -> int:
    """Reads a percentage ("5.5", "5,5", "20 %") into basis points (550, 2000)."""
    cleaned = text.strip().replace("%", "").replace(" ", "").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise BadInput(N_("“{text}” is not a percentage, like 5.5 or 20."), text=text) from None
    if not value.is_finite() or value < 0 or value > 100:
        raise BadInput(N_("“{text}”: a rate must be between 0 and 100 %."), text=text)
    bp = value * 100
    if bp != bp.to_integral_value():
        raise BadInput(N_("“{text}” has too many decimals for a rate (two at most)."), text=text)
    return int(bp)


def cents_to_text(cents: int) -> str:
    """Plain machine text ("12.30", "-0.05") for CSV and logs; people get babel's formatting instead."""
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"
