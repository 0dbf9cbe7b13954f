"""Words and text for tickets on screen: payment methods and sale modes, and a signed ticket read back.

A ticket is shown through the receipt layout the printer uses, from its signed payload only (never today's
catalogue), so what the manager reads on screen is what a duplicate would print.
"""

from __future__ import annotations

from cafepos.adapters.formatting import Formatter
from cafepos.adapters.receipt_printer import receipt_labels
from cafepos.domain.receipt import layout
from cafepos.services.sales import SignedTicket
from cafepos.services.settings import Settings
from cafepos.ui.text import _, language


def method_name(method: str) -> str:
    names = {"cash": _("Cash"), "card": _("Card"), "cheque": _("Cheque"), "voucher": _("Meal voucher")}
    return names.get(method, method)


def mode_name(mode: str) -> str:
    return _("Take away") if mode == "take_away" else _("On site")


def receipt_text(ticket: SignedTicket, settings: Settings) -> str:
    lang = language()
    return layout(ticket.payload, width=settings.printer_width, fmt=Formatter(lang, plain_spaces=True),
                  signature=ticket.record.signature, header=settings.receipt_header,
                  footer=settings.receipt_footer, labels=receipt_labels(lang)).text()
