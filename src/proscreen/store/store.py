"""The store: list versions and entity revisions over SQLAlchemy Core.

One implementation serves SQLite (the embedded default) and PostgreSQL; the
same behaviour tests run against both. Schema changes go through Alembic
migrations in ``store/migrations``; :meth:`Store.open` brings a database to the
newest revision.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from proscreen.exceptions import ConfigError, InputError, NotFoundError
from proscreen.model import Entity, ListVersion, json_hash
from proscreen.settings import get_settings
from proscreen.store.diff import ChangeKind, EntityChange, VersionDiff, field_changes
from proscreen.store.tables import entity_revisions as rev
from proscreen.store.tables import list_versions as ver

#: The newest migration; checked against Alembic's head in the tests.
SCHEMA_REVISION = "0002"
MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass(frozen=True)
class NewVersion:
    """What an import states about the files it read."""

    source: str
    format: str
    checksums: tuple[tuple[str, str], ...]
    files: tuple[str, ...]
    published: date | None


@dataclass(frozen=True)
class ImportResult:
    version: ListVersion
    created: bool  # False when the same files were imported before


@dataclass(frozen=True)
class Revision:
    """One state of an entity, and the versions it was valid in."""

    entity: Entity
    first: ListVersion
    last: ListVersion | None  # the version that amended or removed it; None while current


def normalise_url(url: str) -> str:
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


class Store:
    def __init__(self, engine: sa.Engine):
        self.engine = engine
        self._versions: dict[int, ListVersion] = {}

    @classmethod
    def open(cls, url: str | None = None, migrate: bool = True) -> Store:
        settings = get_settings()
        db_url = normalise_url(url or settings.database_url)
        if db_url.startswith("sqlite:///") and db_url != "sqlite:///:memory:":
            Path(db_url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
        try:
            engine = sa.create_engine(db_url, future=True)
        except (sa.exc.ArgumentError, ImportError) as exc:
            raise ConfigError(f"cannot use database URL {db_url!r}: {exc}") from exc
        if engine.dialect.name == "sqlite":
            sa.event.listen(engine, "connect", _sqlite_pragmas)
        store = cls(engine)
        if migrate:
            store.migrate()
        return store

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    # --- schema ---------------------------------------------------------------

    def schema_revision(self) -> str | None:
        with self.engine.connect() as conn:
            if not sa.inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()

    def migrate(self) -> None:
        """Bring the database to the newest schema (a no-op when it is there)."""
        try:
            current = self.schema_revision()
        except sa.exc.OperationalError as exc:
            raise ConfigError(f"cannot open the store at {self.url}: {exc.orig}") from exc
        if current == SCHEMA_REVISION:
            return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "head")

    # --- versions -------------------------------------------------------------

    def _version(self, row: Any) -> ListVersion:
        imported = row.imported_at
        if imported.tzinfo is None:
            imported = imported.replace(tzinfo=UTC)
        version = ListVersion(
            id=row.id,
            source=row.source,
            seq=row.seq,
            format=row.format,
            published=row.published,
            imported_at=imported,
            checksums=tuple((str(a), str(b)) for a, b in json.loads(row.checksums)),
            entity_count=row.entity_count,
            added=row.added,
            amended=row.amended,
            removed=row.removed,
            published_from_file=bool(row.published_from_file),
            files=tuple(json.loads(row.files)),
        )
        self._versions[version.id] = version
        return version

    def versions(self, source: str | None = None) -> list[ListVersion]:
        query = sa.select(ver).order_by(ver.c.source, ver.c.seq)
        if source:
            query = query.where(ver.c.source == source)
        with self.engine.connect() as conn:
            return [self._version(r) for r in conn.execute(query)]

    def sources(self) -> list[str]:
        with self.engine.connect() as conn:
            return list(conn.execute(sa.select(ver.c.source).distinct().order_by(ver.c.source)).scalars())

    def latest(self, source: str) -> ListVersion | None:
        query = sa.select(ver).where(ver.c.source == source).order_by(ver.c.seq.desc()).limit(1)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return self._version(row) if row else None

    def version(self, source: str, seq: int | None = None) -> ListVersion:
        """A version by its number, or the latest when ``seq`` is None."""
        if seq is None:
            found = self.latest(source)
        else:
            query = sa.select(ver).where(ver.c.source == source, ver.c.seq == seq)
            with self.engine.connect() as conn:
                row = conn.execute(query).first()
            found = self._version(row) if row else None
        if found is None:
            what = f"version {seq} of {source!r}" if seq is not None else f"any version of {source!r}"
            raise NotFoundError(f"the store has no {what}; see `proscreen lists`")
        return found

    def as_of(self, source: str, day: date) -> ListVersion | None:
        """The version in force on ``day``: the newest published on or before it."""
        query = (
            sa.select(ver)
            .where(ver.c.source == source, ver.c.published <= day)
            .order_by(ver.c.published.desc(), ver.c.seq.desc())
            .limit(1)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return self._version(row) if row else None

    def current_versions(self, as_of: date | None = None) -> list[ListVersion]:
        """One version per source: the latest, or the one in force on ``as_of``."""
        out = []
        for source in self.sources():
            found = self.as_of(source, as_of) if as_of else self.latest(source)
            if found:
                out.append(found)
        return out

    # --- import ---------------------------------------------------------------

    def import_version(self, new: NewVersion, entities: Iterable[Entity]) -> ImportResult:
        """Record a version holding ``entities``; write only what changed since the latest.

        All or nothing: the version and its revisions are written in one transaction.
        """
        previous = self.latest(new.source)
        if previous and sorted(previous.checksums) == sorted(new.checksums):
            return ImportResult(previous, created=False)
        incoming: dict[str, tuple[str, Entity, str]] = {}  # id -> (hash, entity, JSON)
        for entity in entities:
            if entity.source != new.source:
                raise InputError(f"entity {entity.id} does not belong to source {new.source!r}")
            if entity.id in incoming:
                raise InputError(f"{', '.join(new.files)}: entity id {entity.id} appears twice")
            payload = entity.to_json()
            incoming[entity.id] = (json_hash(payload), entity, payload)
        now = datetime.now(UTC)
        published = new.published or now.date()
        with self.engine.begin() as conn:
            current = {
                row.entity_id: (row.id, row.content_hash)
                for row in conn.execute(
                    sa.select(rev.c.id, rev.c.entity_id, rev.c.content_hash).where(
                        rev.c.source == new.source, rev.c.last_version.is_(None)
                    )
                )
            }
            added = [eid for eid in incoming if eid not in current]
            amended = [eid for eid, (h, _, _) in incoming.items() if eid in current and current[eid][1] != h]
            removed = [eid for eid in current if eid not in incoming]
            inserted = conn.execute(
                ver.insert().values(
                    source=new.source,
                    seq=(previous.seq + 1) if previous else 1,
                    format=new.format,
                    published=published,
                    published_from_file=new.published is not None,
                    imported_at=now,
                    checksums=json.dumps([list(c) for c in new.checksums]),
                    files=json.dumps(list(new.files)),
                    entity_count=len(incoming),
                    added=len(added),
                    amended=len(amended),
                    removed=len(removed),
                )
            )
            key = inserted.inserted_primary_key
            assert key is not None
            version_id = int(key[0])
            closed = [current[eid][0] for eid in amended + removed]
            for chunk in _chunks(closed, 500):
                conn.execute(rev.update().where(rev.c.id.in_(chunk)).values(last_version=version_id))
            rows = [_revision_row(*incoming[eid], version_id) for eid in added + amended]
            for chunk in _chunks(rows, 2000):
                conn.execute(rev.insert(), chunk)
            row = conn.execute(sa.select(ver).where(ver.c.id == version_id)).one()
        return ImportResult(self._version(row), created=True)

    # --- reads ----------------------------------------------------------------

    def _valid_in(self, version: ListVersion) -> sa.ColumnElement[bool]:
        return sa.and_(
            rev.c.source == version.source,
            rev.c.first_version <= version.id,
            sa.or_(rev.c.last_version.is_(None), rev.c.last_version > version.id),
        )

    def entities(self, version: ListVersion) -> Iterator[Entity]:
        """Every entity of one version, in id order."""
        query = sa.select(rev.c.data).where(self._valid_in(version)).order_by(rev.c.entity_id)
        with self.engine.connect() as conn:
            for data in conn.execute(query).scalars():
                yield Entity.from_dict(json.loads(data))

    def entity(self, entity_id: str, version: ListVersion | None = None) -> Entity:
        """One entity as it stands in ``version`` (default: its newest revision)."""
        query = sa.select(rev.c.data).where(rev.c.entity_id == entity_id)
        if version is not None:
            query = query.where(self._valid_in(version))
        query = query.order_by(rev.c.first_version.desc()).limit(1)
        with self.engine.connect() as conn:
            data = conn.execute(query).scalar()
        if data is None:
            raise NotFoundError(f"no entity {entity_id!r} in the store")
        return Entity.from_dict(json.loads(data))

    def get_entities(self, entity_ids: Sequence[str]) -> dict[str, Entity]:
        """The newest revision of each id that exists."""
        out: dict[str, Entity] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(list(entity_ids), 500):
                query = (
                    sa.select(rev.c.entity_id, rev.c.data)
                    .where(rev.c.entity_id.in_(chunk))
                    .order_by(rev.c.first_version)
                )
                for row in conn.execute(query):
                    out[row.entity_id] = Entity.from_dict(json.loads(row.data))
        return out

    def history(self, entity_id: str) -> list[Revision]:
        """Every revision of an entity, oldest first, with the versions it spanned."""
        query = sa.select(rev).where(rev.c.entity_id == entity_id).order_by(rev.c.first_version)
        with self.engine.connect() as conn:
            rows = list(conn.execute(query))
        if not rows:
            raise NotFoundError(f"no entity {entity_id!r} in the store")
        return [
            Revision(
                entity=Entity.from_dict(json.loads(r.data)),
                first=self._version_by_id(r.first_version),
                last=self._version_by_id(r.last_version) if r.last_version else None,
            )
            for r in rows
        ]

    def _version_by_id(self, version_id: int) -> ListVersion:
        if version_id not in self._versions:
            with self.engine.connect() as conn:
                self._version(conn.execute(sa.select(ver).where(ver.c.id == version_id)).one())
        return self._versions[version_id]

    def diff(self, source: str, old_seq: int | None = None, new_seq: int | None = None) -> VersionDiff:
        """Entities added, removed and amended between two versions (default: the last two)."""
        new = self.version(source, new_seq)
        if old_seq is None:
            old = self.version(source, new.seq - 1) if new.seq > 1 else None
        else:
            old = self.version(source, old_seq)
        with self.engine.connect() as conn:
            new_rows = {r.entity_id: r for r in conn.execute(self._span_query(new))}
            old_rows = {r.entity_id: r for r in conn.execute(self._span_query(old))} if old else {}
            changes: list[EntityChange] = []
            for eid in sorted(set(new_rows) - set(old_rows)):
                changes.append(EntityChange(eid, new_rows[eid].caption, ChangeKind.ADDED))
            for eid in sorted(set(old_rows) - set(new_rows)):
                changes.append(EntityChange(eid, old_rows[eid].caption, ChangeKind.REMOVED))
            amended = sorted(eid for eid in set(new_rows) & set(old_rows) if new_rows[eid].id != old_rows[eid].id)
            ids = [new_rows[e].id for e in amended] + [old_rows[e].id for e in amended]
            data: dict[int, dict[str, Any]] = {}
            for chunk in _chunks(ids, 500):
                for row in conn.execute(sa.select(rev.c.id, rev.c.data).where(rev.c.id.in_(chunk))):
                    data[row.id] = json.loads(row.data)
            for eid in amended:
                fields = field_changes(data[old_rows[eid].id], data[new_rows[eid].id])
                changes.append(EntityChange(eid, new_rows[eid].caption, ChangeKind.AMENDED, fields))
        return VersionDiff(source=source, old=old, new=new, changes=tuple(changes))

    def _span_query(self, version: ListVersion) -> sa.Select[Any]:
        return sa.select(rev.c.id, rev.c.entity_id, rev.c.caption).where(self._valid_in(version))


def _revision_row(content_hash: str, entity: Entity, payload: str, version_id: int) -> dict[str, Any]:
    return {
        "entity_id": entity.id,
        "source": entity.source,
        "schema": str(entity.schema),
        "caption": entity.caption,
        "content_hash": content_hash,
        "data": payload,
        "first_version": version_id,
        "last_version": None,
    }


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
