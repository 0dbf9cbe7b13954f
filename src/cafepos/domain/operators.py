"""Who may do what at the counter. Rights are checked by the services, not only hidden in screens."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from cafepos.domain.errors import N_, NotAllowed


class Role(StrEnum):
    MANAGER = "manager"
    STAFF = "staff"


class Right(StrEnum):
    SELL = "sell"
    DISCOUNT = "discount"
    CANCEL_TICKET = "cancel_ticket"
    EDIT_CATALOGUE = "edit_catalogue"
    EDIT_SETTINGS = "edit_settings"
    MANAGE_USERS = "manage_users"
    OPEN_DRAWER = "open_drawer"
    EXPORT_ARCHIVE = "export_archive"
    REPRINT = "reprint"
    CASH_MOVEMENT = "cash_movement"
    CLOSE_TILL = "close_till"


STAFF_RIGHTS = frozenset({Right.SELL, Right.REPRINT})

MAX_PIN_FAILURES = 5


@dataclass(frozen=True, slots=True)
class Operator:
    id: int
    name: str
    role: Role

    def may(self, right: Right) -> bool:
        return self.role is Role.MANAGER or right in STAFF_RIGHTS

    def require(self, right: Right) -> None:
        if not self.may(right):
            raise NotAllowed(N_("{name} is not allowed to do this: a manager must do it."), name=self.name)
