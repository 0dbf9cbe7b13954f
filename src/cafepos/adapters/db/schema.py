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
    Column("producer_id", Integer, ForeignKey("producers.id")),  # goods on consignment
    Column("by_weight", Boolean, nullable=False, server_default="0"),  # price per kg, stock and sales in grams
    CheckConstraint(f"price_cents >= 0 AND price_cents <= {MAX_CENTS}", name="price"),
    CheckConstraint("vat_on_site_bp BETWEEN 0 AND 10000 AND vat_take_away_bp BETWEEN 0 AND 10000", name="vat"),
    CheckConstraint("NOT (alcohol AND voucher_ok)", name="no_voucher_for_alcohol"),
)
Index("ix_products_label", products.c.label)

producers = Table(
    "producers", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False, unique=True),
    Column("address", Text, nullable=False, server_default=""),
    Column("siret", Text, nullable=False, server_default=""),
    Column("vat_status", Text, nullable=False, server_default="flat_rate"),
    Column("mode", Text, nullable=False, server_default="agent"),
    Column("commission_bp", Integer, nullable=False),
    Column("commission_includes_vat", Boolean, nullable=False, server_default="1"),
    Column("payment_days", Integer, nullable=False, server_default="30"),
    Column("losses_borne_by", Text, nullable=False, server_default="producer"),
    Column("contact", Text, nullable=False, server_default=""),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("vat_number", Text, nullable=False, server_default=""),  # for the commission invoice's mentions
    CheckConstraint("commission_bp BETWEEN 0 AND 10000", name="commission"),
    CheckConstraint("mode IN ('agent', 'commissionnaire')", name="mode"),
    CheckConstraint("vat_status IN ('vat', 'franchise', 'flat_rate')", name="vat_status"),
    CheckConstraint("losses_borne_by IN ('producer', 'cafe')", name="losses"),
)

producer_rates = Table(
    # A commission rate for one category of a producer's goods, where the contract differs from the main rate.
    "producer_rates", metadata,
    Column("producer_id", Integer, ForeignKey("producers.id"), primary_key=True),
    Column("category_id", Integer, ForeignKey("categories.id"), primary_key=True),
    Column("commission_bp", Integer, nullable=False),
    CheckConstraint("commission_bp BETWEEN 0 AND 10000", name="commission"),
)

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
# A day's tickets on one till: the Z, the X report and the check for days left open read only these rows.
Index("ix_tickets_till_business_date", tickets.c.till, tickets.c.business_date)

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
    Column("events_seq", Integer),  # the events chain's head when signed: later corrections go on the next Z
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

deposits = Table(
    "deposits", metadata,
    Column("id", Integer, primary_key=True),
    Column("number", Integer, nullable=False, unique=True),
    Column("producer_id", Integer, ForeignKey("producers.id"), nullable=False),
    Column("business_date", Text, nullable=False),
    Column("journal_seq", Integer, nullable=False),
)

lots = Table(
    "lots", metadata,
    Column("id", Integer, primary_key=True),
    Column("product_id", Integer, ForeignKey("products.id"), nullable=False),
    Column("deposit_id", Integer, ForeignKey("deposits.id"), nullable=False),
    Column("code", Text, nullable=False),
    Column("dlc", Text),
    Column("dlc_kind", Text, nullable=False, server_default="dlc"),
    Column("qty_deposited", Integer, nullable=False),
    Column("qty_left", Integer, nullable=False),
    CheckConstraint("qty_left >= 0 AND qty_left <= qty_deposited", name="qty"),
    CheckConstraint("dlc_kind IN ('dlc', 'ddm')", name="dlc_kind"),
)
Index("ix_lots_product_id", lots.c.product_id)
Index("ix_lots_code", lots.c.code)

stock_moves = Table(
    "stock_moves", metadata,
    Column("id", Integer, primary_key=True),
    Column("lot_id", Integer, ForeignKey("lots.id"), nullable=False),
    Column("kind", Text, nullable=False),
    Column("qty", Integer, nullable=False),
    Column("amount_cents", Integer, nullable=False, server_default="0"),
    Column("till", Integer),
    Column("ticket_number", Integer),
    Column("reason", Text),
    Column("borne_by", Text),
    Column("timestamp", Text, nullable=False),
    Column("business_date", Text, nullable=False),
    CheckConstraint("kind IN ('deposit', 'sale', 'cancel', 'return', 'loss')", name="kind"),
)
Index("ix_stock_moves_lot_id", stock_moves.c.lot_id)
Index("ix_stock_moves_business_date", stock_moves.c.business_date)

statements = Table(
    "statements", metadata,
    Column("id", Integer, primary_key=True),
    Column("number", Integer, nullable=False, unique=True),
    Column("producer_id", Integer, ForeignKey("producers.id"), nullable=False),
    Column("period", Text, nullable=False),
    Column("corrects", Integer),
    Column("net_due_cents", Integer, nullable=False),
    Column("journal_seq", Integer, nullable=False),
    Column("created", Text, nullable=False),
)

producer_payments = Table(
    "producer_payments", metadata,
    Column("id", Integer, primary_key=True),
    Column("producer_id", Integer, ForeignKey("producers.id"), nullable=False),
    Column("amount_cents", Integer, nullable=False),
    Column("method", Text, nullable=False),
    Column("advance", Boolean, nullable=False, server_default="0"),
    Column("timestamp", Text, nullable=False),
    Column("journal_seq", Integer, nullable=False),
    CheckConstraint("method IN ('transfer', 'cheque', 'cash')", name="method"),
    CheckConstraint(f"amount_cents > 0 AND amount_cents <= {MAX_CENTS}", name="amount"),
)

# Tables whose rows, once written, are never changed or removed (also enforced by triggers).
IMMUTABLE_TABLES = ("journal", "tickets", "duplicates", "public_keys", "cash_movements", "closings", "stock_moves",
                    "statements", "producer_payments", "deposits")
