"""The services' ReceiptPrinter port over python-escpos, and the babel formatting and words receipts use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cafepos.adapters.formatting import Formatter
from cafepos.domain.errors import N_
from cafepos.domain.receipt import Receipt, ReceiptLabels

TIMEOUT_S = 5.0


@dataclass
class EscposReceiptPrinter:
    uri: str
    timeout_s: float = TIMEOUT_S

    # python-escpos (and its capabilities database) is loaded on the first print, not at start-up.
    def print(self, receipt: Receipt, width: int, drawer: bool) -> None:
        from cafepos.adapters.printer import print_receipt

        print_receipt(self.uri, receipt, width, drawer, timeout_s=self.timeout_s)

    def open_drawer(self) -> None:
        from cafepos.adapters.printer import PrinterError, check_status, open_device, parse_uri

        spec = parse_uri(self.uri)
        device: Any = open_device(spec, self.timeout_s)
        try:
            check_status(device, spec)
            device.cashdraw(2)
        except PrinterError:
            raise
        except Exception as exc:  # python-escpos raises many kinds; the counter needs one calm message
            raise PrinterError(N_("The cash drawer could not be opened: {detail}."), detail=str(exc)) from exc
        finally:
            device.close()


def receipt_format(language: str) -> Formatter:
    return Formatter(language, plain_spaces=True)


ENGLISH = ReceiptLabels(
    ticket="Ticket {ticket}", till="Till {till}", operator="Operator: {operator}", on_site="On site",
    take_away="Take away", total="TOTAL", cash="Cash", card="Card", cheque="Cheque", voucher="Meal voucher",
    change="Change", vat_code="VAT", rate="Rate", ht="Net", vat="VAT", ttc="Gross", items_one="{n} item",
    items_other="{n} items", lines_one="{n} line", lines_other="{n} lines", signature="Signature: {signature}",
    duplicate="DUPLICATE no. {k}", reprinted="Reprinted {time}", cancellation="CANCELS ticket {ticket}",
    reason="Reason: {reason}", discount="Discount: {reason}", training="TRAINING MODE - NOT A RECEIPT",
    siret="SIRET {siret}", vat_number="VAT no. {vat_number}", phone="Tel. {phone}",
    agent_note="* Sold in the name and on behalf of:", weighed="{weight} g x {price}/kg")


def receipt_labels(language: str) -> ReceiptLabels:
    """French is the law's language for receipts; English for a café that chose it."""
    return ENGLISH if language == "en" else ReceiptLabels()
