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
    DateKind,
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
from proscreen.sources import ofac_xml
from proscreen.sources.base import head_bytes

NITC_LINK = Relation(
    RelationKind.LINKED_TO,
    "NATIONAL IRANIAN TANKER COMPANY",
    "ofac-nonsdn:15117",
    "Linked To: NATIONAL IRANIAN TANKER COMPANY",
)
JCPOA = (
    "for_more_information_please_see",
    "https://www.treasury.gov/resource-center/sanctions/Programs/Documents/jcpoa_faqs.pdf",
)
NOT_ON_SDN = "Not on the SDN List and Not Subject to Secondary Sanctions; U.S. Persons Must Continue to Block"
SLS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML"


@pytest.fixture(scope="module")
def xml_path(lists_dir: Path) -> Path:
    return lists_dir / "ofac" / "non_sdn_xml_2018-04-06" / "consolidated.xml"


@pytest.fixture(scope="module")
def entities(xml_path: Path) -> dict[str, Entity]:
    data = ofac_xml.read([xml_path], None)
    assert (data.source, data.format, data.files) == ("ofac-nonsdn", "ofac-xml", (xml_path,))
    assert data.published == date(2018, 4, 6)
    return {e.source_id: e for e in data.entities}


def _write(tmp_path: Path, body: str, name: str = "SDN.XML", count: int | None = None, ns: str = SLS) -> Path:
    """A small classic XML file around ``body`` (sdnEntry elements)."""
    n = body.count("<sdnEntry>") if count is None else count
    path = tmp_path / name
    path.write_text(
        f'<?xml version="1.0" standalone="yes"?>\n<sdnList xmlns="{ns}">\n'
        f"<publshInformation><Publish_Date>12/19/2024</Publish_Date><Record_Count>{n}</Record_Count>"
        f"</publshInformation>\n{body}</sdnList>\n",
        encoding="utf-8",
    )
    return path


def _entry(uid: str, inner: str, sdn_type: str = "Entity", last: str = "ACME LTD", first: str = "") -> str:
    first = f"<firstName>{first}</firstName>" if first else ""
    return (
        f"<sdnEntry><uid>{uid}</uid>{first}<lastName>{last}</lastName><sdnType>{sdn_type}</sdnType>"
        f"<programList><program>NPWMD</program></programList>{inner}</sdnEntry>\n"
    )


def _read(path: Path, source: str | None = None) -> list[Entity]:
    return list(ofac_xml.read([path], source).entities)


# --- the real file -------------------------------------------------------------------


def test_counts(entities: dict[str, Entity]) -> None:
    assert len(entities) == 639
    assert Counter(e.schema for e in entities.values()) == {
        Schema.ORGANIZATION: 471,
        Schema.PERSON: 94,
        Schema.VESSEL: 74,
    }
    assert all(e.id == f"ofac-nonsdn:{e.source_id}" for e in entities.values())
    assert Counter(p for e in entities.values() for p in e.programs) == {
        "UKRAINE-EO13662": 290,
        "IRAN": 264,
        "NS-PLC": 78,
        "SYRIA": 7,
        "FSE-SY": 6,
        "SDGT": 1,
        "561List": 1,
    }
    names = Counter((n.kind, n.strength) for e in entities.values() for n in e.names)
    # 1,255 aka elements; uid 18769 lists the weak a.k.a. "VYSOKOTOCHNYE KOMPLEKSY" twice: kept once.
    assert names == {
        (NameKind.PRIMARY, Strength.STRONG): 639,
        (NameKind.AKA, Strength.STRONG): 1024,
        (NameKind.AKA, Strength.WEAK): 45 - 1,
        (NameKind.FKA, Strength.STRONG): 185,
        (NameKind.FKA, Strength.WEAK): 1,
    }
    assert sum(len(e.addresses) for e in entities.values()) == 711


