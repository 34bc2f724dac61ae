"""The candidate index: retrieval, persistence."""

from __future__ import annotations

from pathlib import Path

from proscreen.index import SearchIndex
from proscreen.matching import prepare_entity, prepare_query
from proscreen.model import Query
from tests.matching.factory import make_entity

ENTITIES = [
    make_entity("Person", "Vladimir Putin", "PUTIN, Vladimir Vladimirovich", source_id="1"),
    make_entity("Organization", "KOREA MINING DEVELOPMENT TRADING CORPORATION", "KOMID", source_id="2"),
    make_entity("Person", "Osama bin Laden", "Usama bin Ladin", source_id="3"),
    make_entity("Organization", "Abu Bakar Trading LLC", source_id="4"),
    make_entity("Vessel", "Ocean Star 5", source_id="5"),
]


def _index() -> SearchIndex:
    return SearchIndex.build([prepare_entity(e) for e in ENTITIES])


def _top(index: SearchIndex, name: str, schema: str = "Thing") -> int:
    found = index.candidates(prepare_query(Query(name, schema)), limit=3)
    assert found, name
    return found[0]


def test_finds_by_token_phonetic_and_joined_forms() -> None:
    index = _index()
    assert _top(index, "Vladimir Poutine") == 0
    assert _top(index, "KOMID") == 1
    assert _top(index, "Oussama ben Ladin") == 2
    assert _top(index, "Abubakar Trading") == 3
    assert _top(index, "VladimirPutin") == 0


def test_unknown_names_find_nothing() -> None:
    assert _index().candidates(prepare_query(Query("Zzyzx Qwerty")), limit=5) == []


def test_save_and_load(tmp_path: Path) -> None:
    index = _index()
    path = tmp_path / "lists.idx"
    index.save(path)
    loaded = SearchIndex.load(path)
    assert len(loaded) == len(ENTITIES)
    assert loaded.entities[1].id == "test:2"
    assert _top(loaded, "Korea Mining Development Trading") == 1
    assert loaded.entities[4] == index.entities[4]
