"""Producers: a monthly statement PDF for a producer with a year of sales, and 30 producers' statements for a month.

`python -m bench.statements [--quick]`. The cafés are private copies of the empty demo café opened in this process
with a `FixedClock` moved by hand, so a year of consignment sales (deposits, sales through `ring_up`, a signed Z
each day) is recorded by the real services in seconds; then the statement services and the PDF writer are timed.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import Measurement, cafe_dirs, log, ms, run_steps, thousands
from bench.counter import copy_cafe, demo_cafe, main_for
from cafepos.adapters.clock import FixedClock
from cafepos.adapters.statement_pdf import write_statement_pdf
from cafepos.bootstrap import Cafe, open_cafe
from cafepos.domain.cash import as_pieces
from cafepos.domain.ticket import Payment, PaymentMethod, SaleMode
from cafepos.services.closings import CloseCount
from cafepos.services.consignment import DepositItem, ProducerDraft
from cafepos.services.sales import BasketItem

TARGET_ONE_S = 1.0
TARGET_THIRTY_S = 10.0
PARIS = ZoneInfo("Europe/Paris")
YEAR = 2027  # after the demo café's creation, so the fixed clock only moves forward


@dataclass(frozen=True)
class Built:
    lines: int
    tickets: int
    days: int
    seconds: float


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def sell_days(cafe: Cafe, clock: FixedClock, days: Sequence[date], tickets_per_day: int,
              products: list[tuple[int, int]], rng: random.Random) -> tuple[int, int]:
    """Per day: `tickets_per_day` tickets of two producer lines paid in cash, then the till closed (signed Z)."""
    cashier, manager = cafe.users.acting("Paul"), cafe.users.acting("Nadia")
    lines = tickets = 0
    for day in days:
        clock.moment = at(day)
        for _ in range(tickets_per_day):
            clock.moment += timedelta(seconds=30)
            chosen = rng.sample(products, 2)
            total = sum(price for _, price in chosen)
            cafe.sales.ring_up(cashier, [BasketItem(pid) for pid, _ in chosen], SaleMode.TAKE_AWAY,
                               [Payment(PaymentMethod.CASH, total)])
            lines += 2
            tickets += 1
        clock.moment = at(day, 20)
        expected = int(cafe.closings.preview()["checks"]["cash"]["expected_cents"])
        cafe.closings.close_session(manager, CloseCount(cash=as_pieces(expected)))
    return lines, tickets


def deposit(cafe: Cafe, clock: FixedClock, day: date, producer: str, n_products: int,
            qty: int) -> list[tuple[int, int]]:
    """A deposit sheet of `n_products` products of `qty` each; the (product id, price) of each."""
    clock.moment = at(day, 8)
    items = [DepositItem(f"{producer} produit {i + 1}", qty, 250 + 50 * i) for i in range(n_products)]
    made = cafe.producers.deposit(cafe.users.acting("Nadia"), producer, items)
    return [(int(line["product_ref"]), int(line["unit_price_cents"])) for line in made.lines]


def open_fixed(out: Path, name: str, template: Path) -> tuple[Cafe, FixedClock, Path]:
    folder = out / name
    db = copy_cafe(template, folder)
    clock = FixedClock(at(date(YEAR, 1, 1), 8))
    with cafe_dirs(folder):
        cafe = open_cafe(db, clock=clock)
    return cafe, clock, folder


def selling_days(year: int, month: int, count: int) -> list[date]:
    """`count` days spread over the month (never the 1st, never past the 28th)."""
    step = 27 / count
    return [date(year, month, 2 + int(i * step)) for i in range(count)]


def build_year(cafe: Cafe, clock: FixedClock, lines: int) -> Built:
    """One producer, a deposit at the start of each month, `lines` sale lines spread over 12 months (4 days each)."""
    start = time.perf_counter()
    manager = cafe.users.acting("Nadia")
    clock.moment = at(date(YEAR, 1, 1), 8)
    cafe.producers.add_producer(manager, ProducerDraft("Ferme du Bourg", 2000))
    rng = random.Random(1)
    per_day = max(1, round(lines / 2 / 48))
    total_lines = total_tickets = days = 0
    for month in range(1, 13):
        products = deposit(cafe, clock, date(YEAR, month, 1), "Ferme du Bourg", 10, per_day * 4 * 2)
        month_days = selling_days(YEAR, month, 4)
        n, t = sell_days(cafe, clock, month_days, per_day, products, rng)
        total_lines, total_tickets, days = total_lines + n, total_tickets + t, days + len(month_days)
    return Built(total_lines, total_tickets, days, time.perf_counter() - start)


def build_month(cafe: Cafe, clock: FixedClock, producers: Sequence[str], lines: int, month: int = 3,
                sale_days: int = 20) -> Built:
    """`producers`, each with a deposit of 5 products on the 1st, and `lines` sale lines over `sale_days` days."""
    start = time.perf_counter()
    manager = cafe.users.acting("Nadia")
    clock.moment = at(date(YEAR, month, 1), 7)
    products: list[tuple[int, int]] = []
    per_day = max(1, round(lines / 2 / sale_days))
    qty = max(10, lines // len(producers))
    for name in producers:
        cafe.producers.add_producer(manager, ProducerDraft(name, 2000))
        products += deposit(cafe, clock, date(YEAR, month, 1), name, 5, qty)
    n, t = sell_days(cafe, clock, selling_days(YEAR, month, sale_days), per_day, products, random.Random(2))
    return Built(n, t, sale_days, time.perf_counter() - start)


def time_statement(cafe: Cafe, producer: str, month: str, path: Path,
                   runs: int) -> tuple[list[float], list[float], int]:
    total: list[float] = []
    compute: list[float] = []
    sold = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        statement = cafe.statements.compute(producer, month)
        t1 = time.perf_counter()
        write_statement_pdf(cafe, statement, path)
        total.append(time.perf_counter() - t0)
        compute.append(t1 - t0)
        sold = sum(1 for _ in _sale_rows(statement))
    return total, compute, sold


def _sale_rows(statement: dict[str, object]) -> list[object]:
    """The sale rows a statement lists (whatever key the statement uses for them), for the report only."""
    for key in ("sales", "lines", "rows"):
        value = statement.get(key)
        if isinstance(value, list):
            return value
    return []


def bench_one(out: Path, quick: bool, template: Path) -> list[Measurement]:
    lines, runs = (500, 2) if quick else (5000, 5)
    results = []
    for variant in ("year", "month"):
        cafe, clock, folder = open_fixed(out, f"one-{variant}", template)
        try:
            if variant == "year":
                built = build_year(cafe, clock, lines)
                month = f"{YEAR}-12"
            else:
                built = build_month(cafe, clock, ["Ferme du Bourg"], lines)
                month = f"{YEAR}-03"
            log(f"{variant}: {built.lines} lines in {built.tickets} tickets over {built.days} days, built in "
                f"{built.seconds:.0f} s")
            clock.moment = at(date(YEAR + (month.endswith("12")), 1 if month.endswith("12") else 4, 5), 10)
            total, compute, rows = time_statement(cafe, "Ferme du Bourg", month, folder / f"statement-{month}.pdf",
                                                  runs)
            size = (folder / f"statement-{month}.pdf").stat().st_size
        finally:
            cafe.close()
        med, cmed = statistics.median(total), statistics.median(compute)
        if variant == "year":
            title = f"A producer's statement PDF (December) with a year of sales ({thousands(built.lines)} lines)"
            how = (f"{thousands(built.lines)} sale lines over 12 months (a deposit of 10 products on the 1st of each "
                   f"month, {built.tickets} two-line tickets over 4 days a month, each day closed with a signed Z), "
                   f"then the statement of the last month, whose lots carry the whole year's movements")
        else:
            title = f"A producer's statement PDF, all {thousands(built.lines)} lines in one month"
            how = (f"all {thousands(built.lines)} sale lines in one month ({built.tickets} two-line tickets over "
                   f"{built.days} days, each closed with a signed Z), then that month's statement")
        results.append(Measurement(
            f"statement-{variant}", title, f"median {ms(med)}", "< 1 s", med < TARGET_ONE_S,
            f"On a copy of the empty demo café opened with a `FixedClock` moved by hand: one producer, {how}; "
            f"`cafe.statements.compute(producer, month)` plus `write_statement_pdf(cafe, statement, path)` timed "
            f"together, median of {runs}.",
            [f"each run (s): {', '.join(f'{x:.3f}' for x in total)}; `compute` alone median {ms(cmed)}, the PDF "
             f"{ms(med - cmed)}; {size / 1000:.0f} kB PDF" + (f", {rows} sale rows in it" if rows else ""),
             f"building the café through the services took {built.seconds:.0f} s (not timed)"],
            {"samples_s": total, "compute_s": compute, "lines": built.lines}))
    return results


def bench_thirty(out: Path, quick: bool, template: Path) -> Measurement:
    count, lines = (10, 200) if quick else (30, 1500)
    cafe, clock, folder = open_fixed(out, "thirty", template)
    names = [f"Producteur {i + 1:02d}" for i in range(count)]
    try:
        built = build_month(cafe, clock, names, lines, sale_days=10)
        log(f"{count} producers: {built.lines} lines, built in {built.seconds:.0f} s")
        clock.moment = at(date(YEAR, 4, 5), 10)
        manager = cafe.users.acting("Nadia")
        each: list[float] = []
        pdfs = folder / "statements"
        pdfs.mkdir(exist_ok=True)
        start = time.perf_counter()
        for name in names:
            t0 = time.perf_counter()
            statement = cafe.statements.issue(manager, name, f"{YEAR}-03")
            write_statement_pdf(cafe, statement, pdfs / f"{name}.pdf")
            each.append(time.perf_counter() - t0)
        whole = time.perf_counter() - start
        issued = len([p for p in pdfs.iterdir() if p.suffix == ".pdf"])
    finally:
        cafe.close()
    return Measurement(
        "statements-30", f"{count} producers' statements for a month, issued and printed to PDF",
        f"{whole:.2f} s in all ({ms(statistics.median(each))} each, median)", "< 10 s", whole < TARGET_THIRTY_S,
        f"On a copy of the empty demo café with a `FixedClock`: {count} producers with a deposit of 5 products each "
        f"on the 1st, {thousands(built.lines)} sale lines in {built.tickets} two-line tickets over {built.days} days "
        f"of the month (each closed with a signed Z); then, on the 5th of the next month, "
        f"`cafe.statements.issue(manager, producer, month)` (the signed statement and its commission invoice) and "
        f"`write_statement_pdf` for each producer in turn, timed as a whole.",
        [f"{issued} PDFs written; each producer (ms): {', '.join(f'{x * 1000:.0f}' for x in each)}"],
        {"whole_s": whole, "each_s": each})


def run(out: Path, quick: bool) -> list[Measurement]:
    template = demo_cafe(out / "template")
    return run_steps([("one producer", lambda: bench_one(out, quick, template)),
                      ("thirty producers", lambda: [bench_thirty(out, quick, template)])])


def main(argv: Sequence[str] | None = None) -> int:
    return main_for("statements", "Producers' statements", run, argv)


if __name__ == "__main__":
    sys.exit(main())