def test_identifier_types(entities: dict[str, Entity]) -> None:
    found = Counter((i.type, i.label) for e in entities.values() for i in e.identifiers)
    assert found == {
        (IdType.REGISTRATION, "Registration ID"): 242,
        (IdType.WEBSITE, "Website"): 209,
        (IdType.TAX_ID, "Tax ID No."): 180,
        (IdType.REGISTRATION, "Government Gazette Number"): 151,
        (IdType.EMAIL, "Email Address"): 150,
        (IdType.IMO, "Vessel Registration Identification"): 74,
        (IdType.CALL_SIGN, "Call Sign"): 53,
        (IdType.SWIFT_BIC, "SWIFT/BIC"): 49,
        (IdType.MMSI, "MMSI"): 45,
        (IdType.PHONE, "Telephone"): 36,
        (IdType.PHONE, "Fax"): 26,
        (IdType.PASSPORT, "Passport"): 14,
        (IdType.REGISTRATION, "Public Registration Number"): 14,
        (IdType.REGISTRATION, "UK Company Number"): 9,
        (IdType.OTHER, "BIK (RU)"): 3,
        (IdType.REGISTRATION, "Business Registration Document #"): 1,
        (IdType.REGISTRATION, "Trade License No."): 1,
        (IdType.REGISTRATION, "Company Number"): 1,
        (IdType.PHONE, "Telephone Number"): 1,
        (IdType.REGISTRATION, "License"): 1,
        (IdType.REGISTRATION, "Commercial Registry Number"): 1,
        (IdType.TAX_ID, "V.A.T. Number"): 1,
    }
    attributes = Counter(k for e in entities.values() for k, _ in e.attributes)
    assert attributes == {
        "executive_order_13662_directive_determination": 309,
        "additional_sanctions_information": 264,
        "for_more_information_please_see": 264,
        "former_vessel_flag": 101,
        "vessel_flag": 74,
        "vessel_type": 73,
        "vessel_tonnage": 58,
        "vessel_grt": 58,
        "title": 12,
        "vessel_owner": 5,
    }


def test_vessel_with_imo_mmsi_call_sign_and_flag(entities: dict[str, Entity]) -> None:
    shona = entities["15036"]
    assert shona == Entity(
        source="ofac-nonsdn",
        source_id="15036",
        schema=Schema.VESSEL,
        names=(Name("SHONA"), Name("ABADAN", NameKind.FKA), Name("ALPHA", NameKind.FKA)),
        countries=(Country("tz", CountryRole.REGISTRATION, "Tanzania"),),
        identifiers=(
            Identifier(IdType.CALL_SIGN, "T2EU4", label="Call Sign"),
            Identifier(IdType.MMSI, "572469210", label="MMSI"),
            Identifier(IdType.IMO, "9187629", label="Vessel Registration Identification"),
        ),
        programs=("IRAN",),
        relations=(NITC_LINK,),
        attributes=(
            ("former_vessel_flag", "Malta"),
            ("former_vessel_flag", "Tuvalu"),
            ("former_vessel_flag", "None Identified"),
            JCPOA,
            (
                "additional_sanctions_information",
                f"{NOT_ON_SDN} this Property and Interests in this Property Pursuant to Executive Order 13599",
            ),
            ("vessel_type", "Crude/Oil Products Tanker"),
            ("vessel_tonnage", "99144"),
            ("vessel_grt", "56068"),
            ("vessel_flag", "Tanzania"),
        ),
    )
    atlantis = entities["15902"]
    assert atlantis.attribute("vessel_owner") == "NITC"
    assert Identifier(IdType.CALL_SIGN, "5IM316", label="Call Sign") in atlantis.identifiers
    # "Unknown" flag: no country, but the text is kept.
    assert entities["15727"].attribute("vessel_flag") == "Unknown"
    assert not entities["15727"].countries


