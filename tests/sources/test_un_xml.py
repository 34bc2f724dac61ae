from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from proscreen.exceptions import ParseError, UnsafeInputError
from proscreen.model import (
    Address,
    Country,
    CountryRole,
    Entity,
    EventDate,
    Identifier,
    IdType,
    Name,
    NameKind,
    Relation,
    RelationKind,
    Schema,
    Strength,
)
from proscreen.sources import un_xml
from proscreen.sources.base import head_bytes


@pytest.fixture(scope="module")
def un_file(lists_dir: Path) -> Path:
    return lists_dir / "un" / "consolidated.xml"


@pytest.fixture(scope="module")
def entities(un_file: Path) -> dict[str, Entity]:
    data = un_xml.read([un_file], None)
    return {e.source_id: e for e in data.entities}


def _read(path: Path) -> list[Entity]:
    return list(un_xml.read([path], None).entities)


# --- the real file -------------------------------------------------------------


def test_counts_match_provenance(entities: dict[str, Entity]) -> None:
    assert len(entities) == 1003
    assert Counter(e.schema for e in entities.values()) == {Schema.PERSON: 730, Schema.ORGANIZATION: 273}
    assert max(e.listed_on or "" for e in entities.values()) == "2026-02-24"


def test_list_data(un_file: Path) -> None:
    data = un_xml.read([un_file], None)
    assert data.source == "un"
    assert data.format == "un-xml"
    assert data.published == date(2026, 2, 27)
    assert data.files == (un_file,)
    assert un_xml.read([un_file], "un-test").source == "un-test"


def test_ids_are_reference_numbers(entities: dict[str, Entity]) -> None:
    first = entities["QDi.001"]
    assert first.id == "un:QDi.001"
    assert first.caption == "MOHAMMED SALAHALDIN ABD EL HALIM ZIDANE"
    assert all(e.source == "un" for e in entities.values())


def test_original_script_name_and_low_alias(entities: dict[str, Entity]) -> None:
    saddam = entities["IQi.001"]
    assert saddam.names == (
        Name("SADDAM HUSSEIN AL-TIKRITI"),
        Name("صدام حسين التكريتي", NameKind.PRIMARY, original_script=True),
        Name("Abu Ali", NameKind.AKA, Strength.WEAK),
    )
    assert saddam.dates == (EventDate("1937-04-28"),)
    assert saddam.places_of_birth == ("al-Awja, near Tikrit, Iraq",)
    assert saddam.countries == (
        Country("iq", CountryRole.BIRTH, "Iraq"),
        Country("iq", CountryRole.NATIONALITY, "Iraq"),
    )
    assert saddam.programs == ("Iraq",)
    assert saddam.listed_on == "2003-06-27"


def test_several_dates_of_birth_and_weak_aliases(entities: dict[str, Entity]) -> None:
    person = entities["QDi.001"]
    assert person.dates == (EventDate("1963-04-11"), EventDate("1960-04-11"))
    weak = [n.value for n in person.names if n.strength is Strength.WEAK]
    strong_akas = [n.value for n in person.names if n.kind is NameKind.AKA and n.strength is Strength.STRONG]
    assert weak == ["Ibrahim al-Madani", "Saif Al-'Adil", "Seif al Adel"]
    assert strong_akas == ["Sayf-Al Adl", "Muhamad Ibrahim Makkawi"]
    assert person.places_of_birth == ("Monufia Governate, Egypt",)
    assert "Alias Sayf-Al Adl: DOB: 11 Apr. 1963. POB: Monufia Governorate, Egypt. Nationality: Egypt. " in (
        person.remarks[1] + " "
    )
    # Ten dates of birth, years, months and a day: "EXACT" with a NOTE such as "August 1961".
    kony = entities["CFi.009"]
    assert [d.start for d in kony.dates] == [
        "1959",
        "1960",
        "1961",
        "1963",
        "1964-09-18",
        "1965",
        "1961-08",
        "1961-07",
        "1961-01-01",
        "1963-04",
    ]
    assert kony.dates[6] == EventDate("1961-08", text="August 1961")


