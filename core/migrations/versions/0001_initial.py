"""Initial schema: every table of core.schema (see its docstring).

Times are ``timestamptz`` on PostgreSQL and naive-UTC DATETIME on SQLite (the model's
UTCDateTime type makes both read back as aware UTC).

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('blobs',
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('compression', sa.String(length=8), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('path', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('sha256', name=op.f('pk_blobs'))
    )
    op.create_table('crawl_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('portals', sa.Integer(), nullable=False),
    sa.Column('requests', sa.Integer(), nullable=False),
    sa.Column('bytes', sa.BigInteger(), nullable=False),
    sa.Column('documents', sa.Integer(), nullable=False),
    sa.Column('new_reports', sa.Integer(), nullable=False),
    sa.Column('changed_reports', sa.Integer(), nullable=False),
    sa.Column('gone_reports', sa.Integer(), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('summary', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crawl_runs'))
    )
    op.create_table('portals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('start_url', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('host', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_portals')),
    sa.UniqueConstraint('start_url', name=op.f('uq_portals_start_url'))
    )
    op.create_index(op.f('ix_portals_host'), 'portals', ['host'], unique=False)

    op.create_table('fetches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('portal_id', sa.Integer(), nullable=True),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('final_url', sa.Text(), nullable=True),
    sa.Column('status', sa.Integer(), nullable=True),
    sa.Column('headers', sa.JSON(), nullable=True),
    sa.Column('etag', sa.Text(), nullable=True),
    sa.Column('last_modified', sa.Text(), nullable=True),
    sa.Column('content_type', sa.Text(), nullable=True),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('body_sha256', sa.String(length=64), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=True),
    sa.Column('warc_file', sa.Text(), nullable=True),
    sa.Column('warc_offset', sa.BigInteger(), nullable=True),
    sa.ForeignKeyConstraint(['body_sha256'], ['blobs.sha256'], name=op.f('fk_fetches_body_sha256_blobs')),
    sa.ForeignKeyConstraint(['portal_id'], ['portals.id'], name=op.f('fk_fetches_portal_id_portals')),
    sa.ForeignKeyConstraint(['run_id'], ['crawl_runs.id'], name=op.f('fk_fetches_run_id_crawl_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_fetches'))
    )
    op.create_index(op.f('ix_fetches_body_sha256'), 'fetches', ['body_sha256'], unique=False)
    op.create_index(op.f('ix_fetches_portal_id'), 'fetches', ['portal_id'], unique=False)
    op.create_index(op.f('ix_fetches_run_id'), 'fetches', ['run_id'], unique=False)
    op.create_index('ix_fetches_url_fetched_at', 'fetches', ['url', 'fetched_at'], unique=False)

    op.create_table('reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_key', sa.String(length=40), nullable=False),
    sa.Column('primary_document_id', sa.Integer(), nullable=True),
    sa.Column('portal_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('region', sa.Text(), nullable=True),
    sa.Column('level', sa.String(length=16), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('publish_date', sa.String(length=10), nullable=True),
    sa.Column('fmt', sa.String(length=16), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_seen', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_changed', sa.DateTime(timezone=True), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['portal_id'], ['portals.id'], name=op.f('fk_reports_portal_id_portals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reports')),
    sa.UniqueConstraint('report_key', name=op.f('uq_reports_report_key'))
    )
    op.create_index('ix_reports_body_year', 'reports', ['body', 'year'], unique=False)
    op.create_index(op.f('ix_reports_status'), 'reports', ['status'], unique=False)

    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('final_url', sa.Text(), nullable=True),
    sa.Column('portal_id', sa.Integer(), nullable=True),
    sa.Column('fmt', sa.String(length=16), nullable=True),
    sa.Column('status', sa.Integer(), nullable=True),
    sa.Column('body_sha256', sa.String(length=64), nullable=True),
    sa.Column('encoding', sa.String(length=32), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('text_length', sa.Integer(), nullable=False),
    sa.Column('text_sha256', sa.String(length=64), nullable=True),
    sa.Column('norm_sha256', sa.String(length=64), nullable=True),
    sa.Column('norm_length', sa.Integer(), nullable=False),
    sa.Column('minhash', sa.LargeBinary(), nullable=True),
    sa.Column('tables', sa.JSON(), nullable=True),
    sa.Column('page_meta', sa.JSON(), nullable=True),
    sa.Column('is_report', sa.Boolean(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('body', sa.Text(), nullable=True),
    sa.Column('region', sa.Text(), nullable=True),
    sa.Column('level', sa.String(length=16), nullable=True),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('publish_date', sa.String(length=10), nullable=True),
    sa.Column('script', sa.String(length=16), nullable=True),
    sa.Column('parse_error', sa.Text(), nullable=True),
    sa.Column('link_text', sa.Text(), nullable=True),
    sa.Column('link_date', sa.String(length=10), nullable=True),
    sa.Column('parent_url', sa.Text(), nullable=True),
    sa.Column('parent_title', sa.Text(), nullable=True),
    sa.Column('parent_date', sa.String(length=10), nullable=True),
    sa.Column('candidate_reason', sa.Text(), nullable=True),
    sa.Column('report_id', sa.Integer(), nullable=True),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_seen', sa.DateTime(timezone=True), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['portal_id'], ['portals.id'], name=op.f('fk_documents_portal_id_portals')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_documents_report_id_reports'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['run_id'], ['crawl_runs.id'], name=op.f('fk_documents_run_id_crawl_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('url', name=op.f('uq_documents_url'))
    )
    op.create_index(op.f('ix_documents_body_sha256'), 'documents', ['body_sha256'], unique=False)
    op.create_index(op.f('ix_documents_is_report'), 'documents', ['is_report'], unique=False)
    op.create_index(op.f('ix_documents_norm_sha256'), 'documents', ['norm_sha256'], unique=False)
    op.create_index(op.f('ix_documents_portal_id'), 'documents', ['portal_id'], unique=False)
    op.create_index(op.f('ix_documents_report_id'), 'documents', ['report_id'], unique=False)
    op.create_index(op.f('ix_documents_text_sha256'), 'documents', ['text_sha256'], unique=False)

    op.create_table('flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('rule', sa.Text(), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('numbers', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_flags_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flags'))
    )
    op.create_index('ix_flags_report_version', 'flags', ['report_id', 'version'], unique=False)

    op.create_table('report_urls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_urls_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_urls')),
    sa.UniqueConstraint('report_id', 'url', name='uq_report_urls_report_url')
    )
    op.create_index(op.f('ix_report_urls_report_id'), 'report_urls', ['report_id'], unique=False)
    op.create_index(op.f('ix_report_urls_url'), 'report_urls', ['url'], unique=False)

    op.create_table('document_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.Text(), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.Column('numbers', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_flags_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_flags'))
    )
    op.create_index(op.f('ix_document_flags_document_id'), 'document_flags', ['document_id'], unique=False)

    op.create_table('document_metrics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(length=32), nullable=True),
    sa.Column('approximate', sa.Boolean(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.Column('method', sa.String(length=32), nullable=True),
    sa.Column('source_url', sa.Text(), nullable=True),
    sa.Column('extra', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_metrics_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_metrics'))
    )
    op.create_index(op.f('ix_document_metrics_document_id'), 'document_metrics', ['document_id'], unique=False)

    op.create_table('document_urls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_document_urls_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document_urls')),
    sa.UniqueConstraint('document_id', 'url', 'role', name='uq_document_urls_doc_url_role')
    )
    op.create_index(op.f('ix_document_urls_document_id'), 'document_urls', ['document_id'], unique=False)
    op.create_index(op.f('ix_document_urls_url'), 'document_urls', ['url'], unique=False)

    op.create_table('metrics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('unit', sa.String(length=32), nullable=True),
    sa.Column('approximate', sa.Boolean(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.Column('method', sa.String(length=32), nullable=True),
    sa.Column('source_url', sa.Text(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_metrics_document_id_documents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_metrics_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_metrics'))
    )
    op.create_index('ix_metrics_report_version', 'metrics', ['report_id', 'version'], unique=False)

    op.create_table('report_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('fmt', sa.String(length=16), nullable=True),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('text_sha256', sa.String(length=64), nullable=True),
    sa.Column('norm_sha256', sa.String(length=64), nullable=True),
    sa.Column('members', sa.JSON(), nullable=True),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_report_versions_document_id_documents'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_versions_report_id_reports'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_versions')),
    sa.UniqueConstraint('report_id', 'version', name='uq_report_versions_report_version')
    )
    op.create_index(op.f('ix_report_versions_report_id'), 'report_versions', ['report_id'], unique=False)

    op.create_table('url_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('last_status', sa.Integer(), nullable=True),
    sa.Column('etag', sa.Text(), nullable=True),
    sa.Column('last_modified', sa.Text(), nullable=True),
    sa.Column('kind', sa.String(length=32), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('body_sha256', sa.String(length=64), nullable=True),
    sa.Column('last_fetched', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_ok', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_url_state_document_id_documents'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_url_state')),
    sa.UniqueConstraint('url', name=op.f('uq_url_state_url'))
    )


def downgrade() -> None:
    op.drop_table('url_state')
    op.drop_index(op.f('ix_report_versions_report_id'), table_name='report_versions')

    op.drop_table('report_versions')
    op.drop_index('ix_metrics_report_version', table_name='metrics')

    op.drop_table('metrics')
    op.drop_index(op.f('ix_document_urls_url'), table_name='document_urls')
    op.drop_index(op.f('ix_document_urls_document_id'), table_name='document_urls')

    op.drop_table('document_urls')
    op.drop_index(op.f('ix_document_metrics_document_id'), table_name='document_metrics')

    op.drop_table('document_metrics')
    op.drop_index(op.f('ix_document_flags_document_id'), table_name='document_flags')

    op.drop_table('document_flags')
    op.drop_index(op.f('ix_report_urls_url'), table_name='report_urls')
    op.drop_index(op.f('ix_report_urls_report_id'), table_name='report_urls')

    op.drop_table('report_urls')
    op.drop_index('ix_flags_report_version', table_name='flags')

    op.drop_table('flags')
    op.drop_index(op.f('ix_documents_text_sha256'), table_name='documents')
    op.drop_index(op.f('ix_documents_report_id'), table_name='documents')
    op.drop_index(op.f('ix_documents_portal_id'), table_name='documents')
    op.drop_index(op.f('ix_documents_norm_sha256'), table_name='documents')
    op.drop_index(op.f('ix_documents_is_report'), table_name='documents')
    op.drop_index(op.f('ix_documents_body_sha256'), table_name='documents')

    op.drop_table('documents')
    op.drop_index(op.f('ix_reports_status'), table_name='reports')
    op.drop_index('ix_reports_body_year', table_name='reports')

    op.drop_table('reports')
    op.drop_index('ix_fetches_url_fetched_at', table_name='fetches')
    op.drop_index(op.f('ix_fetches_run_id'), table_name='fetches')
    op.drop_index(op.f('ix_fetches_portal_id'), table_name='fetches')
    op.drop_index(op.f('ix_fetches_body_sha256'), table_name='fetches')

    op.drop_table('fetches')
    op.drop_index(op.f('ix_portals_host'), table_name='portals')

    op.drop_table('portals')
    op.drop_table('crawl_runs')
    op.drop_table('blobs')
