"""The web application's tables (SQLAlchemy Core). The registry's own table lives in engine/registry/store.py;
both share one database. Column widths are checked before writing so SQLite refuses what PostgreSQL would."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

settings = sa.Table(
    "web_settings", metadata,
    sa.Column("key", sa.String(100), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

users = sa.Table(
    "web_users", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("name", sa.String(100), nullable=False, unique=True),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("area", sa.String(500), nullable=False),  # as written: "Tỉnh Bắc Kạn/Huyện Ba Bể/Xã Khang Ninh"
    sa.Column("area_key", sa.String(500), nullable=False),  # folded, for comparisons (web/areas.py)
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("epoch", sa.Integer, nullable=False),  # raised on password change or disabling: old sessions end
    sa.Column("token_sha256", sa.String(64), unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

files = sa.Table(  # content-addressed: the same bytes are stored once
    "web_files", metadata,
    sa.Column("sha256", sa.String(64), primary_key=True),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
)

scores = sa.Table(
    "web_scores", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("web_users.id"), nullable=False),
    sa.Column("area", sa.String(500), nullable=False),
    sa.Column("area_key", sa.String(500), nullable=False, index=True),
    sa.Column("filename", sa.String(255), nullable=False),  # sanitised; shown and offered back, never a path
    sa.Column("sheet_sha256", sa.String(64), sa.ForeignKey("web_files.sha256"), nullable=False),
    sa.Column("criteria_id", sa.String(100)),
    sa.Column("title", sa.String(300)),
    sa.Column("year", sa.Integer),
    sa.Column("state", sa.String(20), nullable=False),  # cho | xong | loi
    sa.Column("error", sa.Text),
    sa.Column("results_sha256", sa.String(64), sa.ForeignKey("web_files.sha256")),
    sa.Column("scored", sa.Integer),
    sa.Column("recognised", sa.Integer),
    sa.Column("rejected", sa.Integer),
    sa.Column("details", sa.JSON),  # the decision details entered for this score
    sa.Column("recorded_number", sa.String(100)),
    sa.Column("recorded_at", sa.DateTime(timezone=True)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

documents = sa.Table(
    "web_documents", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("score_id", sa.Integer, sa.ForeignKey("web_scores.id"), nullable=False, index=True),
    sa.Column("name", sa.String(255), nullable=False),
    sa.Column("sha256", sa.String(64), sa.ForeignKey("web_files.sha256"), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

jobs = sa.Table(
    "web_jobs", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("score_id", sa.Integer, sa.ForeignKey("web_scores.id")),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("web_users.id"), nullable=False),
    sa.Column("area_key", sa.String(500), nullable=False),
    sa.Column("state", sa.String(20), nullable=False),  # cho | dang-chay | xong | loi
    sa.Column("done", sa.Integer, nullable=False),
    sa.Column("total", sa.Integer),
    sa.Column("message", sa.Text),
    sa.Column("params", sa.JSON),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
)

packages = sa.Table(
    "web_packages", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("score_id", sa.Integer, sa.ForeignKey("web_scores.id"), nullable=False, unique=True),
    sa.Column("area_key", sa.String(500), nullable=False, index=True),
    sa.Column("sent_by", sa.Integer, sa.ForeignKey("web_users.id"), nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("state", sa.String(20), nullable=False),  # da-gui | chap-nhan | tra-lai
    sa.Column("note", sa.Text),
    sa.Column("reviewed_by", sa.Integer, sa.ForeignKey("web_users.id")),
    sa.Column("reviewed_at", sa.DateTime(timezone=True)),
    sa.Column("findings", sa.JSON),
)

area_details = sa.Table(  # the decision details last entered for an area, offered again next time
    "web_area_details", metadata,
    sa.Column("area_key", sa.String(500), primary_key=True),
    sa.Column("details", sa.JSON, nullable=False),
)

attempts = sa.Table(  # failed logins and rate-limited actions, shared by every server process
    "web_attempts", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key", sa.String(300), nullable=False, index=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
)

audit = sa.Table(  # append-only: triggers refuse UPDATE and DELETE (migration 0001)
    "web_audit", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user_name", sa.String(100)),
    sa.Column("role", sa.String(20)),
    sa.Column("area", sa.String(500)),
    sa.Column("action", sa.String(60), nullable=False),
    sa.Column("target", sa.String(300)),
    sa.Column("sha256", sa.String(64)),
    sa.Column("detail", sa.Text),
)
