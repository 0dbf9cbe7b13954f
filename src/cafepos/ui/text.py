"""The counter's words and numbers: one gettext `_` and one babel formatter for the café's language.

Screens import `_` from here so `pybabel extract` finds every literal; the catalogue behind it is chosen once
the café's language is known (a counter runs in one language at a time).

Amounts and the top bar's clock, on screen from the first paint, are written here without babel, whose locale
data takes longer to load (about 20 ms) than the sale screen takes to build; the amounts are exactly babel's
(tests/test_ui_sale.py compares them), and everything else goes through babel.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cache, lru_cache

from cafepos.adapters.formatting import Formatter
from cafepos.adapters.i18n import gettext_for
from cafepos.domain.errors import CafeError

Gettext = Callable[[str], str]

_state: dict[str, str] = {"language": "fr"}


@cache
def _catalogue(language: str) -> Gettext:
    found: Gettext = gettext_for(language)
    return found


@cache
def _formatter(language: str) -> Formatter:
    return Formatter(language)


def set_language(language: str) -> None:
    _state["language"] = language if language in ("fr", "en") else "fr"
    _money.cache_clear()


def language() -> str:
    return _state["language"]


def _(msgid: str) -> str:
    """Translates an English msgid into the café's language."""
    return _catalogue(_state["language"])(msgid)


def fmt() -> Formatter:
    return _formatter(_state["language"])


# How babel writes euros (CLDR, fr_FR and en_GB): the group separator, the decimal mark, the pattern.
_EUROS = {"fr": ("\u202f", ",", "{sign}{amount}\xa0€"), "en": (",", ".", "{sign}€{amount}")}


def euros(cents: int, language: str) -> str:
    """An amount as babel's `format_currency(..., "EUR")` writes it for the café's language."""
    group, mark, pattern = _EUROS[language]
    units, hundredths = divmod(abs(cents), 100)
    amount = f"{units:,}".replace(",", group) + f"{mark}{hundredths:02d}"
    return pattern.format(sign="-" if cents < 0 else "", amount=amount)


@lru_cache(maxsize=4096)
def _money(cents: int) -> str:
    language = _state["language"]
    return euros(cents, language) if language in _EUROS else fmt().money(cents)


def money(cents: int) -> str:
    """An amount in euros; prices repeat all day, so they are remembered."""
    return _money(cents)


def kilograms(grams: int) -> str:
    """A weight in kg as `Formatter.weight` writes it ("2,150 kg"), without loading babel's locale data."""
    group, mark, _pattern = _EUROS.get(_state["language"], _EUROS["fr"])
    units, rest = divmod(abs(grams), 1000)
    return ("-" if grams < 0 else "") + f"{units:,}".replace(",", group) + f"{mark}{rest:03d}\u202fkg"


def stock_quantity(qty: int, by_weight: bool) -> str:
    """What is left of a producer's product: pieces as a number, goods sold by weight in kilograms."""
    return kilograms(qty) if by_weight else str(qty)


def clock_text(moment: datetime) -> str:
    """The top bar's clock, as `Formatter.datetime` writes it (a fixed pattern, the same in both languages)."""
    return moment.strftime("%d/%m/%Y %H:%M")


def error_text(exc: CafeError) -> str:
    return exc.translated(_catalogue(_state["language"]))