def test_individual_with_passports_aliases_title(entities: dict[str, Entity]) -> None:
    person = entities["15961"]
    assert person.schema is Schema.PERSON
    assert person.names == (
        Name("JASHNSAZ, Seifollah"),
        Name("JASHNSAZ, Seyfollah", NameKind.AKA),
        Name("JASHN SAZ, Seifollah", NameKind.AKA),
    )
    assert person.dates == (EventDate("1958-03-22", text="22 Mar 1958"),)
    assert person.places_of_birth == ("Behbahan, Iran",)
    assert person.countries == (
        Country("ir", CountryRole.NATIONALITY, "Iran"),
        Country("ir", CountryRole.BIRTH, "Iran"),
    )
    assert person.identifiers == (
        Identifier(IdType.PASSPORT, "R17589399", "ir", "Passport"),
        Identifier(IdType.PASSPORT, "T23700825", "ir", "Passport"),
    )
    assert person.attribute("title") == (
        "Chairman & Director, Naftiran Intertrade Co. (NICO) Sarl; Chairman & Director, Naft Iran Intertrade "
        "Company Ltd.; Director, Hong Kong Intertrade Company"
    )
    assert person.remarks == (
        "Chairman of the Board of Directors, Iranian Oil Company (U.K.) Limited",
        "Chairman & Director, Petro Suisse Intertrade Company",
    )
    seyyedi = entities["16134"]
    assert seyyedi.countries == (Country("ir", CountryRole.CITIZENSHIP, "Iran"),)
    assert [i.value for i in seyyedi.identifiers] == ["L18507193", "X95321252", "B14354139"]


def test_dates_of_birth(entities: dict[str, Entity]) -> None:
    assert entities["15960"].dates == (EventDate("1953", "1954", DateKind.BIRTH, text="01 Jan 1953 to 31 Dec 1954"),)
    assert entities["9639"].dates == (EventDate("1962"),)
    assert entities["9639"].names[0] == Name("HANIYA, Ismail Abdul Salah")
    assert sum(len(e.dates) for e in entities.values()) == 87


def test_weak_alias(entities: dict[str, Entity]) -> None:
    assert entities["4637"].names == (
        Name("BANK OF INDUSTRY AND MINE (OF IRAN)"),
        Name("BANK SANAD VA MADAN", NameKind.AKA),
        Name("BIM", NameKind.AKA, Strength.WEAK),
    )


def test_linked_to_relations(entities: dict[str, Entity]) -> None:
    relations = [r for e in entities.values() for r in e.relations]
    assert len(relations) == 365
    assert all(r.target_id is not None and r.kind is RelationKind.LINKED_TO for r in relations)
    # Nested parentheses in the target's name.
    assert entities["11318"].relations == (
        Relation(
            RelationKind.LINKED_TO,
            "NIOC INTERNATIONAL AFFAIRS (LONDON) LIMITED",
            "ofac-nonsdn:11639",
            "Linked To: NIOC INTERNATIONAL AFFAIRS (LONDON) LIMITED",
        ),
    )
    assert entities["11318"].remarks == ("all offices worldwide",)


def test_phones_from_remarks(entities: dict[str, Entity]) -> None:
    nitc = entities["15117"]
    phones = [(i.label, i.value) for i in nitc.identifiers if i.type is IdType.PHONE]
    assert phones[0] == ("Telephone", "(98)(21)(66153220)")
    assert phones[-1] == ("Fax", "(98)(21)(22058763)")
    assert len(phones) == 12
    assert nitc.remarks == ()


def test_address_and_id_dates(entities: dict[str, Entity]) -> None:
    bank = entities["11208"]
    assert bank.addresses[3] == Address(
        full="No. 26, Tosee Tower, Arzhantine Square, P.O. Box 15875-5964, Tehran 15139, Iran",
        street="No. 26, Tosee Tower, Arzhantine Square, P.O. Box 15875-5964",
        city="Tehran",
        postal_code="15139",
        country="ir",
        country_name="Iran",
    )
    assert bank.identifiers == (Identifier(IdType.REGISTRATION, "86936", "ir", "Registration ID"),)
    # Identifiers have no issue/expiry fields: those dates stay as text.
    assert bank.remarks == ("all offices worldwide", "Registration ID 86936 (Iran) issued 10 Jul 1991")
    assert "Business Registration Document # 54514-1 (Bahrain) expires 09 Jun 2009" in entities["10664"].remarks
    assert all(a.country for e in entities.values() for a in e.addresses)
    assert not any("-0-" in str(e.to_dict()) for e in entities.values())


