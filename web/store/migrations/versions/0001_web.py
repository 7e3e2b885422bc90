"""The web application's tables: accounts, files, scores, documents, jobs, packages, audit log.

Revision ID: w0001
"""

import sqlalchemy as sa
from alembic import op

from web.store.schema import metadata

revision = "w0001"
down_revision = None
branch_labels = None
depends_on = None

_REFUSE = "nhật ký chỉ được ghi thêm, không được sửa hay xóa"


def upgrade() -> None:
    bind = op.get_bind()
    metadata.create_all(bind)
    if bind.dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(sa.text(f"CREATE TRIGGER web_audit_no_{event.lower()} BEFORE {event} ON web_audit "
                               f"BEGIN SELECT RAISE(ABORT, '{_REFUSE}'); END"))
    elif bind.dialect.name == "postgresql":
        op.execute(sa.text("CREATE FUNCTION web_audit_append_only() RETURNS trigger AS $$ BEGIN "
                           f"RAISE EXCEPTION '{_REFUSE}'; END $$ LANGUAGE plpgsql"))
        op.execute(sa.text("CREATE TRIGGER web_audit_append_only BEFORE UPDATE OR DELETE ON web_audit "
                           "FOR EACH ROW EXECUTE FUNCTION web_audit_append_only()"))


def downgrade() -> None:
    metadata.drop_all(op.get_bind())
