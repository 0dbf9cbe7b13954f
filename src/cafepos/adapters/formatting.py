"""How amounts, rates and dates read for people, through babel, in the café's language.

Receipts need plain spaces: babel's narrow no-break spaces do not exist in printer code pages.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_currency, format_decimal

LOCALES = {"fr": "fr_FR", "en": "en_GB"}
_SPACES = str.maketrans({"\u202f": " ", "\xa0": " "})


def plain(text: str) -> str:
    return text.translate(_SPACES)


class Formatter:
    def __init__(self, language: str = "fr", plain_spaces: bool = False) -> None:
        self.locale = LOCALES.get(language, "fr_FR")
        self.plain_spaces = plain_spaces

    def _out(self, text: str) -> str:
        return plain(text) if self.plain_spaces else text

    def money(self, cents: int, symbol: bool = True) -> str:
        value = Decimal(cents).scaleb(-2)
        if symbol:
            return self._out(format_currency(value, "EUR", locale=self.locale))
        return self._out(format_decimal(value, format="#,##0.00", locale=self.locale))

    def rate(self, bp: int) -> str:
        value = Decimal(bp).scaleb(-2)
        return self._out(format_decimal(value, format="0.0", locale=self.locale) + "\u202f%")

    def number(self, value: int) -> str:
        return self._out(format_decimal(value, locale=self.locale))

    def weight(self, grams: int) -> str:
        """Grams as the scale and the label show them: "0,350 kg", "12,500 kg"."""
        value = Decimal(grams).scaleb(-3)
        return self._out(format_decimal(value, format="#,##0.000", locale=self.locale) + "\u202fkg")

    def quantity(self, qty: int, unit: str | None) -> str:
        """A stock or sale quantity: pieces as a number, goods sold by weight (unit "g") in kilograms."""
        return self.weight(qty) if unit == "g" else self.number(qty)

    def date(self, day: dt.date) -> str:
        return self._out(format_date(day, format="short", locale=self.locale))

    def long_date(self, day: dt.date) -> str:
        return self._out(format_date(day, format="full", locale=self.locale))

    def datetime(self, moment: dt.datetime) -> str:
        return self._out(format_datetime(moment, format="dd/MM/yyyy HH:mm", locale=self.locale))

    def time(self, moment: dt.datetime) -> str:
        return self._out(format_time(moment, format="HH:mm", locale=self.locale))
