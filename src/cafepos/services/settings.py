"""The café's settings, kept in the database so a backup carries them; every change is a signed event."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from cafepos.domain.errors import N_, BadInput
from cafepos.domain.operators import Operator, Right
from cafepos.domain.ticket import PaymentRules
from cafepos.services.journal import Journal


@dataclass(frozen=True)
class Settings:
    cafe_uuid: str = ""
    cafe_name: str = "Mon café"
    cafe_address: str = ""
    cafe_phone: str = ""
    siret: str = ""
    vat_number: str = ""
    cafe_legal: str = ""  # legal form, capital and RCS for invoices ("SCIC SARL au capital de 12 000 € · RCS Mâcon …")
    till: int = 1
    language: str = "fr"
    timezone: str = "Europe/Paris"
    cutoff_hour: int = 4
    printer_uri: str = ""
    printer_width: int = 48
    print_by_default: bool = False  # receipts on request since August 2023
    receipt_header: str = ""
    receipt_footer: str = "Merci et à bientôt !"
    receipt_logo: str = ""  # path of an image printed at the top of receipts (PNG, black and white is best)
    voucher_cap_cents: int = 2500
    cash_cap_cents: int = 100_000
    pin_lock_minutes: int = 5
    idle_lock_minutes: int = 5
    variance_threshold_cents: int = 500   # above this, a cash variance needs a reason
    close_grace_hours: int = 12           # after the day's end, sales wait until an unclosed day is closed
    blind_count: bool = False             # hide the expected amounts until the drawer is counted

    @property
    def payment_rules(self) -> PaymentRules:
        return PaymentRules(voucher_cap_cents=self.voucher_cap_cents, cash_cap_cents=self.cash_cap_cents)

    @property
    def cafe_identity(self) -> dict[str, str]:
        return {"name": self.cafe_name, "address": self.cafe_address, "vat_number": self.vat_number,
                "phone": self.cafe_phone}

    @classmethod
    def from_rows(cls, rows: dict[str, str]) -> Settings:
        values: dict[str, Any] = {}
        for f in fields(cls):
            if f.name in rows:
                values[f.name] = _convert(f.name, str(f.type), rows[f.name])
        return cls(**values)


SETTING_NAMES = frozenset(f.name for f in fields(Settings))
_LIMITS = {"till": (1, 999), "cutoff_hour": (0, 12), "printer_width": (32, 48), "pin_lock_minutes": (1, 1440),
           "idle_lock_minutes": (0, 1440), "voucher_cap_cents": (0, 100_000),
           "cash_cap_cents": (0, 10_000_000), "variance_threshold_cents": (0, 10_000_000),
           "close_grace_hours": (0, 24 * 31)}


def _convert(name: str, type_name: str, raw: str) -> Any:
    if type_name == "int":
        try:
            value = int(raw)
        except ValueError:
            raise BadInput(N_("Setting “{name}” needs a whole number, not “{raw}”."), name=name, raw=raw) from None
        low, high = _LIMITS.get(name, (-(2**31), 2**31))
        if not low <= value <= high:
            raise BadInput(N_("Setting “{name}” must be between {low} and {high}."), name=name, low=low, high=high)
        return value
    if type_name == "bool":
        if raw.lower() in ("1", "true", "yes", "oui"):
            return True
        if raw.lower() in ("0", "false", "no", "non"):
            return False
        raise BadInput(N_("Setting “{name}” is yes or no, not “{raw}”."), name=name, raw=raw)
    return raw


@dataclass
class SettingsService:
    journal: Journal

    def get(self) -> Settings:
        with self.journal.ledger.read() as store:
            return Settings.from_rows(store.settings())

    def update(self, operator: Operator, changes: dict[str, str]) -> Settings:
        operator.require(Right.EDIT_SETTINGS)
        for key, raw in changes.items():
            if key not in SETTING_NAMES or key == "cafe_uuid":
                raise BadInput(N_("There is no setting called “{name}”."), name=key)
            ftype = next(str(f.type) for f in fields(Settings) if f.name == key)
            _convert(key, ftype, raw)
        with self.journal.unit() as tx:
            current = tx.store.settings()
            till = Settings.from_rows(current).till
            for key, raw in changes.items():
                old = current.get(key)
                if old == raw:
                    continue
                tx.store.set_setting(key, raw)
                self.journal.event(tx, "settings_change", operator.name, till, key=key, old=old, new=raw)
            return Settings.from_rows(tx.store.settings())
