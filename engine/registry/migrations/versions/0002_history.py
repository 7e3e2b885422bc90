"""History of the registry: a recognition is revoked or corrected under a decision, never deleted.

`recognitions.revoked` marks a recognition revoked (the row stays); `recognition_events` keeps every revocation
and correction: its kind (thu-hoi, dinh-chinh), the field corrected with its old and new value, the decision
it was made under (number, date), the reason and when it was written.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("recognitions", sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "recognition_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("recognition_id", sa.Integer, sa.ForeignKey("recognitions.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("field", sa.String(50)),
        sa.Column("old", sa.String(1000)),
        sa.Column("new", sa.String(1000)),
        sa.Column("decision_number", sa.String(100), nullable=False),
        sa.Column("decision_date", sa.Date, nullable=False),
        sa.Column("reason", sa.String(2000), nullable=False, server_default=""),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_recognition_events_recognition", "recognition_events", ["recognition_id"])


def downgrade() -> None:
    op.drop_table("recognition_events")
    with op.batch_alter_table("recognitions") as batch:
        batch.drop_column("revoked")
