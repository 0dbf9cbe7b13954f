"""Migrations: empty → head → base → head, models agree with migrations, a failed upgrade changes nothing."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from cafepos.adapters.db import migrate
from cafepos.adapters.db.engine import Database
from cafepos.adapters.db.schema import metadata
from cafepos.bootstrap import open_cafe


def tables(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")}
    conn.close()
    return names


def test_up_down_up(tmp_path: Path) -> None:
    db = Database(tmp_path / "m.sqlite")
    migrate.run(db)
    full = tables(db.path)
    assert {"journal", "tickets", "tabs", "trg_journal_no_update", "trg_tickets_no_delete"} <= full
    migrate.run(db, "base", direction="downgrade")
    assert tables(db.path) <= {"alembic_version"}
    migrate.run(db)
    assert tables(db.path) == full
    db.dispose()


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    db = Database(tmp_path / "m.sqlite")
    migrate.run(db)
    with migrate.sa_engine(db) as engine, engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    db.dispose()
    assert diff == []


def _scripts_with(tmp_path: Path, body: str) -> str:
    """A copy of the shipped migrations plus one more revision (a test double for a future upgrade)."""
    location = tmp_path / "scripts"
    shutil.copytree(migrate.script_location(), location, ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.head_revision()
    (location / "versions" / "9999_test.py").write_text(
        f'revision = "9999"\ndown_revision = "{head}"\nbranch_labels = None\ndepends_on = None\n'
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f"def upgrade() -> None:\n{body}\n\ndef downgrade() -> None:\n    pass\n")
    return str(location)


def digest(path: Path) -> str:
    conn = sqlite3.connect(path)
    dump = "\n".join(conn.iterdump())
    conn.close()
    return hashlib.sha256(dump.encode()).hexdigest()


def test_failed_migration_leaves_the_database_as_it_was(cafe_path: Path, tmp_path: Path) -> None:
    location = _scripts_with(tmp_path, "    op.add_column('products', sa.Column('origin', sa.Text()))\n"
                                       "    op.execute('UPDATE products SET origin = 1')\n"
                                       "    raise RuntimeError('half-way')\n")
    before = digest(cafe_path)
    db = Database(cafe_path)
    with pytest.raises(RuntimeError, match="half-way"):
        migrate.run(db, location=location, backup_dir=tmp_path / "backups")
    db.dispose()
    assert digest(cafe_path) == before


def test_broken_links_refuse_the_upgrade(cafe_path: Path, tmp_path: Path) -> None:
    location = _scripts_with(tmp_path, "    op.execute('UPDATE products SET category_id = 999')\n")
    before = digest(cafe_path)
    db = Database(cafe_path)
    with pytest.raises(Exception, match="links"):
        migrate.run(db, location=location)
    db.dispose()
    assert digest(cafe_path) == before


def test_upgrade_keeps_a_backup_and_logs_an_event(cafe_path: Path, tmp_path: Path) -> None:
    db = Database(cafe_path)
    migrate.run(db, "0001", direction="downgrade")
    db.dispose()
    cafe = open_cafe(cafe_path)
    [notice] = [n for n in cafe.notices if n.kind == "migration"]
    backup = Path(notice.params["backup"])
    assert backup.exists()
    conn = sqlite3.connect(backup)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    conn.close()
    with cafe.db.read() as store:
        last = [s.record.payload for s in store.iter_records("events")]
    assert any(e["type"] == "migration" and e["from"] == "0001" for e in last)
    cafe.close()


def test_newer_schema_is_refused(cafe_path: Path) -> None:
    conn = sqlite3.connect(cafe_path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff'")
    conn.commit()
    conn.close()
    with pytest.raises(Exception, match="newer cafepos"):
        open_cafe(cafe_path)


def test_the_store_writes_only_columns_the_schema_has() -> None:
    """The store's plain SQL names columns by hand; they must stay those of schema.py (every one but the id)."""
    from cafepos.adapters.db import schema
    from cafepos.adapters.db.store import _WRITABLE

    for table, names in _WRITABLE.items():
        assert names == {c.name for c in schema.metadata.tables[table].columns} - {"id"}, table