# --- vocabulary of the newer files (synthetic, in the Sanctions List Service namespace) ---


def test_newer_id_types(tmp_path: Path) -> None:
    ids = "".join(
        f"<id><uid>{n}</uid><idType>{t}</idType><idNumber>{v}</idNumber>{c}</id>"
        for n, (t, v, c) in enumerate(
            [
                ("Gender", "Male", ""),
                ("Organization Established Date", "09 Nov 1995", ""),
                ("Digital Currency Address - XBT", "1AjZPMsnmpdK2Rv9KQNfMurTXinscVro9V", ""),
                ("Identification Number", "IMO 5055293", ""),
                ("Identification Number", "A123", "<idCountry>Mexico</idCountry>"),
                ("Unified Social Credit Code (USCC)", "91110000100010433L", "<idCountry>China</idCountry>"),
                ("Legal Entity Number", "5493001KJTIIGC8Y1R12", ""),
                ("Nationality of Registration", "Panama", ""),
                ("Secondary sanctions risk:", "See Section 11 of Executive Order 13846.", ""),
                ("Listing Date (EO 14024 Directive 2):", "24 Feb 2022", ""),
                ("Aircraft Manufacture Date", "01 Dec 2003", ""),
                ("Chamber Membership Code", "X-1", ""),
                ("Some Brand New Note", "text", ""),
            ],
            start=1,
        )
    )
    path = _write(tmp_path, _entry("52051", f"<idList>{ids}</idList><newThing>kept</newThing>"))
    (entity,) = _read(path)
    assert entity.source == "ofac-sdn"  # SDN.XML
    assert entity.identifiers == (
        Identifier(IdType.CRYPTO, "1AjZPMsnmpdK2Rv9KQNfMurTXinscVro9V", label="Digital Currency Address - XBT"),
        Identifier(IdType.IMO, "5055293", label="Identification Number"),
        Identifier(IdType.REGISTRATION, "A123", "mx", "Identification Number"),
        Identifier(IdType.USCC, "91110000100010433L", "cn", "Unified Social Credit Code (USCC)"),
        Identifier(IdType.LEI, "5493001KJTIIGC8Y1R12", label="Legal Entity Number"),
        Identifier(IdType.OTHER, "X-1", label="Chamber Membership Code"),
    )
    assert entity.dates == (EventDate("1995-11-09", kind=DateKind.INCORPORATION, text="09 Nov 1995"),)
    assert entity.countries == (Country("pa", CountryRole.REGISTRATION, "Panama"),)
    assert entity.listed_on == "2022-02-24"
    assert entity.attributes == (
        ("gender", "Male"),
        ("secondary_sanctions_risk", "See Section 11 of Executive Order 13846."),
        ("listing_date", "2022-02-24 (EO 14024 Directive 2)"),
        ("aircraft_manufacture_date", "2003-12-01"),
        ("some_brand_new_note", "text"),
    )
    assert entity.remarks == ("newThing: kept",)


