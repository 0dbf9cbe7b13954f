"""What every A4 document shares: the embedded DejaVu fonts and what the writers need of the café.

Registering a TrueType font is what makes reportlab embed it (FontFile2): the 14 standard PDF fonts are not
embedded and have no €.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from cafepos.adapters.shipped import folder
from cafepos.services.journal import Journal
from cafepos.services.settings import SettingsService

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"

# Page geometry is measured in PDF points (1/72 inch) and reportlab works in floats; no amount of money is ever
# one of these (amounts reach the PDF as text already formatted from integer cents).
Points = float


@cache
def register_fonts() -> None:
    """Registers DejaVu Sans once per process; each PDF then embeds the subset of glyphs it uses."""
    known = set(pdfmetrics.getRegisteredFontNames())
    fonts = folder("cafepos.resources") / "fonts"
    for name, file in ((FONT, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf")):
        if name not in known:
            pdfmetrics.registerFont(TTFont(name, str(fonts / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)


class CafeLike(Protocol):
    """What the writers need of bootstrap.Cafe (adapters sit below bootstrap, so they cannot import it)."""

    @property
    def journal(self) -> Journal: ...

    @property
    def settings(self) -> SettingsService: ...
