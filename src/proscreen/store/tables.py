"""SQLAlchemy Core tables. The store is the only place that writes SQL.

Entities are kept as *revisions*: a revision is valid from the version that
introduced it (``first_version``) until the version that amended or removed it
(``last_version``, exclusive; NULL while current). A version therefore stores
only what changed, and the entities of any version are the revisions with
``first_version <= v < last_version``. Version ids increase in import order.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

list_versions = sa.Table(
    "list_versions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("source", sa.String(100), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("format", sa.String(50), nullable=False),
    sa.Column("published", sa.Date, nullable=False),
    sa.Column("published_from_file", sa.Boolean, nullable=False),
    sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("checksums", sa.Text, nullable=False),  # JSON [[file name, sha256], ...]
    sa.Column("files", sa.Text, nullable=False),  # JSON [path, ...]
    sa.Column("entity_count", sa.Integer, nullable=False),
    sa.Column("added", sa.Integer, nullable=False),
    sa.Column("amended", sa.Integer, nullable=False),
    sa.Column("removed", sa.Integer, nullable=False),
    sa.UniqueConstraint("source", "seq", name="uq_list_versions_source_seq"),
)

entity_revisions = sa.Table(
    "entity_revisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("entity_id", sa.String(300), nullable=False),
    sa.Column("source", sa.String(100), nullable=False),
    sa.Column("schema", sa.String(20), nullable=False),
    sa.Column("caption", sa.Text, nullable=False),
    sa.Column("content_hash", sa.String(64), nullable=False),
    sa.Column("data", sa.Text, nullable=False),  # Entity.to_dict() as JSON
    sa.Column("first_version", sa.Integer, sa.ForeignKey("list_versions.id"), nullable=False),
    sa.Column("last_version", sa.Integer, sa.ForeignKey("list_versions.id"), nullable=True),
    sa.Index("ix_entity_revisions_entity_id", "entity_id"),
    sa.Index("ix_entity_revisions_source_span", "source", "first_version", "last_version"),
)
