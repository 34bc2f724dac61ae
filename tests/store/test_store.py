"""Store behaviour, run against SQLite and the real PostgreSQL server."""

from __future__ import annotations

from datetime import date

import pytest

from proscreen.exceptions import InputError, NotFoundError
from proscreen.store import ChangeKind, NewVersion, Store
from tests.factory import make_entity


def new(seq_tag: str, published: date | None = date(2024, 5, 3), source: str = "test-list") -> NewVersion:
    return NewVersion(source, "test", ((f"{seq_tag}.csv", seq_tag * 8),), (f"/x/{seq_tag}.csv",), published)


V1 = [make_entity("1", "ALPHA TRADING"), make_entity("2", "BETA LLC"), make_entity("3", "GAMMA CO")]
V2 = [
    make_entity("1", "ALPHA TRADING"),  # unchanged
    make_entity("2", "BETA LLC", "BETA LIMITED"),  # amended: alias added
    make_entity("4", "DELTA ENTERPRISE", tax_id="1295859"),  # added; 3 removed
]


def test_first_import_counts_everything_as_added(store: Store) -> None:
    result = store.import_version(new("a"), V1)
    assert result.created
    v = result.version
    assert (v.seq, v.entity_count, v.added, v.amended, v.removed) == (1, 3, 3, 0, 0)
    assert v.published == date(2024, 5, 3) and v.published_from_file
    assert [e.id for e in store.entities(v)] == ["test-list:1", "test-list:2", "test-list:3"]


def test_same_files_make_no_new_version(store: Store) -> None:
    first = store.import_version(new("a"), V1).version
    again = store.import_version(new("a"), V1)
    assert not again.created and again.version.id == first.id
    assert len(store.versions("test-list")) == 1


def test_second_version_stores_only_changes_and_diffs(store: Store) -> None:
    v1 = store.import_version(new("a"), V1).version
    v2 = store.import_version(new("b", date(2024, 12, 19)), V2).version
    assert (v2.seq, v2.entity_count, v2.added, v2.amended, v2.removed) == (2, 3, 1, 1, 1)
    # only the changed entities got new revisions: 3 + (1 added + 1 amended)
    import sqlalchemy as sa

    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM entity_revisions")).scalar() == 5
    assert sorted(e.id for e in store.entities(v1)) == ["test-list:1", "test-list:2", "test-list:3"]
    assert sorted(e.id for e in store.entities(v2)) == ["test-list:1", "test-list:2", "test-list:4"]
    diff = store.diff("test-list")
    assert diff.old is not None and diff.old.id == v1.id and diff.new.id == v2.id
    assert [c.entity_id for c in diff.of(ChangeKind.ADDED)] == ["test-list:4"]
    assert [c.entity_id for c in diff.of(ChangeKind.REMOVED)] == ["test-list:3"]
    (amended,) = diff.of(ChangeKind.AMENDED)
    assert amended.entity_id == "test-list:2"
    (names,) = amended.fields
    assert names.field == "names" and names.added == ({"value": "BETA LIMITED", "kind": "aka", "strength": "strong"},)
    data = diff.to_dict()
    assert data["counts"] == {"added": 1, "removed": 1, "amended": 1}


def test_point_in_time_and_history(store: Store) -> None:
    v1 = store.import_version(new("a"), V1).version
    v2 = store.import_version(new("b", date(2024, 12, 19)), V2).version
    assert store.as_of("test-list", date(2024, 11, 1)) == v1
    assert store.as_of("test-list", date(2024, 12, 19)) == v2
    assert store.as_of("test-list", date(2020, 1, 1)) is None
    assert store.current_versions(date(2024, 11, 1)) == [v1]
    history = store.history("test-list:2")
    assert [(h.first.seq, h.last.seq if h.last else None) for h in history] == [(1, 2), (2, None)]
    removed = store.history("test-list:3")
    assert removed[-1].last == v2
    assert store.entity("test-list:2", v1).names[-1].value == "BETA LLC"
    assert store.entity("test-list:2").names[-1].value == "BETA LIMITED"
    with pytest.raises(NotFoundError):
        store.entity("test-list:99")


def test_failed_import_leaves_previous_version(store: Store) -> None:
    v1 = store.import_version(new("a"), V1).version
    bad = [make_entity("1", "X"), make_entity("1", "Y")]
    with pytest.raises(InputError, match="appears twice"):
        store.import_version(new("b"), bad)
    assert store.versions("test-list") == [v1]
    assert store.latest("test-list") == v1


def test_missing_publication_date_uses_import_day(store: Store) -> None:
    v = store.import_version(new("a", None), V1).version
    assert not v.published_from_file
    assert v.published == v.imported_at.date()


def test_migrations_head_matches_code(store: Store) -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from proscreen.store.store import MIGRATIONS, SCHEMA_REVISION

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == SCHEMA_REVISION
    assert store.schema_revision() == SCHEMA_REVISION
