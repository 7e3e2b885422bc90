"""The web application's tables: accounts, files, scores, documents, jobs, packages, audit log.

Revision ID: w0001
"""

import sqlalchemy as sa
from alembic import op

revision = "w0001"
down_revision = None
branch_labels = None
depends_on = None

_REFUSE = "nhật ký chỉ được ghi thêm, không được sửa hay xóa"


def upgrade() -> None:
    op.create_table('web_area_details',
        sa.Column('area_key', sa.String(length=500), nullable=False),
        sa.Column('details', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('area_key')
    )
    op.create_table('web_attempts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=300), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_web_attempts_key'), 'web_attempts', ['key'], unique=False)
    op.create_table('web_audit',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('user_name', sa.String(length=100), nullable=True),
        sa.Column('role', sa.String(length=20), nullable=True),
        sa.Column('area', sa.String(length=500), nullable=True),
        sa.Column('action', sa.String(length=60), nullable=False),
        sa.Column('target', sa.String(length=300), nullable=True),
        sa.Column('sha256', sa.String(length=64), nullable=True),
        sa.Column('detail', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_table('web_files',
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint('sha256')
    )
    op.create_table('web_settings',
        sa.Column('key', sa.String(length=100), nullable=False),
        sa.Column('value', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('key')
    )
    op.create_table('web_users',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('area', sa.String(length=500), nullable=False),
        sa.Column('area_key', sa.String(length=500), nullable=False),
        sa.Column('password_hash', sa.String(length=200), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('epoch', sa.Integer(), nullable=False),
        sa.Column('token_sha256', sa.String(length=64), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
        sa.UniqueConstraint('token_sha256')
    )
    op.create_table('web_scores',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('area', sa.String(length=500), nullable=False),
        sa.Column('area_key', sa.String(length=500), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('sheet_sha256', sa.String(length=64), nullable=False),
        sa.Column('criteria_id', sa.String(length=100), nullable=True),
        sa.Column('title', sa.String(length=300), nullable=True),
        sa.Column('year', sa.Integer(), nullable=True),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('results_sha256', sa.String(length=64), nullable=True),
        sa.Column('scored', sa.Integer(), nullable=True),
        sa.Column('recognised', sa.Integer(), nullable=True),
        sa.Column('rejected', sa.Integer(), nullable=True),
        sa.Column('details', sa.JSON(), nullable=True),
        sa.Column('recorded_number', sa.String(length=100), nullable=True),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['results_sha256'], ['web_files.sha256'], ),
        sa.ForeignKeyConstraint(['sheet_sha256'], ['web_files.sha256'], ),
        sa.ForeignKeyConstraint(['user_id'], ['web_users.id'], ),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_web_scores_area_key'), 'web_scores', ['area_key'], unique=False)
    op.create_table('web_documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('score_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=255), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['score_id'], ['web_scores.id'], ),
        sa.ForeignKeyConstraint(['sha256'], ['web_files.sha256'], ),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_web_documents_score_id'), 'web_documents', ['score_id'], unique=False)
    op.create_table('web_jobs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=40), nullable=False),
        sa.Column('score_id', sa.Integer(), nullable=True),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('area_key', sa.String(length=500), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=True),
        sa.Column('message', sa.Text(), nullable=True),
        sa.Column('params', sa.JSON(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['score_id'], ['web_scores.id'], ),
        sa.ForeignKeyConstraint(['user_id'], ['web_users.id'], ),
        sa.PrimaryKeyConstraint('id')
    )
    op.create_table('web_packages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('score_id', sa.Integer(), nullable=False),
        sa.Column('area_key', sa.String(length=500), nullable=False),
        sa.Column('sent_by', sa.Integer(), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('reviewed_by', sa.Integer(), nullable=True),
        sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('findings', sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(['reviewed_by'], ['web_users.id'], ),
        sa.ForeignKeyConstraint(['score_id'], ['web_scores.id'], ),
        sa.ForeignKeyConstraint(['sent_by'], ['web_users.id'], ),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('score_id')
    )
    op.create_index(op.f('ix_web_packages_area_key'), 'web_packages', ['area_key'], unique=False)
    _append_only_audit()


def _append_only_audit() -> None:
    """The database itself refuses to change or delete the audit log (TRUNCATE too, on PostgreSQL)."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(sa.text(f"CREATE TRIGGER web_audit_no_{event.lower()} BEFORE {event} ON web_audit "
                               f"BEGIN SELECT RAISE(ABORT, '{_REFUSE}'); END"))
    elif dialect == "postgresql":
        op.execute(sa.text("CREATE FUNCTION web_audit_append_only() RETURNS trigger AS $$ BEGIN "
                           f"RAISE EXCEPTION '{_REFUSE}'; END $$ LANGUAGE plpgsql"))
        op.execute(sa.text("CREATE TRIGGER web_audit_append_only BEFORE UPDATE OR DELETE ON web_audit "
                           "FOR EACH ROW EXECUTE FUNCTION web_audit_append_only()"))
        op.execute(sa.text("CREATE TRIGGER web_audit_no_truncate BEFORE TRUNCATE ON web_audit "
                           "FOR EACH STATEMENT EXECUTE FUNCTION web_audit_append_only()"))


def downgrade() -> None:
    for table in ("web_packages", "web_jobs", "web_documents", "web_scores", "web_users", "web_settings", "web_files",
                  "web_audit", "web_attempts", "web_area_details"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(sa.text("DROP FUNCTION IF EXISTS web_audit_append_only()"))