def test_date_ranges(entities: dict[str, Entity]) -> None:
    assert entities["CDi.030"].dates == (EventDate("1973", "1974"),)
    # BETWEEN with NOTE "Approximately": a circa range, and the note is not kept as a remark.
    assert entities["TAi.002"].dates == (EventDate("1955", "1958", circa=True), EventDate("1945", "1950", circa=True))
    assert not [r for r in entities["TAi.002"].remarks if r.startswith("Date of birth")]


def test_entity_with_aliases_and_addresses(entities: dict[str, Entity]) -> None:
    aqim = entities["QDe.014"]
    assert aqim.schema is Schema.ORGANIZATION
    assert [(n.value, n.kind) for n in aqim.names] == [
        ("THE ORGANIZATION OF AL-QAIDA IN THE ISLAMIC MAGHREB", NameKind.PRIMARY),
        ("تنظيم القا عدة ببلاد المغرب الاسلامي", NameKind.PRIMARY),
        ("AQIM", NameKind.AKA),
        ("Al Qaïda au Maghreb islamique (AQMI)", NameKind.AKA),
        ("Le Groupe Salafiste pour La Prédication et le Combat (GSPC)", NameKind.FKA),
        ("Salafist Group For Call and Combat", NameKind.FKA),
    ]
    assert [a.country for a in aqim.addresses] == ["dz", "ml", "mr", "ma", "ne", "tn"]
    assert aqim.relations == (
        Relation(
            RelationKind.ASSOCIATED_WITH,
            "ABDELMALEK DROUKDEL",
            "un:QDi.232",
            "Headed by Abdelmalek Droukdel (QDi.232).",
        ),
    )
    ryonbong = entities["KPe.002"]
    assert ryonbong.addresses[1] == Address(
        full="Rakwon-dong, Pothonggang District, Pyongyang, Democratic People's Republic of Korea",
        street="Rakwon-dong, Pothonggang District",
        city="Pyongyang",
        country="kp",
        country_name="Democratic People's Republic of Korea",
    )


def test_relations_from_comments(entities: dict[str, Entity]) -> None:
    kony = entities["CFi.009"]
    assert [(r.kind, r.target_id, r.target_name) for r in kony.relations] == [
        (RelationKind.ASSOCIATED_WITH, "un:CFe.002", "LORD’S RESISTANCE ARMY")
    ]
    son = entities["TAi.144"]
    assert (RelationKind.FAMILY, "un:TAi.040") in [(r.kind, r.target_id) for r in son.relations]
    owned = entities["TAe.013"]
    assert owned.relations[0].kind is RelationKind.OWNED_BY
    assert owned.relations[0].target_id == "un:TAi.165"
    total = sum(len(e.relations) for e in entities.values())
    assert total == 513
    # Every relation names a reference number of this list; never the entry itself.
    assert all(r.target_id != e.id for e in entities.values() for r in e.relations)


def test_documents(entities: dict[str, Entity]) -> None:
    car = entities["CFi.006"]
    assert Identifier(IdType.PASSPORT, "D00000898", None, "Passport") in car.identifiers
    assert "Passport CAR diplomatic passport no. D00000898: issued 2013-04-11; valid until 10 April 2018" in car.remarks
    counts = Counter(i.type for e in entities.values() for i in e.identifiers)
    assert counts[IdType.PASSPORT] == 315
    assert counts[IdType.NATIONAL_ID] == 126  # "alien registration number" is no ration card
    assert entities["KPe.066"].identifiers == (Identifier(IdType.IMO, "5434358", label="IMO number"),)


