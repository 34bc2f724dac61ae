"""OFAC classic XML (``sdnList.xsd``): ``SDN.XML`` and ``CONSOLIDATED.XML``.

Both files share one schema (root ``sdnList``; namespace ``http://tempuri.org/sdnList.xsd``
until 2024, the Sanctions List Service's ``.../exports/XML`` since). ``publshInformation``
states the publication date (MM/DD/YYYY) and ``Record_Count``, which must equal the
number of ``sdnEntry`` elements. Each entry carries its facts in typed lists; the
``idList`` is a catch-all whose ``idType`` says what the value is (a passport, a
website, the gender, an incorporation date...). The free-text ``remarks`` are read
with :mod:`proscreen.sources.ofac_remarks`, the same reader as the CSV's.

The two lists cannot be told apart by content: a file whose name starts with "sdn"
is the SDN list, "cons..."/"...consolidated..." the non-SDN list.

This module also holds the OFAC vocabulary shared with :mod:`ofac_advanced`: what an
``idType``/feature label means (:func:`apply_label`), dates, names and sniffing helpers.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

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
    Schema,
    Strength,
)
from proscreen.names.countries import country_code
from proscreen.sources.base import ListData, ListFormat, iter_xml, local, xml_error
from proscreen.sources.dates import parse_event_date, parse_iso_day, parse_partial
from proscreen.sources.ofac_remarks import RemarkFacts, parse_remarks

SDN, NONSDN = "ofac-sdn", "ofac-nonsdn"
ROOT = "sdnList"
_EXPORTS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"

SCHEMAS = {
    "individual": Schema.PERSON,
    "entity": Schema.ORGANIZATION,
    "vessel": Schema.VESSEL,
    "aircraft": Schema.AIRCRAFT,
}
ALIAS_KINDS = {"a.k.a.": NameKind.AKA, "f.k.a.": NameKind.FKA, "n.k.a.": NameKind.NKA}
_ROOT_TAG = re.compile(rb"<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)([^<>]*)")
_LINKED = re.compile(r"\(\s*(Linked To:\s*(?:[^()]|\([^()]*\))*?)\s*\)")
_IMO = re.compile(r"IMO\s*(\d{7})", re.I)
_SLUG = re.compile(r"[^a-z0-9]+")
_PARENS = re.compile(r"\(([^()]*)\)")
# Labels the lists never made an identifier of, but that read like one ("... No.", "... Code").
_ID_LIKE = re.compile(r"(?:\b(?:no|number|num|id|code|ticker|isin|locode)\b|#)", re.I)
_EO = re.compile(r"executive order \d+")


# --- what a label means ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Spec:
    """What a value labelled e.g. "Passport" or "Gender" is, and where it goes in the model."""

    kind: str  # "id" | "attr" | "attr_date" | "dated" | "date" | "pob" | "country"
    id_type: IdType = IdType.OTHER
    key: str = ""
    role: CountryRole = CountryRole.OTHER
    date_kind: DateKind = DateKind.BIRTH


# The same choices as the CSV remarks reader (ofac_remarks), for labels as idList/features write them.
_ID_LABELS = {
    IdType.PASSPORT: "passport|passport no.|diplomatic passport|british national overseas passport|"
    "stateless person passport|travel document number",
    IdType.NATIONAL_ID: "national id no.|cedula no.|d.n.i.|c.u.r.p.|c.u.r.p|c.u.r.p. #|c.u.i.|c.u.i.p.|i.f.e.|n.i.e.|"
    "credencial electoral|electoral registry no.|personal id card|ssn|residency number|national foreign id number|"
    "birth certificate number|citizen's card number|kenyan id no.|turkish identification number|numero de identidad|"
    "tazkira national id card|uae identification|refugee id card|italian fiscal code|stateless person id card|"
    "bosnian personal id no.|moroccan personal id no.|cnp (personal numerical code)|romanian permanent resident",
    IdType.TAX_ID: "tax id no.|nit #|ruc #|rif #|r.f.c.|rfc|v.a.t. number|us fein|c.u.i.t.|c.i.f.|n.i.f.|rtn|"
    "fiscal code|paraguayan tax identification number|romanian tax registration|"
    "numero unico de identificacao tributaria (nuit)",
    IdType.REGISTRATION: "registration number|registration id|business registration number|"
    "business registration document #|commercial registry number|company number|uk company number|c.r. no.|"
    "romanian c.r.|trade license no.|license|chamber of commerce number|istanbul chamber of comm. no.|"
    "dubai chamber of commerce membership no.|folio mercantil no.|matricula mercantil no|government gazette number|"
    "economic register number (cbls)|central registration system number|public registration number|business number|"
    "enterprise number|branch unit number|certificate of incorporation number|registered charity no.|le number|"
    "organization code|permit number|file number|company id|vessel registration identification|"
    "msb registration number|rsin|chinese commercial code|serial no.|trademark number|military registration number",
    IdType.IMO: "imo",
    IdType.MMSI: "mmsi",
    IdType.CALL_SIGN: "call sign|vessel call sign|other vessel call sign",
    IdType.LEI: "legal entity number",
    IdType.USCC: "unified social credit code (uscc)|united social credit code certificate (usccc)",
    IdType.SWIFT_BIC: "swift/bic",
    IdType.WEBSITE: "website",
    IdType.EMAIL: "email address|email",
    IdType.PHONE: "phone number|telephone|telephone no.|telephone number|phone|fax|fax no.",
    IdType.AIRCRAFT_SERIAL: "aircraft manufacturer's serial number (msn)|aircraft serial identification|"
    "aircraft construction number (also called l/n or s/n or f/n)",
    IdType.AIRCRAFT_TAIL: "aircraft tail number|previous aircraft tail number",
    IdType.OTHER: "identification number|isin|equity ticker|bik (ru)|d-u-n-s number|driver's license no.|"
    "cartilla de servicio militar nacional|visanumberid|sre permit no.|sre permit no|immigration no.|"
    "pilot license number|aircraft mode s transponder code|afghan money service provider license number|interpol|"
    "micex code|un/locode|seafarer's identification document|tarjeta profesional|"
    "public security and immigration no.|tourism license no.",
}
_SPECS: dict[str, Spec] = {
    label: Spec("id", id_type=id_type) for id_type, labels in _ID_LABELS.items() for label in labels.split("|")
}
_SPECS.update(
    {
        # Other labels ("Gender", "Target Type", "Vessel Owner"...) are attributes named after them.
        "vessel gross registered tonnage": Spec("attr", key="vessel_grt"),
        "transactions prohibited for persons owned or controlled by u.s. financial institutions": Spec(
            "attr", key="transactions_prohibited"
        ),
        "aircraft manufacture date": Spec("attr_date", key="aircraft_manufacture_date"),
        "vessel year of build": Spec("attr_date", key="vessel_year_of_build"),
        "dob": Spec("date", date_kind=DateKind.BIRTH),
        "birthdate": Spec("date", date_kind=DateKind.BIRTH),
        "organization established date": Spec("date", date_kind=DateKind.INCORPORATION),
        "pob": Spec("pob"),
        "place of birth": Spec("pob"),
        "nationality": Spec("country", role=CountryRole.NATIONALITY),
        "nationality country": Spec("country", role=CountryRole.NATIONALITY),
        "citizen": Spec("country", role=CountryRole.CITIZENSHIP),
        "citizenship country": Spec("country", role=CountryRole.CITIZENSHIP),
        "nationality of registration": Spec("country", role=CountryRole.REGISTRATION),
        "registration country": Spec("country", role=CountryRole.REGISTRATION),
        "vessel flag": Spec("country", role=CountryRole.REGISTRATION, key="vessel_flag"),
    }
)
_DATED = {"listing date": "listing_date", "effective date": "effective_date"}


@lru_cache(maxsize=4096)
def normal_label(label: str) -> str:
    """ "Executive Order 13662 Directive Determination -" -> "executive order 13662 directive determination"."""
    return " ".join(label.replace("’", "'").split()).rstrip(" :-").lower()


def slug(label: str) -> str:
    return _SLUG.sub("_", normal_label(label)).strip("_")


@lru_cache(maxsize=4096)
def label_spec(label: str) -> Spec:
    """How a value with this label is stored; labels nobody listed become identifiers or attributes."""
    key = normal_label(label)
    spec = _SPECS.get(key)
    if spec is not None:
        return spec
    if key.startswith("digital currency address"):
        return Spec("id", id_type=IdType.CRYPTO)
    head = _PARENS.sub("", key).strip()
    if head in _DATED:
        return Spec("dated", key=_DATED[head])
    if head == "purchase/sales for divestment date":
        return Spec("dated", key="purchase_sales_for_divestment_date")
    if _ID_LIKE.search(key) and not _EO.match(key):
        return Spec("id")
    return Spec("attr", key=slug(label))


def make_identifier(label: str, value: str, id_type: IdType, country: str | None, person: bool) -> Identifier:
    """An identifier as OFAC labels it; "IMO 1234567" is an IMO number whatever the label says."""
    label = " ".join(label.split()).rstrip(" :-")
    imo = _IMO.fullmatch(value)
    if imo is not None:
        return Identifier(IdType.IMO, imo.group(1), country=country, label=label)
    if id_type is IdType.OTHER and normal_label(label) == "identification number":
        id_type = IdType.NATIONAL_ID if person else IdType.REGISTRATION
    return Identifier(id_type, value, country=country, label=label)


def apply_label(facts: RemarkFacts, label: str, value: str, country: str | None = None, person: bool = False) -> None:
    """Add one labelled value (an ``idList`` entry, an advanced-XML feature) to ``facts``.

    ``country`` is the issuing country's ISO code when the list gives one.
    """
    spec = label_spec(label)
    if spec.kind == "id":
        facts.identifiers.append(make_identifier(label, value, spec.id_type, country, person))
    elif spec.kind == "attr":
        facts.attributes.append((spec.key, value))
    elif spec.kind == "attr_date":
        facts.attributes.append((spec.key, parse_partial(value) or value))
    elif spec.kind == "country":
        add_country(facts, value, spec.role)
        if spec.key:
            facts.attributes.append((spec.key, value))
    elif spec.kind == "pob":
        add_birth_place(facts, value)
    elif spec.kind == "date":
        event = event_date(value, spec.date_kind)
        if event is None:
            facts.remarks.append(f"{label.strip()} {value}")
        else:
            facts.dates.append(event)
    else:  # "dated": "Listing Date (EO 14024 Directive 2):" + "24 Feb 2022"
        day = parse_iso_day(value)
        qualifier = _PARENS.search(label)
        text = day or value
        facts.attributes.append((spec.key, f"{text} ({qualifier.group(1)})" if qualifier else text))
        if day and spec.key == "listing_date":
            facts.listing_dates.append(day)


def add_country(facts: RemarkFacts, name: str, role: CountryRole, code: str | None = None) -> None:
    if name.lower() in ("none identified", "unknown"):
        return
    facts.countries.append(
        Country(code=code or country_code(name.removeprefix("Region:").strip()), role=role, name=name)
    )


def add_birth_place(facts: RemarkFacts, place: str) -> None:
    facts.places_of_birth.append(place)
    last = place.rsplit(",", 1)[-1].strip()
    code = country_code(last)
    if code:
        facts.countries.append(Country(code=code, role=CountryRole.BIRTH, name=last))


# --- dates and names ------------------------------------------------------------------


def collapse(start: str, end: str | None) -> tuple[str, str | None]:
    """OFAC writes "1962" as 01 Jan 1962 to 31 Dec 1962: give such ranges their real precision."""
    if end is None or start == end:
        return start, None
    if len(start) == 10 and len(end) == 10:
        if start.endswith("-01-01") and end.endswith("-12-31"):
            return (start[:4], None) if start[:4] == end[:4] else (start[:4], end[:4])
        if start.endswith("-01") and start[:7] == end[:7] and parse_partial(f"{end[:8]}{int(end[8:]) + 1}") is None:
            return start[:7], None
    return start, end


def event_date(text: str, kind: DateKind) -> EventDate | None:
    event = parse_event_date(text, kind=kind)
    if event is None:
        return None
    start, end = collapse(event.start, event.end)
    return dataclasses.replace(event, start=start, end=end)


def person_name(last: str, first: str) -> str:
    """OFAC's caption: "LASTNAME, First Names" (as the CSV writes it)."""
    if last and first:
        return f"{last}, {first}"
    return last or first


