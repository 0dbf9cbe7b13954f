"""Who is at the counter and what the screens share: the café, the write helper, the settings, the override.

Rights are enforced by the services; the session only decides whether to ask a manager to come over first,
so staff never meet a refusal they could not have avoided.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cafepos.bootstrap import Cafe
from cafepos.domain.operators import Operator, Right
from cafepos.services.settings import Settings
from cafepos.ui.actions import Actions

AskManager = Callable[[str, Callable[[Operator], None]], None]


def _nobody_to_ask(reason: str, then: Callable[[Operator], None]) -> None:
    raise RuntimeError("no manager PIN dialog is wired")


@dataclass
class Session:
    cafe: Cafe
    actions: Actions
    settings: Settings
    operator: Operator | None = None
    ask_manager: AskManager = field(default=_nobody_to_ask)

    @property
    def who(self) -> Operator:
        if self.operator is None:
            raise RuntimeError("no operator is logged in")
        return self.operator

    def with_right(self, right: Right, reason: str, then: Callable[[Operator], None]) -> None:
        """Runs `then` with the operator if they may, otherwise with a manager who typed their PIN."""
        if self.who.may(right):
            then(self.who)
        else:
            self.ask_manager(reason, then)

    def reload_settings(self) -> None:
        self.settings = self.cafe.settings.get()
