"""fetches.challenge: the WAF cookie challenge met on the way to an answer
({rounds, statuses, cookies, waf, solved, reason}; NULL: none).

Revision ID: 0002_fetch_challenge
Revises: 0001
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0002_fetch_challenge'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('fetches') as batch:
        batch.add_column(sa.Column('challenge', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('fetches') as batch:
        batch.drop_column('challenge')