def test_person_identification_number_and_citizen(tmp_path: Path) -> None:
    inner = (
        "<idList><id><uid>1</uid><idType>Identification Number</idType><idNumber>123</idNumber></id></idList>"
        "<akaList><aka><uid>2</uid><type>n.k.a.</type><category>weak</category><lastName>DOE</lastName>"
        "<firstName>J.</firstName></aka></akaList>"
        "<addressList><address><uid>3</uid><city>Crimea</city><country>Ukraine</country>"
        "<region>Crimea</region></address></addressList>"
        "<dateOfBirthList><dateOfBirthItem><uid>4</uid><dateOfBirth>circa 1960</dateOfBirth></dateOfBirthItem>"
        "<dateOfBirthItem><uid>5</uid><dateOfBirth>sometime</dateOfBirth></dateOfBirthItem></dateOfBirthList>"
    )
    path = _write(tmp_path, _entry("7", inner, "Individual", "DOE", "John"), "cons.xml")
    (person,) = _read(path)
    assert person.source == "ofac-nonsdn"
    assert person.names == (Name("DOE, John"), Name("DOE, J.", NameKind.NKA, Strength.WEAK))
    assert person.identifiers == (Identifier(IdType.NATIONAL_ID, "123", label="Identification Number"),)
    assert person.addresses == (
        Address("Crimea, Crimea, Ukraine", city="Crimea", country="ua", country_name="Ukraine"),
    )
    assert person.dates == (EventDate("1960", circa=True, text="circa 1960"),)
    assert person.remarks == ("DOB sometime",)


# --- which list, recognising files --------------------------------------------------


def test_source_by_file_name_and_override(tmp_path: Path, xml_path: Path) -> None:
    body = _entry("1", "")
    for name, source in [
        ("SDN.XML", "ofac-sdn"),
        ("sdn.xml", "ofac-sdn"),
        ("CONSOLIDATED.XML", "ofac-nonsdn"),
        ("cons.xml", "ofac-nonsdn"),
        ("ofac_consolidated_2025.xml", "ofac-nonsdn"),
        ("list.xml", "ofac-sdn"),
    ]:
        assert ofac_xml.read([_write(tmp_path, body, name)], None).source == source
    data = ofac_xml.read([xml_path], "mine")
    assert data.source == "mine"
    assert next(iter(data.entities)).id.startswith("mine:")


def test_sniff_claims_only_classic_ofac_xml(lists_dir: Path) -> None:
    claimed = [p for p in sorted(lists_dir.rglob("*")) if p.is_file() and ofac_xml.sniff(p, head_bytes(p))]
    assert claimed == [lists_dir / "ofac" / "non_sdn_xml_2018-04-06" / "consolidated.xml"]


def test_sniff_garbage_and_other_xml(tmp_path: Path) -> None:
    for head in [b"", b"\x00\xff\xfe<", b"<", b"<?xml", b"<!-- x", bytes(range(256)), b"text <sdnList>"]:
        assert ofac_xml.sniff(tmp_path / "x.xml", head) is False
    assert ofac_xml.sniff(tmp_path / "x", b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- c -->\n<sdnList>') is True
    assert ofac_xml.sniff(tmp_path / "x", b'<?xml version="1.0"?><Sanctions xmlns="x">') is False


def test_urls() -> None:
    base = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
    assert ofac_xml.FORMAT.urls == {
        "ofac-sdn": {"SDN.XML": base + "SDN.XML"},
        "ofac-nonsdn": {"CONSOLIDATED.XML": base + "CONSOLIDATED.XML"},
    }
    assert ofac_xml.FORMAT.group([Path("a.xml"), Path("b.xml")]) == [[Path("a.xml")], [Path("b.xml")]]


# --- bad input ----------------------------------------------------------------------------


def _error(path: Path, exc: type[ParseError] = ParseError) -> ParseError:
    with pytest.raises(exc) as info:
        _read(path)
    assert path.name in str(info.value)
    return info.value


def test_truncated_file(tmp_path: Path, xml_path: Path) -> None:
    path = tmp_path / "consolidated.xml"
    data = xml_path.read_bytes()[:500_000]
    path.write_bytes(data)
    error = _error(path)
    assert error.line == data.count(b"\n") + 1 == 15191  # where the data ends
    assert "malformed XML: Premature end of data" in str(error) and "line 15191" in str(error)


def test_record_count_mismatch(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, _entry("1", "") + _entry("2", ""), count=3))
    assert error.element == "Record_Count" and error.line == 3
    assert "Record_Count says 3 entries but the file has 2 sdnEntry elements" in str(error)


