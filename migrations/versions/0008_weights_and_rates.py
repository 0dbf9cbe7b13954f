"""goods sold by weight, commission rates per category, the producer's VAT number

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 21:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.add_column(sa.Column('by_weight', sa.Boolean(), server_default='0', nullable=False))
    with op.batch_alter_table('producers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('vat_number', sa.Text(), server_default='', nullable=False))
    op.create_table(
        'producer_rates',
        sa.Column('producer_id', sa.Integer(), nullable=False),
        sa.Column('category_id', sa.Integer(), nullable=False),
        sa.Column('commission_bp', sa.Integer(), nullable=False),
        sa.CheckConstraint('commission_bp BETWEEN 0 AND 10000', name=op.f('ck_producer_rates_commission')),
        sa.ForeignKeyConstraint(['category_id'], ['categories.id'],
                                name=op.f('fk_producer_rates_category_id_categories')),
        sa.ForeignKeyConstraint(['producer_id'], ['producers.id'],
                                name=op.f('fk_producer_rates_producer_id_producers')),
        sa.PrimaryKeyConstraint('producer_id', 'category_id', name=op.f('pk_producer_rates')),
    )


def downgrade() -> None:
    op.drop_table('producer_rates')
    with op.batch_alter_table('producers', schema=None) as batch_op:
        batch_op.drop_column('vat_number')
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_column('by_weight')
