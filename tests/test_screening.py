"""The Screener over a real store: ranking, filters, point in time, persisted indexes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from proscreen.exceptions import InputError
from proscreen.importer import import_paths
from proscreen.index import SearchIndex
from proscreen.model import Query
from proscreen.screening import Screener
from proscreen.store import Store


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory, lists_dir: Path) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('screening') / 'store.db'}"
    with Store.open(url) as store:
        import_paths(store, [lists_dir / "ofac/sdn_csv_2024-05-03/sdn.csv"], published=date(2024, 5, 3))
        import_paths(store, [lists_dir / "ofac/composite_2024-12-19"], published=date(2024, 12, 19))
        import_paths(store, [lists_dir / "un/consolidated.xml"])
    return url


@pytest.fixture(scope="module")
def screener(store_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Screener]:
    s = Screener(Store.open(store_url), cache_dir=tmp_path_factory.mktemp("index"))
    yield s
    s.close()


def test_finds_the_2024_12_19_designation_with_reasons(screener: Screener) -> None:
    (best, *_) = screener.screen(Query("M/s Akhtar & Sons (Pvt.) Ltd., Karachi", "Organization"))
    assert best.entity.id == "ofac-sdn:52051"
    assert best.match and best.score >= screener.config.threshold
    data = best.to_dict()
    assert data["source"] == "ofac-sdn" and data["source_id"] == "52051"
    assert data["list_version"] == "ofac-sdn@2"
    features = {f["feature"] for f in data["explanation"]}
    assert "name" in features and all(f["explanation"] for f in data["explanation"])


def test_point_in_time(screener: Screener) -> None:
    before = screener.screen(Query("Akhtar and Sons Private Limited", "Organization"), as_of=date(2024, 11, 1))
    assert all(m.entity.id != "ofac-sdn:52051" for m in before)
    assert {m.version.label for m in before} <= {"ofac-sdn@1"}
    after = screener.screen(Query("Akhtar and Sons Private Limited", "Organization"), as_of=date(2024, 12, 19))
    assert after[0].entity.id == "ofac-sdn:52051" and after[0].version.label == "ofac-sdn@2"
    assert screener.versions(as_of=date(2000, 1, 1)) == []


def test_filters(screener: Screener) -> None:
    un_only = screener.screen(Query("Akhtar and Sons"), sources=["un"])
    assert all(m.entity.source == "un" for m in un_only)
    npwmd = screener.screen(Query("National Development Complex"), programs=["npwmd"], limit=5)
    assert npwmd and npwmd[0].entity.id == "ofac-sdn:52049"
    assert all("NPWMD" in m.entity.programs for m in npwmd)
    people = screener.screen(Query("Khan"), schemas=["Person"], limit=20)
    assert all(str(m.entity.schema) == "Person" for m in people)
    with pytest.raises(InputError, match="unknown source"):
        screener.screen(Query("x y"), sources=["nope"])
    with pytest.raises(InputError, match="threshold"):
        screener.screen(Query("x y"), threshold=1.5)


def test_threshold_decides_match(screener: Screener) -> None:
    strict = screener.screen(Query("Akhtar and Sons Private Limited"), threshold=1.0)
    loose = screener.screen(Query("Akhtar and Sons Private Limited"), threshold=0.0)
    assert strict[0].entity.id == loose[0].entity.id
    assert loose[0].match
    assert all(m.match == (m.score >= 1.0) for m in strict)


def test_index_is_persisted_and_reloaded(store_url: str, screener: Screener, monkeypatch: pytest.MonkeyPatch) -> None:
    screener.warm()
    files = sorted(p.name for p in screener.cache_dir.glob("*.idx"))
    assert {"ofac-sdn@2", "un@1"} <= {f.rsplit("-", 1)[0] for f in files}

    def no_build(*_: object) -> SearchIndex:
        raise AssertionError("the index should have been loaded from its file")

    monkeypatch.setattr(SearchIndex, "build", classmethod(no_build))
    again = Screener(Store.open(store_url), cache_dir=screener.cache_dir)
    try:
        assert again.screen(Query("NATIONAL DEVELOPMENT COMPLEX"))[0].entity.id == "ofac-sdn:52049"
    finally:
        again.close()
