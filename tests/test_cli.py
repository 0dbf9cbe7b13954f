"""The `cafepos` command: what scripts rely on, and every kind of bad input getting exit 2 and nothing written."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cafepos.adapters.lock import InstanceLock
from tests.cli_support import Result, run


def ticket_count(db: Path) -> int:
    conn = sqlite3.connect(db)
    n = int(conn.execute("SELECT COUNT(*) FROM tickets").fetchone()[0])
    conn.close()
    return n


def test_init_then_sell_and_cancel(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "new.sqlite"
    assert run(capsys, db, "init", "--name", "Le Fournil", "--siret", "12345678900011", "--manager", "Alice",
               "--pin", "4321").code == 0
    assert run(capsys, db, "catalog", "add", "--label", "Café", "--price", "1.30", "--vat-on-site", "10",
               "--vat-take-away", "10", "--barcode", "123").code == 0
    assert run(capsys, db, "catalog", "add", "--label", "Cidre", "--price", "3", "--vat-on-site", "20",
               "--vat-take-away", "20", "--alcohol").code == 0
    assert run(capsys, db, "user", "add", "Bob", "--role", "staff", "--pin", "1111").code == 0
    r = run(capsys, db, "sell", "--item", "123*2", "--item", "Cidre", "--pay", "card:2", "--pay", "cash",
            "--operator", "Bob", "--json")
    assert r.code == 0, r.err
    t = r.json
    assert t["number"] == 1 and t["total_cents"] == 560 and t["change_cents"] == 0
    assert t["payments"] == [{"method": "card", "amount_cents": 200}, {"method": "cash", "amount_cents": 360}]
    assert len(t["hash"]) == 64 and {v["rate_bp"] for v in t["vat"]} == {1000, 2000}
    assert run(capsys, db, "cancel", "1", "--reason", "erreur", "--operator", "Bob").code == 2  # staff
    c = run(capsys, db, "cancel", "1", "--reason", "erreur", "--operator", "Alice", "--json")
    assert c.code == 0 and c.json["total_cents"] == -560
    assert run(capsys, db, "verify").code == 0


@pytest.mark.parametrize("args", [
    ["sell", "--item", "Caviar", "--pay", "cash"],                      # unknown product
    ["sell", "--item", "Café*0", "--pay", "cash"],                      # zero
    ["sell", "--item", "Café*-2", "--pay", "cash"],                     # negative
    ["sell", "--item", "Café*1000", "--pay", "cash"],                   # absurd
    ["sell", "--item", "Café*x", "--pay", "cash"],                      # not a number
    ["sell", "--item", "Café", "--pay", "cash:2.505"],                  # three decimals
    ["sell", "--item", "Café", "--pay", "cash:1"],                      # short
    ["sell", "--item", "Café", "--pay", "bitcoin:5"],                   # unknown method
    ["sell", "--item", "Pastis", "--pay", "voucher"],                   # voucher on alcohol
    ["sell", "--item", "Croque-monsieur*6", "--pay", "voucher"],        # above the 25 € cap
    ["sell", "--item", "Café", "--pay", "voucher:5"],                   # change on a voucher
    ["sell", "--item", "Café", "--pay", "card:5"],                      # change on a card
    ["sell", "--item", "Café", "--pay", "cash:5", "--operator", "Zoé"],  # unknown operator
    ["cancel", "99", "--reason", "x"],                                  # unknown ticket
    ["catalog", "add", "--label", "X", "--price", "1", "--vat-on-site", "7", "--vat-take-away", "7"],  # bad VAT
    ["catalog", "add", "--label", "X", "--price", "1.001", "--vat-on-site", "10", "--vat-take-away", "10"],
    ["catalog", "import", "/nonexistent.csv"],
    ["user", "add", "Zoé", "--role", "staff", "--pin", "12"],            # PIN too short
    ["archive", "export", "--out", "/nonexistent/dir/a.zip"],
    ["settings", "set", "till=abc"],
    ["settings", "set", "nope=1"],
])
def test_bad_input_exits_2_and_writes_nothing(cafe_path: Path, capsys: pytest.CaptureFixture[str],
                                              args: list[str]) -> None:
    before = ticket_count(cafe_path)
    r = run(capsys, cafe_path, *args)
    assert r.code == 2, (r.out, r.err)
    assert r.err.startswith("cafepos: ") and "Traceback" not in r.err
    assert ticket_count(cafe_path) == before
    assert run(capsys, cafe_path, "verify").code == 0


def test_messages_are_french_by_default(cafe_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = run(capsys, cafe_path, "sell", "--item", "Caviar", "--pay", "cash")
    assert "Produit « Caviar » inconnu" in r.err


def test_cancel_twice(cafe_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, cafe_path, "sell", "--item", "Café", "--pay", "cash").code == 0
    assert run(capsys, cafe_path, "cancel", "1", "--reason", "erreur").code == 0
    before = ticket_count(cafe_path)
    r = run(capsys, cafe_path, "cancel", "1", "--reason", "erreur")
    assert r.code == 2 and ticket_count(cafe_path) == before


def test_second_instance_is_refused(cafe_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lock = InstanceLock(cafe_path)
    lock.acquire()
    try:
        r = run(capsys, cafe_path, "sell", "--item", "Café", "--pay", "cash")
        assert r.code == 2 and ("already open" in r.err or "déjà ouverte" in r.err)
        assert run(capsys, cafe_path, "verify").code == 0  # an auditor may still check
    finally:
        lock.release()


def test_corrupt_and_foreign_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database at all" * 100)
    foreign = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    for db in (garbage, foreign):
        before = db.read_bytes()
        r: Result = run(capsys, db, "sell", "--item", "Café", "--pay", "cash")
        assert r.code == 2 and "cafepos" in r.err and "Traceback" not in r.err
        assert db.read_bytes() == before
    assert run(capsys, tmp_path / "missing.sqlite", "catalog", "list").code == 2


def test_catalog_csv_round_trip(cafe_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "cat.csv"
    assert run(capsys, cafe_path, "catalog", "export", str(out)).code == 0
    text = out.read_text()
    assert "Bière pression 25 cl,Bières et vins,3.10,20,20,,#c9a227,1,1,0" in text
    edited = text.replace("Café,Boissons chaudes,1.30", "Café,Boissons chaudes,1.40")
    edited += ",Tartine,Snacking,2.00,10,5.5,,,1,0,1\n"
    out.write_text(edited)
    r = run(capsys, cafe_path, "catalog", "import", str(out), "--json")
    assert r.code == 0 and r.json == {"added": 1, "updated": 25}
    listing = run(capsys, cafe_path, "catalog", "list", "--json").json
    assert {p["label"]: p["price_cents"] for p in listing}["Café"] == 140
    out.write_text(edited + ",Broken,Snacking,abc,10,10,,,1,0,1\n")
    r = run(capsys, cafe_path, "catalog", "import", str(out))
    assert r.code == 2 and "28" in r.err  # the bad line is named; nothing of the file was written
    assert len(run(capsys, cafe_path, "catalog", "list", "--json").json) == 26


def test_backup_and_restore(cafe_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, cafe_path, "sell", "--item", "Café", "--pay", "cash").code == 0
    backup = tmp_path / "backup.sqlite"
    assert run(capsys, cafe_path, "backup", "--out", str(backup)).code == 0
    assert run(capsys, cafe_path, "sell", "--item", "Café", "--pay", "cash").code == 0
    r = run(capsys, cafe_path, "restore", str(backup), "--json")
    assert r.code == 0, r.err
    assert ticket_count(cafe_path) == 1
    assert run(capsys, cafe_path, "verify").code == 0  # the restore is a signed event, not a break
    assert run(capsys, cafe_path, "restore", str(tmp_path / "nope.sqlite")).code == 2


def test_python_m_and_no_display(cafe_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(cafe_path.parent),
           "CAFEPOS_CONFIG_DIR": str(cafe_path.parent / "config"), "CAFEPOS_DATA_DIR": str(cafe_path.parent / "data")}
    r = subprocess.run([sys.executable, "-m", "cafepos", "--db", str(cafe_path)], env=env, capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 3
    assert r.stderr.count("\n") == 1 and "xvfb-run" in r.stderr and "Traceback" not in r.stderr
