"""Cash and closings: closing a day of 1,000 tickets, the Z of one day against years of journal, the monthly PDF.

`python -m bench.closing [--quick]`. Each measurement calls the services the counter and the back office call
(`close_session`, `z_report`, `closings.get`, `write_month_pdf`) in this process, on private copies of cafés opened
with the durable settings (WAL, synchronous=FULL), timed with `perf_counter` around each call.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.common import Measurement, cafe_dirs, log, ms, run_steps, thousands
from bench.counter import copy_cafe, demo_cafe, main_for, ratio
from cafepos.bootstrap import Cafe, open_cafe
from cafepos.domain.cash import as_pieces
from cafepos.domain.closing import ClosingKind
from cafepos.domain.errors import NotFound
from cafepos.domain.ticket import Payment, PaymentMethod, SaleMode
from cafepos.services.closings import CloseCount
from cafepos.services.sales import BasketItem

TARGET_CLOSE_S = 0.2
TARGET_Z_RATIO = 1.2
TARGET_MONTH_PDF_S = 2.0
JOURNAL = Path(__file__).resolve().parent / "out" / "journal-1826d-300"


def sell(cafe: Cafe, tickets: int, seed: int = 5) -> dict[str, int]:
    """`tickets` paid tickets of 1 to 4 lines through `ring_up`: two in three in cash (a 50 € note), one by card."""
    rng = random.Random(seed)
    operator = cafe.users.acting("Paul")
    products = [p for p in cafe.catalog.products() if p.producer_id is None]
    lines = 0
    for i in range(tickets):
        chosen = rng.sample(products, rng.randint(1, 4))
        items = [BasketItem(p.id, rng.choice((1, 1, 1, 2))) for p in chosen]
        total = sum(p.price_cents * item.qty for p, item in zip(chosen, items, strict=True))
        pay = Payment(PaymentMethod.CARD, total) if i % 3 == 2 else Payment(PaymentMethod.CASH, max(5000, total))
        cafe.sales.ring_up(operator, items, SaleMode.ON_SITE, [pay])
        lines += len(items)
    return {"tickets": tickets, "lines": lines}


def bench_close(out: Path, quick: bool) -> Measurement:
    tickets, reps = (200, 2) if quick else (1000, 5)
    template = demo_cafe(out / "template")
    samples: list[float] = []
    sizes: dict[str, int] = {}
    for rep in range(reps):
        folder = out / f"close-{rep}"
        db = copy_cafe(template, folder)
        with cafe_dirs(folder):
            cafe = open_cafe(db)
            try:
                manager = cafe.users.acting("Nadia")
                cafe.till.open(manager, {2000: 5})
                sizes = sell(cafe, tickets, seed=rep)
                expected = int(cafe.closings.preview()["checks"]["cash"]["expected_cents"])
                count = CloseCount(cash=as_pieces(expected))
                start = time.perf_counter()
                closed = cafe.closings.close_session(manager, count)
                samples.append(time.perf_counter() - start)
                assert closed is not None and closed.payload["tickets"] >= tickets, closed.payload
            finally:
                cafe.close()
        log(f"closing {rep + 1}/{reps}: {ms(samples[-1])}")
    med = statistics.median(samples)
    return Measurement(
        "close", f"Closing a day of {thousands(tickets)} tickets (`close_session`, signed Z)",
        f"median {ms(med)}", "< 0.2 s (a PySide6 peer takes 1.4 s)", med < TARGET_CLOSE_S,
        f"On a fresh copy of the empty demo café each time: the till opened with a 100 € float, {tickets} tickets "
        f"of 1 to 4 lines sold with `ring_up` (two in three in cash, one by card), then `close_session(manager, "
        f"CloseCount(cash=as_pieces(expected cash)))` timed alone (the drawer count, the session's close, the day's "
        f"totals over every ticket, the signed Z and its flush); median of {reps} days.",
        [f"each day (s): {', '.join(f'{s:.3f}' for s in samples)}; "
         f"{thousands(sizes.get('lines', 0))} lines in the last day"],
        {"samples_s": samples, **sizes})


def _days(db: Path) -> tuple[str, str, int]:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        first, last = conn.execute("SELECT MIN(business_date), MAX(business_date) FROM tickets").fetchone()
        count = conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0]
    finally:
        conn.close()
    return str(first), str(last), int(count)


def _closed_day(cafe: Cafe, db: Path, tickets: int | None = None) -> str:
    """A day with a signed Z among the last 60 of the café: the latest, or the one whose ticket count is closest
    to `tickets` (so the two cafés' Z read about as many tickets)."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT business_date, COUNT(*) FROM tickets GROUP BY business_date "
                            "ORDER BY business_date DESC LIMIT 60").fetchall()
    finally:
        conn.close()
    closed = []
    for day, count in rows:
        try:
            cafe.closings.get(ClosingKind.DAY, day)
        except NotFound:
            continue
        closed.append((str(day), int(count)))
    if not closed:
        raise RuntimeError(f"no closed day among the last 60 of {db}")
    if tickets is None:
        return closed[0][0]
    return min(closed, key=lambda dc: (abs(dc[1] - tickets), dc[0] != closed[0][0]))[0]


def z_once(cafe: Cafe, day: str) -> float:
    start = time.perf_counter()
    report = cafe.reports.z_report(day)
    cafe.closings.get(ClosingKind.DAY, day)
    took = time.perf_counter() - start
    assert report.closing["period"] == day
    return took