def test_billion_laughs(tmp_path: Path) -> None:
    path = tmp_path / "SDN.XML"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
        ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
        "<sdnList><sdnEntry><uid>1</uid><lastName>&lol3;</lastName><sdnType>Entity</sdnType></sdnEntry></sdnList>"
    )
    assert _error(path, UnsafeInputError).line == 2


def test_external_entity(tmp_path: Path) -> None:
    path = tmp_path / "SDN.XML"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE sdnList [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
        "<sdnList><sdnEntry><uid>1</uid><lastName>&xxe;</lastName><sdnType>Entity</sdnType></sdnEntry></sdnList>"
    )
    _error(path, UnsafeInputError)


def test_doctype_after_a_long_comment(tmp_path: Path) -> None:
    # Beyond the first 64 KiB that check_xml_prolog reads: the parser's own check refuses it.
    path = tmp_path / "SDN.XML"
    path.write_text(
        f'<?xml version="1.0"?>\n<!-- {"x" * 70_000} -->\n<!DOCTYPE sdnList [<!ENTITY xxe SYSTEM '
        '"file:///etc/passwd">]>\n<sdnList><sdnEntry><uid>1</uid><lastName>&xxe;</lastName></sdnEntry></sdnList>'
    )
    _error(path, UnsafeInputError)


def test_wrong_root(lists_dir: Path) -> None:
    un = lists_dir / "un" / "consolidated.xml"
    with pytest.raises(ParseError, match="root element is CONSOLIDATED_LIST, not sdnList") as info:
        ofac_xml.read([un], None)
    assert info.value.line == 2 and info.value.element == "CONSOLIDATED_LIST"


def test_broken_entries(tmp_path: Path) -> None:
    cases = {
        "<sdnEntry><lastName>X</lastName><sdnType>Entity</sdnType></sdnEntry>\n": "sdnEntry without a uid",
        _entry("1", "", "Spaceship"): "uid 1: unknown sdnType 'Spaceship'",
        _entry("1", "", last=""): "uid 1 has no lastName",
        _entry("1", "") + _entry("1", ""): "uid 1 appears twice",
        _entry("1", "<idList><id><uid>2</uid><idNumber>9</idNumber></id></idList>"): "id '9' without an idType",
        _entry("1", "<akaList><aka><uid>2</uid><type>a.k.a.</type></aka></akaList>"): "alias without a name",
    }
    for body, message in cases.items():
        error = _error(_write(tmp_path, body))
        assert message in str(error)
        assert error.line is not None and error.element is not None


def test_bad_publish_date_and_count(tmp_path: Path) -> None:
    path = _write(tmp_path, _entry("1", ""))
    path.write_text(path.read_text().replace("12/19/2024", "31/31/2024"))
    with pytest.raises(ParseError, match="Publish_Date is not a date: '31/31/2024'"):
        ofac_xml.read([path], None)
    path.write_text(path.read_text().replace("31/31/2024", "12/19/2024").replace(">1<", ">one<"))
    with pytest.raises(ParseError, match="Record_Count is not a number"):
        ofac_xml.read([path], None)


def test_wrong_encoding_and_empty_file(tmp_path: Path) -> None:
    path = _write(tmp_path, _entry("1", "", last="CAFÉ"))
    path.write_bytes(path.read_bytes().replace("CAFÉ".encode(), "CAFÉ".encode("latin-1")))
    error = _error(path)
    assert error.line == 4 and "Invalid bytes in character encoding" in str(error)
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    with pytest.raises(ParseError, match=r"empty\.xml"):
        ofac_xml.read([empty], None)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "SDN.XML"
    path.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(ParseError, match=r"SDN\.XML, line 1"):
        ofac_xml.read([path], None)
