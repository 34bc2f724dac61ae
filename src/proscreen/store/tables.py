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

# --- API keys and the audit log (migration 0002) ------------------------------

#: API keys: only a SHA-256 of each secret is kept; ``prefix`` is the public part that names a key.
api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("prefix", sa.String(32), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("rate_limit", sa.Float, nullable=True),  # requests per second; NULL: the service default
)

#: One row per screened query; append-only (triggers refuse UPDATE and DELETE).
audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("key_name", sa.String(200), nullable=False),
    sa.Column("key_prefix", sa.String(32), nullable=True),
    sa.Column("endpoint", sa.String(100), nullable=False),
    sa.Column("query_id", sa.Text, nullable=True),
    sa.Column("query", sa.Text, nullable=False),  # JSON: the query and the filters
    sa.Column("list_versions", sa.Text, nullable=False),  # JSON [label, ...]
    sa.Column("results", sa.Text, nullable=False),  # JSON [{entity_id, score, match}, ...]
    sa.Column("alerts", sa.Integer, nullable=False),
    sa.Index("ix_audit_log_at", "at"),
)
