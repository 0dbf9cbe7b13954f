"""The ledger's tables. Money is INTEGER cents with CHECK constraints; constraints are named for alembic.

Paid tickets and journal records are also protected by triggers (created in the migrations) that refuse any
UPDATE or DELETE, so even a bug or a hand-edited SQL session cannot alter them silently.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = MetaData(naming_convention=NAMING)
MAX_CENTS = 10_000_000

settings = Table(
    "settings", metadata,
    Column("key", Text, primary_key=True),
    Column("value", Text, nullable=False),
)

categories = Table(
    "categories", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("colour", Text),
    Column("position", Integer, nullable=False, server_default="0"),
)

products = Table(
    "products", metadata,
    Column("id", Integer, primary_key=True),
    Column("label", Text, nullable=False),
    Column("category_id", Integer, ForeignKey("categories.id")),
    Column("price_cents", Integer, nullable=False),
    Column("vat_on_site_bp", Integer, nullable=False),
    Column("vat_take_away_bp", Integer, nullable=False),
    Column("barcode", Text, unique=True),
    Column("colour", Text),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("alcohol", Boolean, nullable=False, server_default="0"),
    Column("voucher_ok", Boolean, nullable=False, server_default="1"),
    Column("position", Integer, nullable=False, server_default="0"),
    CheckConstraint(f"price_cents >= 0 AND price_cents <= {MAX_CENTS}", name="price"),
    CheckConstraint("vat_on_site_bp BETWEEN 0 AND 10000 AND vat_take_away_bp BETWEEN 0 AND 10000", name="vat"),
    CheckConstraint("NOT (alcohol AND voucher_ok)", name="no_voucher_for_alcohol"),
)
Index("ix_products_label", products.c.label)

operators = Table(
    "operators", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("role", Text, nullable=False),
    Column("pin_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("failed_count", Integer, nullable=False, server_default="0"),
    Column("locked_until", Text),
    CheckConstraint("role IN ('manager', 'staff')", name="role"),
)

public_keys = Table(
    "public_keys", metadata,
    Column("id", Integer, primary_key=True),
    Column("fingerprint", Text, nullable=False, unique=True),
    Column("pem", Text, nullable=False),
    Column("created", Text, nullable=False),
)

journal = Table(
    "journal", metadata,
    Column("id", Integer, primary_key=True),
    Column("chain", Text, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("payload", Text, nullable=False),
    Column("hash", LargeBinary, nullable=False),
    Column("signature", LargeBinary, nullable=False),
    Column("key_id", Integer, ForeignKey("public_keys.id"), nullable=False),
    UniqueConstraint("chain", "seq"),
    CheckConstraint("seq >= 1", name="seq"),
)

tickets = Table(
    "tickets", metadata,
    Column("id", Integer, primary_key=True),
    Column("till", Integer, nullable=False),
    Column("number", Integer, nullable=False),
    Column("type", Text, nullable=False),
    Column("cancels", Integer),
    Column("business_date", Text, nullable=False),
    Column("timestamp", Text, nullable=False),
    Column("operator_id", Integer, ForeignKey("operators.id"), nullable=False),
    Column("total_cents", Integer, nullable=False),
    Column("journal_seq", Integer, nullable=False, unique=True),
    UniqueConstraint("till", "number"),
    UniqueConstraint("till", "cancels"),  # at most one cancellation per ticket (NULLs do not collide)
    CheckConstraint("type IN ('sale', 'cancellation')", name="type"),
    CheckConstraint(f"total_cents BETWEEN -{MAX_CENTS} AND {MAX_CENTS}", name="total"),
    CheckConstraint("(type = 'sale') = (cancels IS NULL)", name="cancels"),
)
Index("ix_tickets_business_date", tickets.c.business_date)

duplicates = Table(
    "duplicates", metadata,
    Column("id", Integer, primary_key=True),
    Column("till", Integer, nullable=False),
    Column("number", Integer, nullable=False),
    Column("duplicate_no", Integer, nullable=False),
    Column("journal_seq", Integer, nullable=False, unique=True),
    UniqueConstraint("till", "number", "duplicate_no"),
)

# Open tabs: baskets parked under a table or a name. Not fiscal records (nothing is paid yet), so mutable.
tabs = Table(
    "tabs", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("operator_id", Integer, ForeignKey("operators.id"), nullable=False),
    Column("state", Text, nullable=False),
    Column("created", Text, nullable=False),
    Column("updated", Text, nullable=False),
)

# Till sessions: a drawer period, from the float counted at opening to the count at closing. The signed facts
# are the till_open/till_close events and the closings; this row is the index the counter works from.
till_sessions = Table(
    "till_sessions", metadata,
    Column("id", Integer, primary_key=True),
    Column("till", Integer, nullable=False),
    Column("state", Text, nullable=False),
    Column("opened_at", Text, nullable=False),
    Column("opened_by", Integer, ForeignKey("operators.id"), nullable=False),
    Column("float_cents", Integer, nullable=False),
    Column("after_ticket_id", Integer, nullable=False),  # tickets with a larger id belong to this session
    Column("closed_at", Text),
    Column("closed_by", Integer, ForeignKey("operators.id")),
    Column("last_ticket_id", Integer),
    Column("counted_cash_cents", Integer),
    Column("float_kept_cents", Integer),
    CheckConstraint("state IN ('open', 'closed')", name="state"),
    CheckConstraint(f"float_cents BETWEEN 0 AND {MAX_CENTS}", name="float"),
)
Index("ix_till_sessions_till_state", till_sessions.c.till, till_sessions.c.state)

cash_movements = Table(
    "cash_movements", metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", Integer, ForeignKey("till_sessions.id"), nullable=False),
    Column("kind", Text, nullable=False),
    Column("amount_cents", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("operator_id", Integer, ForeignKey("operators.id"), nullable=False),
    Column("timestamp", Text, nullable=False),
    Column("journal_seq", Integer, nullable=False),
    CheckConstraint("kind IN ('pay_in', 'pay_out')", name="kind"),
    CheckConstraint(f"amount_cents > 0 AND amount_cents <= {MAX_CENTS}", name="amount"),
)
Index("ix_cash_movements_session_id", cash_movements.c.session_id)

closings = Table(
    "closings", metadata,
    Column("id", Integer, primary_key=True),
    Column("till", Integer, nullable=False),
    Column("kind", Text, nullable=False),
    Column("period", Text, nullable=False),
    Column("journal_seq", Integer, nullable=False, unique=True),
    Column("total_cents", Integer, nullable=False),
    Column("perpetual_cents", Integer, nullable=False),
    Column("perpetual_abs_cents", Integer, nullable=False),
    UniqueConstraint("till", "kind", "period"),
    CheckConstraint("kind IN ('day', 'month', 'year')", name="kind"),
)

# Receipts waiting for the printer (offline, out of paper...). Rebuilt from the signed ticket when printed, so a
# first print that failed and is retried is still the original.
print_queue = Table(
    "print_queue", metadata,
    Column("id", Integer, primary_key=True),
    Column("till", Integer, nullable=False),
    Column("number", Integer, nullable=False),
    Column("duplicate_no", Integer),
    Column("created", Text, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),
)

# Tables whose rows, once written, are never changed or removed (also enforced by triggers).
IMMUTABLE_TABLES = ("journal", "tickets", "duplicates", "public_keys", "cash_movements", "closings")
