"""List versions and entity revisions.

Revision ID: 0001
Revises:
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "list_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("format", sa.String(50), nullable=False),
        sa.Column("published", sa.Date, nullable=False),
        sa.Column("published_from_file", sa.Boolean, nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("checksums", sa.Text, nullable=False),
        sa.Column("files", sa.Text, nullable=False),
        sa.Column("entity_count", sa.Integer, nullable=False),
        sa.Column("added", sa.Integer, nullable=False),
        sa.Column("amended", sa.Integer, nullable=False),
        sa.Column("removed", sa.Integer, nullable=False),
        sa.UniqueConstraint("source", "seq", name="uq_list_versions_source_seq"),
    )
    op.create_table(
        "entity_revisions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("entity_id", sa.String(300), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("schema", sa.String(20), nullable=False),
        sa.Column("caption", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("first_version", sa.Integer, sa.ForeignKey("list_versions.id"), nullable=False),
        sa.Column("last_version", sa.Integer, sa.ForeignKey("list_versions.id"), nullable=True),
    )
    op.create_index("ix_entity_revisions_entity_id", "entity_revisions", ["entity_id"])
    op.create_index("ix_entity_revisions_source_span", "entity_revisions", ["source", "first_version", "last_version"])


def downgrade() -> None:
    op.drop_table("entity_revisions")
    op.drop_table("list_versions")