def name_key(name: str) -> str:
    return " ".join(name.casefold().rstrip(".").split())


def resolve_relations(entities: list[Entity], source: str) -> Iterator[Entity]:
    """Fill ``target_id`` of "Linked To" relations whose target is the primary name of exactly one entity."""
    index: dict[str, str | None] = {}
    for entity in entities:
        key = name_key(entity.caption)
        index[key] = None if key in index else entity.source_id
    for entity in entities:
        if any(r.target_id is None for r in entity.relations):
            relations = tuple(
                r if r.target_id else dataclasses.replace(r, target_id=_target(source, r.target_name, index))
                for r in entity.relations
            )
            entity = dataclasses.replace(entity, relations=relations)
        yield entity


def _target(source: str, name: str, index: dict[str, str | None]) -> str | None:
    found = index.get(name_key(name))
    return f"{source}:{found}" if found else None


def parse_remark_text(text: str, person: bool) -> RemarkFacts:
    """The XML writes "(Linked To: X)"; the remarks reader knows the CSV's "Linked To: X"."""
    return parse_remarks(_LINKED.sub(r"\1", text), person=person)


def merge(facts: RemarkFacts, more: RemarkFacts) -> None:
    for field in dataclasses.fields(RemarkFacts):
        getattr(facts, field.name).extend(getattr(more, field.name))


