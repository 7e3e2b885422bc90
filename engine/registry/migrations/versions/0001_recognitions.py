"""The registry of recognitions: one row per subject, criteria set, year and decision.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recognitions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("subject", sa.String(200), nullable=False),
        sa.Column("name", sa.String(1000), nullable=False),
        sa.Column("province", sa.String(200), nullable=False, server_default=""),
        sa.Column("commune", sa.String(200), nullable=False, server_default=""),
        sa.Column("area", sa.String(1000), nullable=False, server_default=""),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("criteria_id", sa.String(100), nullable=False),
        sa.Column("criteria_sha256", sa.String(64), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("grade", sa.String(100)),
        sa.Column("level", sa.Integer),
        sa.Column("recognised", sa.Boolean, nullable=False),
        sa.Column("total", sa.Numeric(10, 4)),
        sa.Column("decision_number", sa.String(100), nullable=False),
        sa.Column("decision_date", sa.Date, nullable=False),
        sa.UniqueConstraint("criteria_id", "subject", "year", "decision_number", name="uq_recognition"),
    )
    op.create_index("ix_recognitions_subject", "recognitions", ["subject", "title"])
    op.create_index("ix_recognitions_year", "recognitions", ["year", "title"])


def downgrade() -> None:
    op.drop_table("recognitions")
