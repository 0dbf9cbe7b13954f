"""Open tabs: a basket parked under a table or a name, saved as it changes so a crash never loses it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cafepos.domain.calendar import iso_second
from cafepos.domain.errors import N_, BadInput, NotFound
from cafepos.domain.operators import Operator
from cafepos.services.journal import Journal
from cafepos.services.ports import TabRow
from cafepos.services.settings import Settings


@dataclass
class TabService:
    journal: Journal

    def list(self) -> list[TabRow]:
        with self.journal.ledger.read() as store:
            return store.tabs()

    def park(self, operator: Operator, name: str, state: dict[str, Any]) -> int:
        name = name.strip()
        if not name or len(name) > 40:
            raise BadInput(N_("Give the tab a table number or a name (up to 40 characters)."))
        now = iso_second(self.journal.clock.now())
        with self.journal.ledger.write() as store:
            return store.add_tab(name, operator.id, state, now)

    def save(self, tab_id: int, state: dict[str, Any]) -> None:
        now = iso_second(self.journal.clock.now())
        with self.journal.ledger.write() as store:
            if store.tab(tab_id) is None:
                raise NotFound(N_("This tab no longer exists."))
            store.update_tab(tab_id, state, now)

    def drop(self, operator: Operator, tab_id: int, voided: bool = False) -> None:
        """Removes a tab once paid, or, with `voided`, abandons it (logged as a void like any unpaid basket)."""
        with self.journal.unit() as tx:
            tab = tx.store.tab(tab_id)
            if tab is None:
                raise NotFound(N_("This tab no longer exists."))
            tx.store.delete_tab(tab_id)
            if voided:
                till = Settings.from_rows(tx.store.settings()).till
                self.journal.event(tx, "void", operator.name, till, scope="tab", tab=tab.name,
                                   lines=list(tab.state.get("lines", [])))
