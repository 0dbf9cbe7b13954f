"""Operators and their PINs: salted slow hashes, lock-out after repeated failures, every attempt logged."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from cafepos.domain.errors import N_, BadInput, NotFound, Refused
from cafepos.domain.operators import MAX_PIN_FAILURES, Operator, Right, Role
from cafepos.services.journal import Journal
from cafepos.services.ports import OperatorRow
from cafepos.services.settings import Settings

# scrypt: memory-hard and in the standard library. n=2**14 costs ~40 ms: nothing for a login, ruinous for
# someone trying all 10,000 four-digit PINs against a stolen database file.
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_pin(pin: str) -> str:
    import secrets  # only when a PIN is set, not at each start

    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, dklen=32, **_SCRYPT)
    return f"scrypt${_SCRYPT['n']}${salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    try:
        scheme, n, salt_hex, digest_hex = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(salt_hex), dklen=32, n=int(n), r=8, p=1)
    return hmac.compare_digest(digest.hex(), digest_hex)


def check_pin_format(pin: str) -> None:
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise BadInput(N_("A PIN is 4 to 8 digits."))


def to_operator(row: OperatorRow) -> Operator:
    return Operator(row.id, row.name, Role(row.role))


@dataclass
class UserService:
    journal: Journal

    def list(self) -> list[OperatorRow]:
        with self.journal.ledger.read() as store:
            return [o for o in store.operators() if o.active]

    def add(self, acting: Operator | None, name: str, role: str, pin: str) -> Operator:
        """Adds an operator; the very first one (a new café) needs no one acting and must be a manager."""
        name = name.strip()
        if not name or len(name) > 40:
            raise BadInput(N_("An operator's name is 1 to 40 characters."))
        try:
            role_value = Role(role)
        except ValueError:
            raise BadInput(N_("The role is “manager” or “staff”, not “{role}”."), role=role) from None
        check_pin_format(pin)
        pin_hash = hash_pin(pin)
        with self.journal.unit() as tx:
            existing = tx.store.operators()
            if acting is None and existing:
                raise Refused(N_("A manager must add new operators."))
            if acting is not None:
                acting.require(Right.MANAGE_USERS)
            if not existing and role_value is not Role.MANAGER:
                raise BadInput(N_("The first operator of a café must be a manager."))
            if tx.store.operator_by_name(name):
                raise Refused(N_("There is already an operator called “{name}”."), name=name)
            new_id = tx.store.add_operator(name, role_value.value, pin_hash)
            till = Settings.from_rows(tx.store.settings()).till
            self.journal.event(tx, "operator_added", acting.name if acting else None, till, name=name,
                               role=role_value.value)
        return Operator(new_id, name, role_value)

    def acting(self, name: str | None) -> Operator:
        """The operator a command acts for: the one named, or the café's first manager."""
        with self.journal.ledger.read() as store:
            if name:
                row = store.operator_by_name(name)
                if row is None or not row.active:
                    raise NotFound(N_("There is no operator called “{name}”."), name=name)
                return to_operator(row)
            managers = [o for o in store.operators() if o.role == Role.MANAGER and o.active]
        if not managers:
            raise NotFound(N_("This café has no manager yet: run “cafepos init” first."))
        return to_operator(managers[0])

    def login(self, name: str, pin: str) -> Operator:
        """Checks a PIN; five failures lock the operator for a few minutes. Each failure is a signed event."""
        now = self.journal.clock.now()
        with self.journal.unit() as tx:
            row = tx.store.operator_by_name(name)
            if row is None or not row.active:
                raise NotFound(N_("There is no operator called “{name}”."), name=name)
            settings = Settings.from_rows(tx.store.settings())
            if row.locked_until and datetime.fromisoformat(row.locked_until) > now:
                raise Refused(N_("{name} is locked after too many wrong PINs: try again in a few minutes."),
                              name=name)
            ok = pin_matches(pin, row.pin_hash)
            if ok:
                tx.store.update_operator(row.id, {"failed_count": 0, "locked_until": None})
                self.journal.event(tx, "login", row.name, settings.till)
            else:
                failures = row.failed_count + 1
                locked = None
                if failures >= MAX_PIN_FAILURES:
                    locked = (now + timedelta(minutes=settings.pin_lock_minutes)).isoformat()
                    failures = 0
                tx.store.update_operator(row.id, {"failed_count": failures, "locked_until": locked})
                self.journal.event(tx, "login_failed", row.name, settings.till, locked=locked is not None)
        if not ok:
            # Raised after the commit so the failure (and any lock) is on disk.
            if locked:
                raise Refused(N_("Wrong PIN. {name} is now locked for {minutes} minutes."), name=name,
                              minutes=settings.pin_lock_minutes)
            raise Refused(N_("Wrong PIN for {name}."), name=name)
        return to_operator(row)

    def logout(self, operator: Operator) -> None:
        with self.journal.unit() as tx:
            till = Settings.from_rows(tx.store.settings()).till
            self.journal.event(tx, "logout", operator.name, till)

    def change_pin(self, acting: Operator, name: str, pin: str) -> None:
        check_pin_format(pin)
        with self.journal.unit() as tx:
            row = tx.store.operator_by_name(name)
            if row is None:
                raise NotFound(N_("There is no operator called “{name}”."), name=name)
            if row.id != acting.id:
                acting.require(Right.MANAGE_USERS)
            tx.store.update_operator(row.id, {"pin_hash": hash_pin(pin), "failed_count": 0, "locked_until": None})
            till = Settings.from_rows(tx.store.settings()).till
            self.journal.event(tx, "pin_changed", acting.name, till, name=name)
