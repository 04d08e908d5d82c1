"""portal_hosts: the hosts a portal's crawl went to besides its own, and the link that
admitted each (crawler.scope; written by the store when a run closes).

Revision ID: 0003_portal_hosts
Revises: 0002_fetch_challenge
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_portal_hosts'
down_revision = '0002_fetch_challenge'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('portal_hosts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('portal_id', sa.Integer(), nullable=False),
    sa.Column('host', sa.String(length=255), nullable=False),
    sa.Column('how', sa.String(length=32), nullable=True),
    sa.Column('prefixes', sa.JSON(), nullable=True),
    sa.Column('via_url', sa.Text(), nullable=True),
    sa.Column('link_url', sa.Text(), nullable=True),
    sa.Column('link_text', sa.Text(), nullable=True),
    sa.Column('first_run_id', sa.Integer(), nullable=True),
    sa.Column('last_run_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['first_run_id'], ['crawl_runs.id'], name=op.f('fk_portal_hosts_first_run_id_crawl_runs')),
    sa.ForeignKeyConstraint(['last_run_id'], ['crawl_runs.id'], name=op.f('fk_portal_hosts_last_run_id_crawl_runs')),
    sa.ForeignKeyConstraint(['portal_id'], ['portals.id'], name=op.f('fk_portal_hosts_portal_id_portals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portal_hosts')),
    sa.UniqueConstraint('portal_id', 'host', name='uq_portal_hosts_portal_host')
    )
    op.create_index(op.f('ix_portal_hosts_portal_id'), 'portal_hosts', ['portal_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_portal_hosts_portal_id'), table_name='portal_hosts')
    op.drop_table('portal_hosts')