def test_attributes_and_placeholders(entities: dict[str, Entity]) -> None:
    badege = entities["CDi.001"]
    assert badege.attribute("gender") == "male"
    assert badege.addresses == (Address(full="Rwanda", country="rw", country_name="Rwanda"),)
    assert "Address Rwanda: as of early 2016" in badege.remarks
    assert entities["TAi.153"].caption == "FAIZULLAH KHAN NOORZAI"  # FOURTH_NAME "na" dropped


# --- sniffing ----------------------------------------------------------------


def test_sniff_claims_only_the_un_file(lists_dir: Path, un_file: Path) -> None:
    claimed = [p for p in sorted(lists_dir.rglob("*")) if p.is_file() and un_xml.sniff(p, head_bytes(p))]
    assert claimed == [un_file]


def test_sniff_garbage(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    assert not un_xml.sniff(path, b"\x00\xff\xfe garbage <<<")
    assert not un_xml.sniff(path, b"")
    assert not un_xml.sniff(path, b'<?xml version="1.0"?><sdnList><CONSOLIDATED_LIST/></sdnList>')


# --- bad input ---------------------------------------------------------------

_RECORD = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-01-02T00:00:00Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>1</DATAID>
      <FIRST_NAME>JOHN</FIRST_NAME>
      <REFERENCE_NUMBER>QDi.999</REFERENCE_NUMBER>
    </INDIVIDUAL>
    <INDIVIDUAL>
      <DATAID>2</DATAID>
      <FIRST_NAME>NOREF</FIRST_NAME>
    </INDIVIDUAL>
  </INDIVIDUALS>
</CONSOLIDATED_LIST>
"""


def test_missing_reference_number(tmp_path: Path) -> None:
    path = tmp_path / "noref.xml"
    path.write_text(_RECORD, encoding="utf-8")
    data = un_xml.read([path], None)
    assert data.published == date(2026, 1, 2)
    with pytest.raises(ParseError) as err:
        list(data.entities)
    assert err.value.line == 9
    assert err.value.element == "INDIVIDUAL"
    assert str(path) in str(err.value)
    assert "REFERENCE_NUMBER" in str(err.value)


def test_truncated_file(tmp_path: Path, un_file: Path) -> None:
    path = tmp_path / "truncated.xml"
    path.write_bytes(un_file.read_bytes()[:200_000])
    with pytest.raises(ParseError) as err:
        _read(path)
    assert err.value.line is not None and err.value.line > 4000
    assert str(path) in str(err.value)


def test_malformed_element(tmp_path: Path) -> None:
    path = tmp_path / "broken.xml"
    path.write_text(_RECORD.replace("<FIRST_NAME>JOHN</FIRST_NAME>", "<FIRST_NAME>JOHN</FIRST>"), encoding="utf-8")
    with pytest.raises(ParseError) as err:
        _read(path)
    assert err.value.line == 6
    assert "line 6" in str(err.value)


def test_entity_bomb_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n'
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&lol2;</FIRST_NAME>"
        "<REFERENCE_NUMBER>QDi.1</REFERENCE_NUMBER></INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>\n",
        encoding="utf-8",
    )
    with pytest.raises(UnsafeInputError) as err:
        un_xml.read([path], None)
    assert err.value.line == 2
    assert str(path) in str(err.value)


def test_wrong_root(tmp_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    path.write_text('<?xml version="1.0"?>\n<sdnList><sdnEntry/></sdnList>\n', encoding="utf-8")
    with pytest.raises(ParseError) as err:
        un_xml.read([path], None)
    assert err.value.line == 2
    assert "sdnList" in str(err.value)


def test_wrong_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin1.xml"
    path.write_bytes(_RECORD.replace("JOHN", "JOS\xc9").encode("latin-1"))
    with pytest.raises(ParseError) as err:
        _read(path)
    assert err.value.line == 6
    assert str(path) in str(err.value)


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "garbage.xml"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ParseError) as err:
        un_xml.read([path], None)
    assert str(path) in str(err.value)
