"""The signed journal: the hash rule recomputed independently, tampering caught, crashes and lost keys survived."""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from cafepos.bootstrap import open_cafe
from tests.cli_support import run


def sell(capsys: pytest.CaptureFixture[str], db: Path, n: int) -> list[int]:
    numbers = []
    for _ in range(n):
        r = run(capsys, db, "sell", "--item", "Café*2", "--item", "Croissant", "--pay", "cash:5", "--json")
        assert r.code == 0, r.err
        numbers.append(r.json["number"])
    return numbers


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_hash_and_signature_follow_the_documented_rule(cafe_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sell(capsys, cafe_path, 3)
    conn = sqlite3.connect(cafe_path)
    rows = conn.execute("SELECT seq, payload, hash, signature, key_id FROM journal WHERE chain='tickets' ORDER BY seq")
    pem = dict(conn.execute("SELECT id, pem FROM public_keys").fetchall())
    prev = "0" * 64
    for seq, payload, digest, signature, key_id in rows:
        canonical = json.dumps(json.loads(payload), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        expected = hashlib.sha256((prev + "\n" + canonical).encode()).hexdigest()
        assert bytes(digest).hex() == expected, seq
        key = serialization.load_pem_public_key(pem[key_id].encode())
        assert isinstance(key, ec.EllipticCurvePublicKey)
        key.verify(bytes(signature), expected.encode("ascii"), ec.ECDSA(hashes.SHA256()))
        prev = expected
    conn.close()


def tamper(db: Path, *sql: str) -> None:
    """What someone editing the SQLite file by hand can do: drop the triggers, then change rows."""
    conn = sqlite3.connect(db)
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {name}")
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_verify_passes_on_an_honest_journal(cafe_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sell(capsys, cafe_path, 3)
    r = run(capsys, cafe_path, "verify", "--full", "--json")
    assert r.code == 0 and r.json["ok"] and r.json["records"] >= 3


def test_changed_amount_is_caught(cafe_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sell(capsys, cafe_path, 5)
    tamper(cafe_path, "UPDATE journal SET payload = replace(payload, '\"total_cents\":380', '\"total_cents\":80') "
                      "WHERE chain='tickets' AND seq=3")
    r = run(capsys, cafe_path, "verify")
    assert r.code == 1
    assert "tickets seq 3" in r.err and "T1-000003" in r.err


def test_changed_index_row_is_caught(cafe_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sell(capsys, cafe_path, 3)
    tamper(cafe_path, "UPDATE tickets SET total_cents = 100 WHERE number = 2")
    r = run(capsys, cafe_path, "verify", "--json")
    assert r.code == 1
    assert any(p["ticket"] == "T1-000002" for p in r.json["problems"])


def test_deleted_middle_record_is_caught(cafe_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sell(capsys, cafe_path, 5)
    tamper(cafe_path, "DELETE FROM journal WHERE chain='tickets' AND seq=2", "DELETE FROM tickets WHERE number=2")
    r = run(capsys, cafe_path, "verify", "--json")
    assert r.code == 1
    first = r.json["problems"][0]
    assert first["chain"] == "tickets" and first["seq"] == 2 and "missing" in first["problem"]


def test_deleted_newest_record_is_caught(cafe_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sell(capsys, cafe_path, 5)
    tamper(cafe_path, "DELETE FROM journal WHERE chain='tickets' AND seq=5", "DELETE FROM tickets WHERE number=5")
    r = run(capsys, cafe_path, "verify", "--json")
    assert r.code == 1
    assert any(p["chain"] == "tickets" and p["seq"] == 5 and "deleted" in p["problem"] for p in r.json["problems"])


def test_resigned_chain_without_the_key_is_caught(cafe_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Rewriting a payload and every later hash keeps the chain consistent, but the head's signature fails."""
    sell(capsys, cafe_path, 3)
    conn = sqlite3.connect(cafe_path)
    rows = conn.execute("SELECT seq, payload FROM journal WHERE chain='tickets' ORDER BY seq").fetchall()
    conn.close()
    prev = "0" * 64
    statements = []
    for seq, payload in rows:
        if seq == 2:
            payload = payload.replace('"total_cents":380', '"total_cents":300')
        digest = hashlib.sha256((prev + "\n" + payload).encode()).hexdigest()
        quoted = payload.replace("'", "''")
        statements.append(f"UPDATE journal SET payload = '{quoted}', hash = X'{digest}' "
                          f"WHERE chain='tickets' AND seq={seq}")
        prev = digest
    tamper(cafe_path, *statements)
    r = run(capsys, cafe_path, "verify", "--json")
    assert r.code == 1
    assert any("signature" in p["problem"] or "anchored" in p["problem"] for p in r.json["problems"])


def test_crash_before_the_anchor_is_recovered(cafe_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sell(capsys, cafe_path, 2)
    anchor = next((cafe_path.parent / "config" / "keys").glob("*.anchor.json"))
    stale = anchor.read_bytes()
    sell(capsys, cafe_path, 3)
    anchor.write_bytes(stale)  # as if the process died between the commit and the anchor write
    cafe = open_cafe(cafe_path)
    kinds = [n.kind for n in cafe.notices]
    cafe.close()
    assert "anchor_recovered" in kinds and "verification_failure" not in kinds
    assert run(capsys, cafe_path, "verify").code == 0


def test_lost_key_never_stops_sales(cafe_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sell(capsys, cafe_path, 2)
    keys = cafe_path.parent / "config" / "keys"
    shutil.rmtree(keys)
    assert sell(capsys, cafe_path, 1) == [3]
    r = run(capsys, cafe_path, "verify", "--full", "--json")
    assert r.code == 0, r.out
    conn = sqlite3.connect(cafe_path)
    events = [json.loads(p)["type"] for (p,) in conn.execute("SELECT payload FROM journal WHERE chain='events'")]
    assert "key_change" in events and conn.execute("SELECT COUNT(*) FROM public_keys").fetchone()[0] == 2
    conn.close()


def test_verify_does_not_slow_with_history_at_start(cafe_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Start-up checks the anchor against the heads only: a record broken deep in history is left to `verify`."""
    sell(capsys, cafe_path, 4)
    tamper(cafe_path, "UPDATE journal SET payload = replace(payload, 'Croissant', 'Brioche') "
                      "WHERE chain='tickets' AND seq=1")
    cafe = open_cafe(cafe_path)
    assert not [n for n in cafe.notices if n.blocking]
    assert not cafe.verify().ok
    cafe.close()


def test_a_check_beside_the_counter_does_not_report_the_sales_made_meanwhile_as_deleted(
        cafe_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window's background check reads years of history while sales go on: a sale recorded after the check's
    snapshot was taken moves the anchor on, and read afterwards it made the newest records look deleted."""
    from cafepos.adapters.db.store import SqlStore
    from cafepos.domain.ticket import Payment, PaymentMethod, SaleMode
    from cafepos.services.sales import BasketItem

    cafe = open_cafe(cafe_path, anchor_in_background=True)  # as the window opens it
    try:
        paul, coffee = cafe.users.acting("Paul"), cafe.catalog.resolve("Café").id

        def sell() -> None:
            cafe.sales.ring_up(paul, [BasketItem(coffee, 1)], SaleMode.ON_SITE, [Payment(PaymentMethod.CASH, 130)])

        sell()
        scan = SqlStore.scan
        sold_meanwhile: list[int] = []

        def scan_while_selling(store: SqlStore, chain: str):  # type: ignore[no-untyped-def]
            if not sold_meanwhile:  # the check's snapshot is taken: a sale at the counter now
                sell()
                sold_meanwhile.append(1)
            return scan(store, chain)

        monkeypatch.setattr(SqlStore, "scan", scan_while_selling)
        report = cafe.verify()
        monkeypatch.setattr(SqlStore, "scan", scan)
        assert sold_meanwhile and report.ok, [p.text for p in report.problems]
        assert cafe.verify().ok  # and the next check sees that sale, anchored
    finally:
        cafe.close()
