"""The paper Z's words, French or English, as receipts have theirs (adapters/receipt_printer.py).

Apart from the receipts' words so that a start, which prints no Z, does not set up the Z's types.
"""

from __future__ import annotations

from cafepos.domain.z_text import ZLabels

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
