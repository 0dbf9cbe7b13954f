"""The counter's words and numbers: one gettext `_` and one babel formatter for the café's language.

Screens import `_` from here so `pybabel extract` finds every literal; the catalogue behind it is chosen once
the café's language is known (a counter runs in one language at a time).
"""

from __future__ import annotations

from collections.abc import Callable
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


@lru_cache(maxsize=4096)
def _money(cents: int) -> str:
    return fmt().money(cents)


def money(cents: int) -> str:
    """Babel's formatting costs ~30 µs; prices repeat all day, so they are remembered."""
    return _money(cents)


def error_text(exc: CafeError) -> str:
    return exc.translated(_catalogue(_state["language"]))