def unique(items: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(items) if len(items) < 2 else tuple(dict.fromkeys(items))


# --- recognising files ---------------------------------------------------------------


def xml_root(head: bytes) -> tuple[str, bytes] | None:
    """The root element's local name and the rest of its start tag, read from the first bytes."""
    data = head.removeprefix(b"\xef\xbb\xbf")
    pos = 0
    while True:
        start = data.find(b"<", pos)
        if start < 0 or data[pos:start].strip():
            return None  # not XML: text before the first tag
        if data.startswith((b"<?", b"<!"), start):
            close = b"-->" if data.startswith(b"<!--", start) else b">"
            end = data.find(close, start)
            if end < 0:
                return None
            pos = end + len(close)
            continue
        match = _ROOT_TAG.match(data, start)
        if match is None:
            return None
        return match.group(2).decode("ascii"), match.group(3)


def source_from_name(path: Path) -> str | None:
    name = path.name.lower()
    if name.startswith("sdn"):
        return SDN
    if name.startswith("cons") or "consolidated" in name:
        return NONSDN
    return None


def check_root(path: Path, expected: str) -> None:
    """Parse up to the root element: refuse a DOCTYPE (also one beyond check_xml_prolog's look) and any other root."""
    for _, element in iter_xml(path, events=("start",)):
        if element.getroottree().docinfo.doctype:
            raise UnsafeInputError(path, "XML with a DOCTYPE is refused", line=1)
        tag = local(element.tag)
        if tag != expected:
            raise ParseError(path, f"root element is {tag}, not {expected}", line=element.sourceline, element=tag)
        return
    raise ParseError(path, "no XML element found (empty file)", line=1)


def clear(element: Any) -> None:
    """Free a processed element and its processed siblings (iterparse keeps the tree otherwise)."""
    element.clear()
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def text(element: Any) -> str:
    value = (element.text or "").strip()
    return "" if value == "-0-" else value


_LOCAL: dict[Any, str] = {}


def tag_name(tag: Any) -> str:
    """The local name of a tag ("" for comments and processing instructions), cached: lxml is slow at this."""
    name = _LOCAL.get(tag)
    if name is None:
        name = local(tag) if isinstance(tag, str) else ""
        if len(_LOCAL) < 4096:
            _LOCAL[tag] = name
    return name


def fields(element: Any) -> dict[str, str]:
    """Child elements' texts by local name (the first of each)."""
    out: dict[str, str] = {}
    get = _LOCAL.get
    for child in element:
        tag = child.tag
        name = get(tag) or tag_name(tag)
        if name and name not in out:
            value = (child.text or "").strip()
            out[name] = "" if value == "-0-" else value
    return out


def children(element: Any) -> list[tuple[str, Any]]:
    get = _LOCAL.get
    return [(name, child) for child in element if (name := get(child.tag) or tag_name(child.tag))]


# --- the classic format ----------------------------------------------------------------


def sniff(path: Path, head: bytes) -> bool:
    try:
        root = xml_root(head)
    except Exception:  # sniffing must never raise on garbage
        return False
    return root is not None and root[0] == ROOT


@dataclass(frozen=True)
class _Header:
    published: date | None = None
    count: int | None = None
    line: int | None = None


def read(files: Sequence[Path], source_override: str | None = None) -> ListData:
    if len(files) != 1:
        raise ParseError(files[0] if files else "<none>", "the OFAC classic XML is one file; give one at a time")
    path = files[0]
    check_root(path, ROOT)
    header = _header(path)
    source = source_override or source_from_name(path) or SDN
    return ListData(
        source=source,
        format=FORMAT.name,
        files=(path,),
        entities=_Entities(path, source, header),
        published=header.published,
    )


def _header(path: Path) -> _Header:
    for _, element in iter_xml(path, tags=("{*}publshInformation", "{*}sdnEntry")):
        if local(element.tag) != "publshInformation":
            return _Header()
        info = fields(element)
        published = count = None
        if info.get("Publish_Date"):
            day = parse_iso_day(info["Publish_Date"], day_first=False)
            if day is None:
                raise xml_error(path, element, f"Publish_Date is not a date: {info['Publish_Date']!r}")
            published = date.fromisoformat(day)
        if info.get("Record_Count"):
            if not info["Record_Count"].isdigit():
                raise xml_error(path, element, f"Record_Count is not a number: {info['Record_Count']!r}")
            count = int(info["Record_Count"])
        return _Header(published, count, element.sourceline)
    return _Header()


class _Entities:
    """The file's entities; read on each iteration (relations are resolved once all are read)."""

    def __init__(self, path: Path, source: str, header: _Header):
        self.path, self.source, self.header = path, source, header

    def __iter__(self) -> Iterator[Entity]:
        entities: list[Entity] = []
        seen: set[str] = set()
        for _, element in iter_xml(self.path, tags=("{*}sdnEntry",)):
            entity = _entry(self.path, element, self.source)
            if entity.source_id in seen:
                raise xml_error(self.path, element, f"uid {entity.source_id} appears twice")
            seen.add(entity.source_id)
            entities.append(entity)
            clear(element)
        expected = self.header.count
        if expected is not None and expected != len(entities):
            raise ParseError(
                self.path,
                f"Record_Count says {expected} entries but the file has {len(entities)} sdnEntry elements "
                "(truncated or inconsistent file)",
                line=self.header.line,
                element="Record_Count",
            )
        yield from resolve_relations(entities, self.source)


_SIMPLE = ("uid", "firstName", "lastName", "sdnType", "title", "remarks")
# List element -> the child element holding the value.
_ITEM_LISTS = {
    "nationalityList": "country",
    "citizenshipList": "country",
    "dateOfBirthList": "dateOfBirth",
    "placeOfBirthList": "placeOfBirth",
}
_COUNTRY_ROLES = {"nationalityList": CountryRole.NATIONALITY, "citizenshipList": CountryRole.CITIZENSHIP}


def _entry(path: Path, element: Any, source: str) -> Entity:
    info: dict[str, str] = {}
    groups: list[tuple[str, Any]] = []
    for name, child in children(element):
        if name in _SIMPLE or len(child) == 0:
            info.setdefault(name, text(child))
        else:
            groups.append((name, child))
    uid, sdn_type = info.pop("uid", ""), info.pop("sdnType", "")
    if not uid:
        raise xml_error(path, element, "sdnEntry without a uid")
    schema = SCHEMAS.get(sdn_type.lower())
    if schema is None:
        raise xml_error(path, element, f"uid {uid}: unknown sdnType {sdn_type!r}")
    caption = person_name(info.pop("lastName", ""), info.pop("firstName", ""))
    if not caption:
        raise xml_error(path, element, f"uid {uid} has no lastName")
    person = schema is Schema.PERSON
    facts = RemarkFacts()
    if title := info.pop("title", ""):
        facts.attributes.append(("title", title))
    if remarks := info.pop("remarks", ""):
        merge(facts, parse_remark_text(remarks, person))
    # Elements this parser does not know: their text is kept.
    facts.remarks.extend(f"{name}: {value}" for name, value in info.items() if value)
    names = [Name(caption)]
    addresses: list[Address] = []
    programs: list[str] = []
    identifiers: list[Identifier] = []
    for tag, child in groups:
        items = [item for _, item in children(child)]
        if tag == "programList":
            programs.extend(value for item in items if (value := text(item)))
        elif tag == "idList":
            for item in items:
                _id(path, item, facts, person)
        elif tag == "akaList":
            names.extend(_alias(path, item, uid) for item in items)
        elif tag == "addressList":
            addresses.extend(a for a in (_address(fields(item)) for item in items) if a is not None)
        elif tag in _ITEM_LISTS:
            for value in (fields(item).get(_ITEM_LISTS[tag], "") for item in items):
                if not value:
                    continue
                if tag == "dateOfBirthList":
                    apply_label(facts, "DOB", value)
                elif tag == "placeOfBirthList":
                    add_birth_place(facts, value)
                else:
                    add_country(facts, value, _COUNTRY_ROLES[tag])
        elif tag == "vesselInfo":
            identifiers.extend(_vessel(fields(child), facts))
        else:
            facts.remarks.append(f"{tag}: {' '.join(child.itertext()).strip()}")
    seen = {n.value.casefold() for n in names}
    names.extend(n for n in facts.names if n.value.casefold() not in seen)
    return Entity(
        source=source,
        source_id=uid,
        schema=schema,
        names=unique(names),
        addresses=unique(addresses),
        countries=unique(facts.countries),
        dates=unique(facts.dates),
        places_of_birth=unique(facts.places_of_birth),
        identifiers=unique(identifiers + facts.identifiers),
        programs=unique(programs),
        listed_on=min(facts.listing_dates) if facts.listing_dates else None,
        remarks=unique(facts.remarks),
        relations=unique(facts.relations),
        attributes=unique(facts.attributes),
    )


def _id(path: Path, element: Any, facts: RemarkFacts, person: bool) -> None:
    f = fields(element)
    label, value = f.get("idType", ""), f.get("idNumber", "")
    if not value:
        if label:
            facts.remarks.append(label)
        return
    if not label:
        raise xml_error(path, element, f"id {value!r} without an idType")
    country = f.get("idCountry") or None
    code = country_code(country) if country else None
    apply_label(facts, label, value, code, person)
    notes = [f"issued {f['issueDate']}"] if f.get("issueDate") else []
    notes += [f"expires {f['expirationDate']}"] if f.get("expirationDate") else []
    if notes:
        # An identifier has no issue/expiry fields: keep them as the CSV writes them.
        where = f" ({country})" if country else ""
        facts.remarks.append(f"{label.rstrip(' :-')} {value}{where} {' '.join(notes)}")


def _alias(path: Path, element: Any, uid: str) -> Name:
    f = fields(element)
    value = person_name(f.get("lastName", ""), f.get("firstName", ""))
    kind = ALIAS_KINDS.get(f.get("type", "a.k.a.").lower())
    if not value or kind is None:
        raise xml_error(path, element, f"uid {uid}: alias without a name or of unknown type {f.get('type')!r}")
    strength = Strength.WEAK if f.get("category", "").lower() == "weak" else Strength.STRONG
    return Name(value, kind=kind, strength=strength)


def format_address(
    street: str, city: str, region: str, postal: str, country: str, extra: Sequence[str] = ()
) -> Address | None:
    """An address with the CSV's full form: "street, city, state postal, country"."""
    locality = " ".join(x for x in (", ".join(x for x in (city, region) if x), postal) if x)
    full = ", ".join(x for x in (street, locality, *extra, country) if x)
    if not full:
        return None
    return Address(
        full=full,
        street=street or None,
        city=city or None,
        region=region or None,
        postal_code=postal or None,
        country=country_code(country.removeprefix("Region:").strip()) if country else None,
        country_name=country or None,
    )


def _address(f: dict[str, str]) -> Address | None:
    street = ", ".join(f[k] for k in ("address1", "address2", "address3") if f.get(k))
    extra = [f["region"]] if f.get("region") else []
    city, region, postal = f.get("city", ""), f.get("stateOrProvince", ""), f.get("postalCode", "")
    return format_address(street, city, region, postal, f.get("country", ""), extra)


def _vessel(f: dict[str, str], facts: RemarkFacts) -> list[Identifier]:
    if f.get("vesselFlag"):
        add_country(facts, f["vesselFlag"], CountryRole.REGISTRATION)
    keys = (
        ("vesselType", "vessel_type"),
        ("tonnage", "vessel_tonnage"),
        ("grossRegisteredTonnage", "vessel_grt"),
        ("vesselFlag", "vessel_flag"),
        ("vesselOwner", "vessel_owner"),
    )
    facts.attributes.extend((key, f[tag]) for tag, key in keys if f.get(tag))
    return [Identifier(IdType.CALL_SIGN, f["callSign"], label="Call Sign")] if f.get("callSign") else []


FORMAT = ListFormat(
    name="ofac-xml",
    title="OFAC classic XML (SDN.XML, CONSOLIDATED.XML; sdnList schema)",
    sniff=sniff,
    read=read,
    urls={SDN: {"SDN.XML": _EXPORTS + "SDN.XML"}, NONSDN: {"CONSOLIDATED.XML": _EXPORTS + "CONSOLIDATED.XML"}},
)

__all__ = ["FORMAT", "read", "sniff"]
