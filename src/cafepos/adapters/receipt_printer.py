"""The services' ReceiptPrinter port over python-escpos, and the babel formatting and words receipts use."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cafepos.adapters.formatting import Formatter
from cafepos.domain.errors import N_
from cafepos.domain.receipt import Receipt, ReceiptLabels
from cafepos.domain.z_text import ZLabels

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


# -- paper Z words -------------------------------------------------------------------------------------------
ENGLISH_Z = ZLabels(
    title="DAILY CLOSING (Z)", siret="SIRET {siret}", vat_number="VAT no. {vat_number}", date="Date",
    till="Till {till}", operator="Operator: {operator}", signed="Signed", hash="Hash", previous="Previous",
    tickets="Tickets", cancellations="Cancellations", numbers="Tickets no.", sales="Sales",
    returns="Cancelled (amount)", total="TOTAL", rate="Rate", ht="Net", vat="VAT", ttc="Gross",
    payments="PAYMENTS", cash="Cash", card="Card", cheque="Cheque", voucher="Meal voucher",
    third_party="Held for third parties", check="CASH CHECK", not_counted="Day closed without a count",
    expected="Expected", counted="Counted", variance="Variance", reason="Reason: {reason}",
    float_opening="Opening float", pay_ins="Pay-ins", pay_outs="Pay-outs", deposit="BANK DEPOSIT",
    counted_total="Counted", float_kept="Float kept", cash_to_bank="Cash to bank", cheques="Cheques ({count})",
    bank_total="Total to bank", categories="BY CATEGORY", other="Other", top="BEST SELLERS", hours="BY HOUR",
    hour_column="Hour", amount="Amount", hour="{hour}:00", perpetual="Perpetual grand total",
    perpetual_abs="Perpetual absolute total")


def z_labels(language: str) -> ZLabels:
    """Words of the paper Z: French (the law's language) unless the café chose English, like receipts."""
    return ENGLISH_Z if language == "en" else ZLabels()