def bench_z_and_month(out: Path, quick: bool) -> list[Measurement]:
    runs = 3 if quick else 9
    per_day = 100 if quick else 300
    one_day = demo_cafe(out / "one-day", days=1, per_day=per_day)
    if quick or not (JOURNAL / "cafe.sqlite").exists():
        journal = demo_cafe(out / "journal", days=40, per_day=per_day)
        label = "a 40-day demo journal"
    else:
        start = time.perf_counter()
        journal = copy_cafe(JOURNAL / "cafe.sqlite", out / "journal")
        log(f"copied the 5-year journal in {time.perf_counter() - start:.1f} s")
        label = "a copy of the 5-year journal"
    j_first, j_last, j_count = _days(journal)
    _, _, o_count = _days(one_day)
    with cafe_dirs(journal.parent):
        long_cafe = open_cafe(journal)
    with cafe_dirs(one_day.parent):
        small_cafe = open_cafe(one_day)
    try:
        o_day = _closed_day(small_cafe, one_day)
        o_tickets = len(_day_tickets(small_cafe, o_day))
        j_day = _closed_day(long_cafe, journal, o_tickets)
        j_tickets = len(_day_tickets(long_cafe, j_day))
        z_once(long_cafe, j_day)  # warm-up of each, not counted
        z_once(small_cafe, o_day)
        long_s: list[float] = []
        small_s: list[float] = []
        for _ in range(runs):
            long_s.append(z_once(long_cafe, j_day))
            small_s.append(z_once(small_cafe, o_day))
        lm, sm = statistics.median(long_s), statistics.median(small_s)
        r = ratio(lm, sm)
        z = Measurement(
            "z", "The Z of one day: years of journal against a one-day café",
            f"{ms(lm)} vs {ms(sm)}: ratio {r:.2f}", "ratio ≤ 1.2", r <= TARGET_Z_RATIO,
            f"`cafe.reports.z_report(day)` plus `cafe.closings.get(ClosingKind.DAY, day)` timed together in one "
            f"process, alternating between {label} and a one-day café made by `cafepos demo --days 1 --per-day "
            f"{per_day}`; the journal's day is the closed day of its last 60 whose ticket count is closest to the "
            f"one-day café's; one warm-up call of each not counted, median of {runs} each.",
            [f"journal: {thousands(j_count)} tickets from {j_first} to {j_last}, Z of {j_day} ({j_tickets} tickets "
             f"that day); one-day café: {thousands(o_count)} tickets, Z of {o_day} ({o_tickets} tickets)",
             f"each run, journal (ms): {', '.join(f'{x * 1000:.2f}' for x in long_s)}; one-day (ms): "
             f"{', '.join(f'{x * 1000:.2f}' for x in small_s)}",
             "the Z reads that day's tickets only, through the (till, business_date) index"],
            {"journal_s": long_s, "one_day_s": small_s, "journal_day_tickets": j_tickets,
             "one_day_tickets": o_tickets})
        month = _full_month(j_first, j_last)
        pdf_runs = 1 if quick else 3
        pdf_s: list[float] = []
        from cafepos.adapters.reports import write_month_pdf

        path = out / f"month-{month}.pdf"
        for _ in range(pdf_runs):
            start = time.perf_counter()
            write_month_pdf(long_cafe, month, path)
            pdf_s.append(time.perf_counter() - start)
        report = long_cafe.reports.month_report(month)
        start = time.perf_counter()
        long_cafe.reports.month_report(month)
        data_s = time.perf_counter() - start
        pm = statistics.median(pdf_s)
        pdf = Measurement(
            "month-pdf", f"The monthly report PDF, {month} of {label}",
            f"median {ms(pm)}", "< 2 s", pm < TARGET_MONTH_PDF_S,
            f"`cafepos.adapters.reports.write_month_pdf(cafe, \"{month}\", path)` timed whole (reading the month's "
            f"signed closings, laying out and writing the A4 PDF) on {label}, the last full month in it; median of "
            f"{pdf_runs}.",
            [f"each run (s): {', '.join(f'{x:.3f}' for x in pdf_s)}; {len(report.days)} days in the report; "
             f"{path.stat().st_size / 1000:.0f} kB PDF",
             f"reading the report's data alone (`reports.month_report`): {ms(data_s)}; the rest is the layout"],
            {"samples_s": pdf_s, "data_s": data_s})
    finally:
        long_cafe.close()
        small_cafe.close()
    return [z, pdf]


def _day_tickets(cafe: Cafe, day: str) -> list[Any]:
    with cafe.db.read() as store:
        return list(store.day_tickets(cafe.settings.get().till, day))


def _full_month(first: str, last: str) -> str:
    """The last calendar month entirely inside [first, last], or the month of `last` when there is none."""
    from datetime import date, timedelta

    end = date.fromisoformat(last)
    month_start = end.replace(day=1)
    candidate = (month_start - timedelta(days=1)).replace(day=1)
    if candidate >= date.fromisoformat(first):
        return candidate.strftime("%Y-%m")
    return end.strftime("%Y-%m")


def run(out: Path, quick: bool) -> list[Measurement]:
    return run_steps([("close", lambda: [bench_close(out, quick)]), ("z", lambda: bench_z_and_month(out, quick))])


def main(argv: Sequence[str] | None = None) -> int:
    return main_for("closing", "Cash and closings", run, argv)


if __name__ == "__main__":
    sys.exit(main())
