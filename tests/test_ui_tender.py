"""The payment presenter: split payments, change in cash only, and the service's refusals asked early."""

from __future__ import annotations

from cafepos.domain.ticket import Line, PaymentMethod, PaymentRules
from cafepos.ui.tender import Tender

FOOD = Line("1", "Sandwich", 1, 450, 1000)
BEER = Line("2", "Bière", 1, 310, 2000, voucher_ok=False, alcohol=True)


def tender(*lines: Line) -> Tender:
    t = Tender()
    t.start(sum(line.amount_cents for line in lines), lines, PaymentRules())
    return t


def test_a_note_covers_and_gives_change() -> None:
    t = tender(FOOD, BEER)
    t.add(PaymentMethod.CASH, 2000)
    assert t.covered and t.change_cents == 2000 - 760 and t.problem() is None


def test_split_card_then_cash() -> None:
    t = tender(FOOD, BEER)
    t.add(PaymentMethod.CARD, 500)
    assert not t.covered and t.remaining_cents == 260 and t.change_cents == 0 and t.split
    t.add(PaymentMethod.CASH, 500)
    assert t.covered and t.change_cents == 240
    t.undo()
    assert t.paid_cents == 500


def test_without_an_amount_a_method_pays_what_is_due() -> None:
    t = tender(FOOD)
    t.add(PaymentMethod.CARD)
    assert t.covered and t.change_cents == 0 and t.parts[0].amount_cents == 450


def test_vouchers_refused_for_alcohol_before_validation() -> None:
    t = tender(BEER)
    t.add(PaymentMethod.VOUCHER, 310)
    problem = t.problem()
    assert problem is not None and "alcohol" in problem.msgid


def test_voucher_above_food_share_is_refused_while_still_due() -> None:
    t = tender(FOOD, BEER)
    t.add(PaymentMethod.VOUCHER, 600)
    problem = t.problem()
    assert problem is not None and "at most" in problem.msgid


def test_card_above_the_total_is_refused() -> None:
    t = tender(FOOD)
    t.add(PaymentMethod.CARD, 500)
    problem = t.problem()
    assert problem is not None and "change is given in cash" in problem.msgid
