"""The catalogue: categories and products, their prices and VAT per sale mode; CSV in and out."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from cafepos.domain.errors import N_, BadInput, CafeError, NotFound, Refused
from cafepos.domain.money import cents_to_text, parse_amount, parse_rate_bp
from cafepos.domain.operators import Operator, Right
from cafepos.domain.ticket import SaleMode
from cafepos.services.journal import Journal, Tx
from cafepos.services.ports import CategoryRow, ProductRow, Store
from cafepos.services.settings import Settings

CSV_COLUMNS = ["id", "label", "category", "price", "vat_on_site", "vat_take_away", "barcode", "colour", "active",
               "alcohol", "voucher_ok"]
VAT_RATES_BP = (0, 210, 550, 1000, 2000)  # metropolitan France (domain.md §3); 2.1 % for press


def vat_for(product: ProductRow, mode: SaleMode) -> int:
    return product.vat_on_site_bp if mode is SaleMode.ON_SITE else product.vat_take_away_bp


def rate_text(bp: int) -> str:
    """Basis points as a plain percentage for CSV and the command line: 550 → "5.5", 1000 → "10"."""
    whole, rest = divmod(bp, 100)
    return f"{whole}.{rest:02d}".rstrip("0").rstrip(".") if rest else str(whole)


@dataclass(frozen=True)
class ProductDraft:
    """A product as typed by a manager or read from CSV, checked before anything is written."""

    label: str
    price_cents: int
    vat_on_site_bp: int
    vat_take_away_bp: int
    category: str | None = None
    barcode: str | None = None
    colour: str | None = None
    active: bool = True
    alcohol: bool = False
    voucher_ok: bool = True

    def checked(self) -> ProductDraft:
        label = self.label.strip()
        if not label or len(label) > 60:
            raise BadInput(N_("A product's label is 1 to 60 characters."))
        for bp in (self.vat_on_site_bp, self.vat_take_away_bp):
            if bp not in VAT_RATES_BP:
                raise BadInput(N_("Unknown VAT rate {rate} %: French rates are 0, 2.1, 5.5, 10 and 20."),
                               rate=rate_text(bp))
        if self.alcohol and (self.vat_on_site_bp != 2000 or self.vat_take_away_bp != 2000):
            raise BadInput(N_("Alcoholic drinks are taxed at 20 %, on site and to take away."))
        barcode = (self.barcode or "").strip() or None
        if barcode is not None and not barcode.isalnum():
            raise BadInput(N_("A barcode is made of letters and digits only."))
        # Meal vouchers never pay for alcohol, whatever was asked.
        return ProductDraft(label, self.price_cents, self.vat_on_site_bp, self.vat_take_away_bp,
                            (self.category or "").strip() or None, barcode, self.colour or None, self.active,
                            self.alcohol, self.voucher_ok and not self.alcohol)

    def values(self, store: Store) -> dict[str, Any]:
        return {"label": self.label, "category_id": store.category_id(self.category, True) if self.category else None,
                "price_cents": self.price_cents, "vat_on_site_bp": self.vat_on_site_bp,
                "vat_take_away_bp": self.vat_take_away_bp, "barcode": self.barcode, "colour": self.colour,
                "active": self.active, "alcohol": self.alcohol, "voucher_ok": self.voucher_ok}


def _yes(text: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "true", "yes", "oui", "y", "o", "x"):
        return True
    if value in ("", "0", "false", "no", "non", "n"):
        return False
    raise BadInput(N_("“{text}” is not yes or no."), text=text)


@dataclass
class CatalogService:
    journal: Journal

    def categories(self) -> list[CategoryRow]:
        with self.journal.ledger.read() as store:
            return store.categories()

    def products(self, active_only: bool = True) -> list[ProductRow]:
        with self.journal.ledger.read() as store:
            return store.products(active_only)

    def resolve(self, ref: str) -> ProductRow:
        """A product by id, barcode or exact label, as the command line and the scanner give it."""
        with self.journal.ledger.read() as store:
            matches = [p for p in store.find_products(ref.strip()) if p.active]
        if not matches:
            raise NotFound(N_("Unknown product “{ref}”: give its number, barcode or exact label."), ref=ref)
        if len(matches) > 1:
            raise BadInput(N_("“{ref}” matches several products: use the product number."), ref=ref)
        return matches[0]

    def add(self, operator: Operator, draft: ProductDraft) -> ProductRow:
        operator.require(Right.EDIT_CATALOGUE)
        draft = draft.checked()
        with self.journal.unit() as tx:
            self._check_barcode_free(tx.store, draft.barcode, None)
            new_id = tx.store.add_product(draft.values(tx.store))
            self._event(tx, operator, "product_added", product_ref=str(new_id), label=draft.label,
                        price_cents=draft.price_cents)
            row = tx.store.product(new_id)
        assert row is not None
        return row

    def update(self, operator: Operator, product_id: int, draft: ProductDraft) -> ProductRow:
        """Edits a product; price changes are logged. Tickets already signed keep the price they were sold at."""
        operator.require(Right.EDIT_CATALOGUE)
        draft = draft.checked()
        with self.journal.unit() as tx:
            old = tx.store.product(product_id)
            if old is None:
                raise NotFound(N_("Unknown product “{ref}”: give its number, barcode or exact label."),
                               ref=str(product_id))
            self._check_barcode_free(tx.store, draft.barcode, product_id)
            tx.store.update_product(product_id, draft.values(tx.store))
            if old.price_cents != draft.price_cents:
                self._event(tx, operator, "price_change", product_ref=str(product_id), label=draft.label,
                            old_cents=old.price_cents, new_cents=draft.price_cents)
            else:
                self._event(tx, operator, "product_changed", product_ref=str(product_id), label=draft.label)
            row = tx.store.product(product_id)
        assert row is not None
        return row

    def export_csv(self) -> str:
        out = io.StringIO()
        import csv  # only for a catalogue file, not at each start

        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for p in self.products(active_only=False):
            writer.writerow([p.id, p.label, p.category or "", cents_to_text(p.price_cents), rate_text(p.vat_on_site_bp),
                             rate_text(p.vat_take_away_bp), p.barcode or "", p.colour or "", int(p.active),
                             int(p.alcohol), int(p.voucher_ok)])
        return out.getvalue()

    def import_csv(self, operator: Operator, text: str) -> tuple[int, int]:
        """Adds or updates products from CSV (columns as exported); all rows are checked before any is written."""
        operator.require(Right.EDIT_CATALOGUE)
        import csv

        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
        missing = {"label", "price", "vat_on_site", "vat_take_away"} - set(reader.fieldnames or [])
        if missing:
            raise BadInput(N_("The CSV file lacks the columns: {columns}."), columns=", ".join(sorted(missing)))
        rows: list[tuple[int | None, ProductDraft]] = []
        for lineno, raw in enumerate(reader, start=2):
            try:
                rows.append(self._parse_row(raw))
            except CafeError as exc:
                raise BadInput(N_("CSV line {line}: {problem}"), line=lineno, problem=str(exc)) from exc
        added = updated = 0
        with self.journal.unit() as tx:
            for product_id, draft in rows:
                existing = tx.store.product(product_id) if product_id else None
                if existing:
                    self._check_barcode_free(tx.store, draft.barcode, existing.id)
                    tx.store.update_product(existing.id, draft.values(tx.store))
                    updated += 1
                else:
                    self._check_barcode_free(tx.store, draft.barcode, None)
                    tx.store.add_product(draft.values(tx.store))
                    added += 1
            self._event(tx, operator, "catalogue_import", added=added, updated=updated)
        return added, updated

    @staticmethod
    def _parse_row(raw: dict[str, str]) -> tuple[int | None, ProductDraft]:
        raw = {k: (v or "") for k, v in raw.items() if k}
        product_id = int(raw["id"]) if raw.get("id", "").strip().isdigit() else None
        draft = ProductDraft(
            label=raw["label"], price_cents=parse_amount(raw["price"]),
            vat_on_site_bp=parse_rate_bp(raw["vat_on_site"]), vat_take_away_bp=parse_rate_bp(raw["vat_take_away"]),
            category=raw.get("category"), barcode=raw.get("barcode"), colour=raw.get("colour"),
            active=_yes(raw.get("active") or "1"), alcohol=_yes(raw.get("alcohol", "")),
            voucher_ok=_yes(raw.get("voucher_ok") or "1"),
        )
        return product_id, draft.checked()

    @staticmethod
    def _check_barcode_free(store: Store, barcode: str | None, own_id: int | None) -> None:
        if barcode is None:
            return
        for p in store.find_products(barcode):
            if p.barcode == barcode and p.id != own_id:
                raise Refused(N_("Barcode {barcode} already belongs to “{label}”."), barcode=barcode, label=p.label)

    def _event(self, tx: Tx, operator: Operator, kind: str, **data: Any) -> None:
        till = Settings.from_rows(tx.store.settings()).till
        self.journal.event(tx, kind, operator.name, till, **data)
