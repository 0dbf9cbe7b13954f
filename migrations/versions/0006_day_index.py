"""tickets of one till by business day

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 20:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Without it SQLite answers "till = ? AND business_date in a range" through the (till, number) index and
    # walks every ticket of the till: 120 ms a sale on a five-year journal instead of a fraction of a millisecond.
    op.create_index("ix_tickets_till_business_date", "tickets", ["till", "business_date"])


def downgrade() -> None:
    op.drop_index("ix_tickets_till_business_date", table_name="tickets")
