"""crawl_locks: the portals a crawl holds, with its pid, host and heartbeat (core.schema.CrawlLock).

Revision ID: 0004_crawl_locks
Revises: 0003_portal_hosts
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_crawl_locks'
down_revision = '0003_portal_hosts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('crawl_locks',
    sa.Column('portal', sa.Text(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('token', sa.String(length=64), nullable=False),
    sa.Column('host', sa.String(length=255), nullable=False),
    sa.Column('pid', sa.Integer(), nullable=False),
    sa.Column('pid_start', sa.String(length=32), nullable=True),
    sa.Column('acquired_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('portal', name=op.f('pk_crawl_locks'))
    )


def downgrade() -> None:
    op.drop_table('crawl_locks')
