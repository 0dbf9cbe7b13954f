"""What the customer has handed over so far, split between methods, and the change due: the payment screen's logic.

Qt-free so the arithmetic is tested in plain pytest. The rules themselves (no change on cards or vouchers,
vouchers for food only and capped) belong to `domain.ticket.settle`; this presenter only asks it early, so a
refusal shows while the customer is still at the counter rather than after the last tap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from cafepos.domain.errors import N_, BadInput, CafeError
from cafepos.domain.ticket import Line, Payment, PaymentMethod, PaymentRules, settle

QUICK_CASH_CENTS = (500, 1000, 2000, 5000)


@dataclass
class Tender:
    total_cents: int = 0
    lines: Sequence[Line] = ()
    rules: PaymentRules = field(default_factory=PaymentRules)
    parts: list[Payment] = field(default_factory=list)

    def start(self, total_cents: int, lines: Sequence[Line], rules: PaymentRules) -> None:
        self.total_cents, self.lines, self.rules, self.parts = total_cents, lines, rules, []

    @property
    def paid_cents(self) -> int:
        return sum(p.amount_cents for p in self.parts)

    @property
    def remaining_cents(self) -> int:
        return max(0, self.total_cents - self.paid_cents)

    @property
    def covered(self) -> bool:
        return bool(self.parts) and self.paid_cents >= self.total_cents

    @property
    def cash_cents(self) -> int:
        return sum(p.amount_cents for p in self.parts if p.method is PaymentMethod.CASH)

    @property
    def change_cents(self) -> int:
        """Change is given in cash only, and only once cash covers what the other methods left."""
        if not self.covered or not self.cash_cents:
            return 0
        return min(self.cash_cents, self.paid_cents - self.total_cents)

    @property
    def split(self) -> bool:
        return len(self.parts) > 0 and not self.covered

    def add(self, method: PaymentMethod, cents: int | None = None) -> Payment:
        """A part of the payment; without an amount, whatever is still due."""
        amount = self.remaining_cents if cents is None else cents
        if amount <= 0:
            raise BadInput(N_("A payment must be a positive amount."))
        payment = Payment(method, amount)
        self.parts.append(payment)
        return payment

    def undo(self) -> None:
        if self.parts:
            self.parts.pop()

    def problem(self) -> CafeError | None:
        """The service's refusal, asked in advance. While a part is still due it is assumed paid in cash, so a
        voucher refused by the rules shows at once."""
        if not self.parts or not self.lines:
            return None
        trial = list(self.parts)
        if self.remaining_cents:
            trial.append(Payment(PaymentMethod.CASH, self.remaining_cents))
        try:
            settle(self.lines, trial, self.rules)
        except CafeError as exc:
            return exc
        return None
