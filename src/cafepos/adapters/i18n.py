"""Translations: gettext catalogues in resources/translations (English msgids, French first for the café)."""

from __future__ import annotations

import gettext
from functools import cache

from cafepos.adapters.shipped import folder

DOMAIN = "cafepos"
LANGUAGES = ("fr", "en")


@cache
def translations(language: str) -> gettext.NullTranslations:
    try:
        return gettext.translation(DOMAIN, localedir=str(folder("cafepos.resources") / "translations"),
                                   languages=[language])
    except (FileNotFoundError, OSError):
        return gettext.NullTranslations()  # English: the msgids themselves


def gettext_for(language: str):  # type: ignore[no-untyped-def]
    return translations(language).gettext
