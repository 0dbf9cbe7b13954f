"""The cash count's logic: pieces by denomination, cheques, vouchers, the card total, expected against counted.

Qt-free (its few words come through `ui.text`) so it is tested in plain pytest; the count grid and the till
screen only display it and forward what is typed. The services check everything again when the count is signed;
this presenter answers early, while the manager is still counting (a typo, a variance that needs a reason, the
float kept back, the bank deposit).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from cafepos.domain.cash import COINS, DENOMINATIONS, MAX_PIECES, NOTES, count_payload
from cafepos.domain.closing import METHODS
from cafepos.domain.errors import N_, BadInput, CafeError, Refused
from cafepos.domain.money import cents_to_text, parse_amount
from cafepos.domain.z_text import CafeIdentity, HourBucket, ZReport
from cafepos.services.closings import Cheque, CloseCount
from cafepos.ui.text import _

# Variance levels, used by the screen for colour: none (not counted or hidden), ok (exact), small, large.
NONE, OK, SMALL, LARGE = "none", "ok", "small", "large"


def parse_pieces(text: str) -> int:
    """A typed number of pieces: empty is 0; only whole numbers, zero or more."""
    cleaned = text.strip()
    if not cleaned:
        return 0
    if not (cleaned.isascii() and cleaned.isdigit()):
        raise BadInput(N_("“{text}” is not a number of pieces: type a whole number, 0 or more."), text=cleaned)
    pieces = int(cleaned)
    if pieces > MAX_PIECES:
        raise BadInput(N_("{pieces} pieces is not a plausible count."), pieces=pieces)
    return pieces


def parse_optional_amount(text: str) -> int | None:
    """An amount that may be left empty (not counted): None, else cents ≥ 0."""
    return parse_amount(text) if text.strip() else None


@dataclass(frozen=True)
class CountRow:
    denomination_cents: int
    pieces: int

    @property
    def subtotal_cents(self) -> int:
        return self.denomination_cents * self.pieces

    @property
    def is_note(self) -> bool:
        return self.denomination_cents in NOTES


class CashCount:
    """Pieces by denomination, notes then coins, largest first; the total always up to date."""

    def __init__(self, count: Mapping[int, int] | None = None) -> None:
        self.pieces: dict[int, int] = dict.fromkeys(DENOMINATIONS, 0)
        for denom, pieces in (count or {}).items():
            self.set(denom, pieces)

    def rows(self) -> list[CountRow]:
        return [CountRow(d, self.pieces[d]) for d in (*NOTES, *COINS)]

    def row(self, denom: int) -> CountRow:
        return CountRow(denom, self.pieces[denom])

    def set(self, denom: int, pieces: int) -> int:
        if denom not in self.pieces:
            raise BadInput(N_("{value} is not a euro note or coin."), value=denom)
        if not 0 <= pieces <= MAX_PIECES:
            raise BadInput(N_("The number of pieces must be a whole number, zero or more."))
        self.pieces[denom] = pieces
        return pieces

    def type(self, denom: int, text: str) -> int:
        """What was typed in a row; refused (and the row left as it was) unless a whole number ≥ 0."""
        return self.set(denom, parse_pieces(text))

    def step(self, denom: int, delta: int) -> int:
        return self.set(denom, min(MAX_PIECES, max(0, self.pieces[denom] + delta)))

    def clear(self) -> None:
        self.pieces = dict.fromkeys(DENOMINATIONS, 0)

    @property
    def total_cents(self) -> int:
        return sum(d * n for d, n in self.pieces.items())

    def as_count(self) -> dict[int, int]:
        """{cents: pieces} without the empty rows, as the services take it."""
        return {d: n for d, n in self.pieces.items() if n}


@dataclass(frozen=True)
class MethodLine:
    """One row of "expected against counted"; expected and variance are None while a blind count hides them."""

    method: str
    expected_cents: int | None
    counted_cents: int | None
    variance_cents: int | None
    level: str


@dataclass
class ClosingCount:
    """Everything counted at the close, and what follows from it: variances, reason, float kept, deposit."""

    expected: Mapping[str, int]
    opening_float_cents: int
    threshold_cents: int
    blind: bool = False
    cash: CashCount = field(default_factory=CashCount)
    cheques: list[Cheque] = field(default_factory=list)
    vouchers: dict[str, int] = field(default_factory=dict)  # issuer -> cents
    card_terminal_cents: int | None = None
    reason: str = ""
    float_kept_typed: int | None = None  # None: the proposal (the opening float)
    revealed: bool = False

    def __post_init__(self) -> None:
        self.revealed = self.revealed or not self.blind

    # -- what was counted ----------------------------------------------------------------------------------
    def add_cheque(self, number: str, bank: str, amount_text: str) -> Cheque:
        if not number.strip():
            raise BadInput(N_("Give the cheque's number."))
        cheque = Cheque(number.strip(), bank.strip(), parse_amount(amount_text, allow_zero=False))
        self.cheques.append(cheque)
        return cheque

    def remove_cheque(self, index: int) -> None:
        if 0 <= index < len(self.cheques):
            del self.cheques[index]

    def set_voucher(self, issuer: str, amount_text: str) -> int:
        """The meal vouchers of one issuer (Edenred, Sodexo…), added to what was already counted for it."""
        if not issuer.strip():
            raise BadInput(N_("Give the voucher issuer's name (Edenred, Pluxee…)."))
        cents = parse_amount(amount_text, allow_zero=False)
        name = issuer.strip()
        self.vouchers[name] = self.vouchers.get(name, 0) + cents
        return self.vouchers[name]

    def remove_voucher(self, issuer: str) -> None:
        self.vouchers.pop(issuer, None)

    def set_card_terminal(self, text: str) -> None:
        self.card_terminal_cents = parse_optional_amount(text)

    def set_float_kept(self, text: str) -> None:
        self.float_kept_typed = parse_optional_amount(text)

    def reveal(self) -> None:
        """Blind count: the drawer is counted, the expected figures may now be shown (the count is then final)."""
        self.revealed = True

    @property
    def locked(self) -> bool:
        """A blind count cannot be changed once the expected figures were seen: its point is not to be steered."""
        return self.blind and self.revealed

    # -- what follows ----------------------------------------------------------------------------------------
    def counted(self) -> dict[str, int | None]:
        """As the closing service reads a CloseCount: cash always counted, the rest when given."""
        return {"cash": self.cash.total_cents,
                "cheque": sum(c.amount_cents for c in self.cheques) if self.cheques else None,
                "voucher": sum(self.vouchers.values()) if self.vouchers else None,
                "card": self.card_terminal_cents}

    def lines(self) -> list[MethodLine]:
        counted = self.counted()
        out = []
        for method in METHODS:
            expected = self.expected.get(method, 0)
            got = counted[method]
            variance = None if got is None else got - expected
            if not self.revealed:
                out.append(MethodLine(method, None, got, None, NONE))
            else:
                out.append(MethodLine(method, expected, got, variance, self._level(variance)))
        return out

    def _level(self, variance: int | None) -> str:
        if variance is None:
            return NONE
        if variance == 0:
            return OK
        return SMALL if abs(variance) <= self.threshold_cents else LARGE

    @property
    def worst_variance_cents(self) -> int:
        counted = self.counted()
        return max((abs(v - self.expected.get(m, 0)) for m, v in counted.items() if v is not None), default=0)

    @property
    def reason_required(self) -> bool:
        return self.worst_variance_cents > self.threshold_cents

    @property
    def float_kept_cents(self) -> int:
        """The opening float by default, never more than the cash counted (as the service will keep it)."""
        wanted = self.opening_float_cents if self.float_kept_typed is None else self.float_kept_typed
        return max(0, min(wanted, self.cash.total_cents))

    @property
    def bank_deposit_cents(self) -> int:
        return self.cash.total_cents - self.float_kept_cents

    def problems(self, money: Callable[[int], str] = cents_to_text) -> list[CafeError]:
        """What stops the signing, in the order the manager meets it (empty: ready to sign)."""
        if not self.revealed:
            return [Refused(N_("Finish the count, then show the expected amounts."))]
        if self.reason_required and not self.reason.strip():
            return [BadInput(N_("The count differs from what was expected by more than {threshold}: give a reason."),
                             threshold=money(self.threshold_cents))]
        return []

    def summary(self, money: Callable[[int], str]) -> list[str]:
        """The reason and where the cash goes, as the preview of the Z sums them up next to it."""
        reason = self.reason.strip()
        lines = [_("Reason for the variance: {reason}").format(reason=reason)] if reason else []
        cheques = sum(c.amount_cents for c in self.cheques)
        lines.append(_("Float kept back: {kept} · to the bank: {cash} in cash and {cheques} in cheques").format(
            kept=money(self.float_kept_cents), cash=money(self.bank_deposit_cents), cheques=money(cheques)))
        return lines

    def close_count(self, tabs: str | None = None, keep_day_open: bool = False) -> CloseCount:
        return CloseCount(cash=self.cash.as_count(), cheques=tuple(self.cheques),
                          vouchers_by_issuer=dict(self.vouchers), card_terminal_cents=self.card_terminal_cents,
                          reason=self.reason.strip(), float_kept_cents=self.float_kept_cents, tabs=tabs,
                          keep_day_open=keep_day_open)


def last_day_closing(days_between: Callable[[str, str], list[dict[str, Any]]], today: str) -> dict[str, Any] | None:
    """The last signed daily closing up to `today` (the perpetual totals of a preview start from it)."""
    recent = (date.fromisoformat(today) - timedelta(days=45)).isoformat()
    for start in (recent, "0001-01-01"):  # a café closes daily: the last weeks nearly always hold it
        days = days_between(start, today)
        if days:
            return days[-1]
    return None


def z_preview(preview: Mapping[str, Any], session: Mapping[str, Any], count: ClosingCount, *, till: int,
              operator: str, timestamp: str, software_version: str, identity: CafeIdentity,
              last_day: Mapping[str, Any] | None) -> ZReport:
    """The Z as it would be signed now, for the text layout: `preview` from the closing service (with the
    count), `session` from the X report, `last_day` the last signed daily closing (for the perpetual totals)."""
    total = int(preview["total_cents"])
    session_part = {
        "float_cents": session["float_cents"], "pay_ins_cents": session["pay_ins_cents"],
        "pay_outs_cents": session["pay_outs_cents"], "checks": preview["checks"],
        "cash_count": count_payload(count.cash.as_count()), "cheques": [c.as_payload() for c in count.cheques],
        "vouchers_by_issuer": dict(count.vouchers), "variance_reason": count.reason.strip() or None,
        "bank_deposit_cents": count.bank_deposit_cents, "float_kept_cents": count.float_kept_cents,
    }
    closing = {key: value for key, value in preview.items() if key not in ("checks", "float_cents")}
    closing.update({
        "kind": "day", "period": preview["business_date"], "till": till, "timestamp": timestamp,
        "operator": operator, "siret": identity.siret, "software_version": software_version,
        "grand_total_cents": total,
        "perpetual_cents": int(last_day["perpetual_cents"] if last_day else 0) + total,
        "perpetual_abs_cents": int(last_day["perpetual_abs_cents"] if last_day else 0) + int(preview["abs_cents"]),
        "previous_closing_hash": None, "session": session_part,
    })
    return ZReport(closing=closing, closing_hash="", cafe=identity, categories=(), top_products=(),
                   hours=tuple(HourBucket(h, 0, 0) for h in range(24)))
