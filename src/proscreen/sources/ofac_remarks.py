"""OFAC's free-text Remarks -> structured facts.

The legacy CSV (and the classic XML's remarks) pack most of what OFAC knows
into one field: ``"DOB 22 Nov 1966; POB Itagui, Antioquia, Colombia; citizen
Colombia; Cedula No. 98520515 (Colombia); a.k.a. 'MATEO'."``. Segments are
separated by ``"; "``; each starts with a label (optionally after ``"alt. "``).
Known labels become names, dates, countries, identifiers, relations and
attributes; every other segment is kept verbatim in ``remarks``.

Names quoted in the remarks (``a.k.a. 'NDC'``) are the aliases OFAC calls
"low quality": they are returned as weak aliases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from proscreen.model import (
    Country,
    CountryRole,
    DateKind,
    EventDate,
    Identifier,
    IdType,
    Name,
    NameKind,
    Relation,
    RelationKind,
    Strength,
)
from proscreen.names.countries import country_code
from proscreen.sources.dates import parse_event_date, parse_iso_day, parse_partial

# --- what each label means ------------------------------------------------------

# A label means (kind, argument): ("id", IdType), ("attr", key), ("attr_date", key), ("date", DateKind),
# ("country", CountryRole), ("name", NameKind), ("dated", key), ("pob", None) or ("link", None).
_Spec = tuple[str, object]

_ID_LABELS: dict[IdType, tuple[str, ...]] = {
    IdType.PASSPORT: (
        "Passport",
        "Passport No.",
        "Passport Booklet",
        "Diplomatic Passport",
        "British National Overseas Passport",
        "Travel Document Number",
    ),
    IdType.NATIONAL_ID: (
        "National ID No.",
        "Cedula No.",
        "D.N.I.",
        "C.U.R.P.",
        "C.U.R.P. #",
        "C.U.I.",
        "C.U.I.P.",
        "I.F.E.",
        "Credencial electoral",
        "Electoral Registry No.",
        "Personal ID Card",
        "SSN",
        "Residency Number",
        "National Foreign ID Number",
        "Birth Certificate Number",
        "Citizen's Card Number",
        "Kenyan ID No.",
        "Turkish Identification Number",
        "Numero de Identidad",
        "Tazkira National ID Card",
        "UAE Identification",
        "Refugee ID Card",
        "Italian Fiscal Code",
    ),
    IdType.TAX_ID: (
        "Tax ID No.",
        "NIT #",
        "RUC #",
        "RIF #",
        "R.F.C.",
        "RFC",
        "V.A.T. Number",
        "US FEIN",
        "C.U.I.T.",
        "C.I.F.",
        "RTN",
        "Paraguayan tax identification number",
        "Numero Unico de Identificacao Tributaria (NUIT)",
    ),
    IdType.REGISTRATION: (
        "Registration Number",
        "Registration ID",
        "Business Registration Number",
        "Business Registration Document #",
        "Commercial Registry Number",
        "Company Number",
        "UK Company Number",
        "C.R. No.",
        "Romanian C.R.",
        "Trade License No.",
        "License",
        "Chamber of Commerce Number",
        "Istanbul Chamber of Comm. No.",
        "Dubai Chamber of Commerce Membership No.",
        "Folio Mercantil No.",
        "Matricula Mercantil No",
        "Government Gazette Number",
        "Economic Register Number (CBLS)",
        "Central Registration System Number",
        "Public Registration Number",
        "Business Number",
        "Enterprise Number",
        "Branch Unit Number",
        "Certificate of Incorporation Number",
        "Registered Charity No.",
        "LE Number",
        "Organization Code",
        "Permit Number",
        "File Number",
        "Company ID",
        "Vessel Registration Identification",
    ),
    IdType.IMO: ("IMO",),
    IdType.MMSI: ("MMSI",),
    IdType.CALL_SIGN: ("Other Vessel Call Sign",),
    IdType.LEI: ("Legal Entity Number",),
    IdType.USCC: ("Unified Social Credit Code (USCC)", "United Social Credit Code Certificate (USCCC)"),
    IdType.SWIFT_BIC: ("SWIFT/BIC",),
    IdType.WEBSITE: ("Website",),
    IdType.EMAIL: ("Email Address", "Email"),
    IdType.PHONE: ("Phone Number", "Telephone", "Telephone No.", "Telephone Number", "Phone", "Fax", "Fax No."),
    IdType.CRYPTO: ("Digital Currency Address",),
    IdType.AIRCRAFT_SERIAL: (
        "Aircraft Manufacturer's Serial Number (MSN)",
        "Aircraft Construction Number (also called L/N or S/N or F/N)",
        "Aircraft Serial Identification",
    ),
    IdType.AIRCRAFT_TAIL: ("Aircraft Tail Number", "Previous Aircraft Tail Number"),
    IdType.OTHER: (
        "Identification Number",  # national id for people, registration for others (see _identifier)
        "ISIN",
        "Equity Ticker",
        "BIK (RU)",
        "D-U-N-S Number",
        "Chinese Commercial Code",
        "Driver's License No.",
        "Cartilla de Servicio Militar Nacional",
        "VisaNumberID",
        "SRE Permit No.",
        "Immigration No.",
        "Pilot License Number",
        "Afghan Money Service Provider License Number",
        "Aircraft Mode S Transponder Code",
    ),
}

_ATTR_LABELS: dict[str, str] = {
    "Gender": "gender",
    "Target Type": "target_type",
    "Organization Type": "organization_type",
    "Aircraft Model": "aircraft_model",
    "Aircraft Operator": "aircraft_operator",
    "Former Vessel Flag": "former_vessel_flag",
    "Other Vessel Flag": "other_vessel_flag",
    "Other Vessel Type": "other_vessel_type",
    "Additional Sanctions Information": "additional_sanctions_information",
    "Secondary sanctions risk": "secondary_sanctions_risk",
    "Transactions Prohibited For Persons Owned or Controlled By U.S. Financial Institutions": (
        "transactions_prohibited"
    ),
    "CAATSA Section 235 Information": "caatsa_section_235_information",
    "IFCA Determination": "ifca_determination",
    "Issuer Name": "issuer_name",
    "Position": "position",
    "Occupation": "occupation",
    "Tribe": "tribe",
    "Subtribe": "subtribe",
    "ethnicity": "ethnicity",
}


def _specs() -> dict[str, _Spec]:
    specs: dict[str, _Spec] = {}
    for id_type, labels in _ID_LABELS.items():
        specs.update((label.lower(), ("id", id_type)) for label in labels)
    specs.update((label.lower(), ("attr", key)) for label, key in _ATTR_LABELS.items())
    specs.update(
        {
            "aircraft manufacture date": ("attr_date", "aircraft_manufacture_date"),
            "vessel year of build": ("attr_date", "vessel_year_of_build"),
            "dob": ("date", DateKind.BIRTH),
            "organization established date": ("date", DateKind.INCORPORATION),
            "pob": ("pob", None),
            "nationality": ("country", CountryRole.NATIONALITY),
            "citizen": ("country", CountryRole.CITIZENSHIP),
            "nationality of registration": ("country", CountryRole.REGISTRATION),
            "a.k.a.": ("name", NameKind.AKA),
            "f.k.a.": ("name", NameKind.FKA),
            "n.k.a.": ("name", NameKind.NKA),
            "linked to": ("link", None),
            "listing date": ("dated", "listing_date"),
            "effective date": ("dated", "effective_date"),
            "purchase/sales for divestment date": ("dated", "purchase_sales_for_divestment_date"),
        }
    )
    return specs


_SPECS = _specs()
# Labels by their first three letters, longest first so that "Passport Booklet" wins over "Passport".
_BY_PREFIX: dict[str, list[str]] = {}
for _spec_label in sorted(_SPECS, key=len, reverse=True):
    _BY_PREFIX.setdefault(_spec_label[:3], []).append(_spec_label)
_LONGEST = max(map(len, _SPECS)) + 1

# "Executive Order 13846 information: ...", "Executive Order 13662 Directive Determination - ..."
_EO_RE = re.compile(
    r"(?:alt\.\s+)?(Executive Order \d+ (?:Directive Determination|Directive Information|information))\s*[:\-]?\s*(.+)",
    re.IGNORECASE | re.DOTALL,
)
_SPLIT_RE = re.compile(r";\s*")
# A value, then "(Country)", then "issued ..." / "expires ...".
_ID_TAIL_RE = re.compile(
    r"(?P<value>.*?)(?:\s*\((?P<country>[^()\d]+)\))?(?P<dates>\s+(?:issued|expires)\b.*)?",
    re.IGNORECASE | re.DOTALL,
)
#: Identifiers that never contain a blank: a value with one is free text, kept in remarks.
_ONE_WORD = frozenset({IdType.WEBSITE, IdType.EMAIL, IdType.SWIFT_BIC, IdType.CRYPTO, IdType.MMSI, IdType.LEI})
_QUOTED_RE = re.compile(r"'(.*)'", re.DOTALL)
_YEAR_SPAN_RE = re.compile(r"\b(\d{4})-(\d{4})\b")
_DATED_RE = re.compile(r"(?:\((?P<qualifier>[^)]*)\))?\s*:?\s*(?P<date>.+)", re.DOTALL)
_IMO_RE = re.compile(r"IMO\s+(\d{7})\b(.*)", re.IGNORECASE | re.DOTALL)
_ABBREV_END_RE = re.compile(r"(?:^|[\s.])[A-Za-z]\.[A-Za-z]$")


@dataclass
class RemarkFacts:
    """What one entity's remarks say, field by field."""

    names: list[Name] = field(default_factory=list)
    countries: list[Country] = field(default_factory=list)
    dates: list[EventDate] = field(default_factory=list)
    places_of_birth: list[str] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    attributes: list[tuple[str, str]] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    #: ISO dates of "Listing Date (...)" segments.
    listing_dates: list[str] = field(default_factory=list)


def split_remarks(text: str) -> list[str]:
    """The segments of a Remarks field, without the record's closing period."""
    value = text.strip()
    if "\n" in value or "\r" in value:
        value = " ".join(value.split())
    # OFAC ends every remark with one period, also after "S.A." or "n.e.c.": keep those.
    if value.endswith(".") and not _ABBREV_END_RE.search(value[-5:-1]):
        value = value[:-1]
    return [segment.strip() for segment in _SPLIT_RE.split(value) if segment.strip()]


def parse_remarks(text: str, person: bool = False) -> RemarkFacts:
    """Parse an OFAC Remarks field (already joined with its sdn_comments continuation)."""
    facts = RemarkFacts()
    for segment in split_remarks(text):
        parsed = _parse_segment(segment, person)
        if not parsed:
            facts.remarks.append(segment)
        for name, value in parsed:
            getattr(facts, name).append(value)
    return facts


#: What a segment says: (RemarkFacts field, value) pairs; empty when it is not understood.
_Facts = tuple[tuple[str, object], ...]


@lru_cache(maxsize=1 << 16)  # half the segments of an SDN file repeat ("Gender Male", "Linked To: ...")
def _parse_segment(segment: str, person: bool) -> _Facts:
    found = _label(segment)
    if found is None:
        eo = _EO_RE.fullmatch(segment)
        return (("attributes", (_slug(eo.group(1)), eo.group(2).strip())),) if eo else ()
    label, value = found
    if not value:
        return ()
    kind, arg = _SPECS[label.lower()]
    if kind == "id":
        assert isinstance(arg, IdType)
        return _identifier(segment, label, value, arg, person)
    if kind == "attr":
        return (("attributes", (str(arg), value)),)
    if kind == "attr_date":
        return (("attributes", (str(arg), parse_partial(value) or value)),)
    if kind == "date":
        assert isinstance(arg, DateKind)
        return _event_date(value, arg)
    if kind == "country":
        assert isinstance(arg, CountryRole)
        return (("countries", Country(code=country_code(value), role=arg, name=value)),)
    if kind == "pob":
        country = value.rsplit(",", 1)[-1].strip()
        code = country_code(country)
        birth = (("countries", Country(code=code, role=CountryRole.BIRTH, name=country)),) if code else ()
        return (("places_of_birth", value), *birth)
    if kind == "name":
        assert isinstance(arg, NameKind)
        quoted = _QUOTED_RE.fullmatch(value)
        if quoted is None or not quoted.group(1).strip():
            return ()
        return (("names", Name(value=quoted.group(1).strip(), kind=arg, strength=Strength.WEAK)),)
    if kind == "link":
        return (("relations", Relation(kind=RelationKind.LINKED_TO, target_name=value, text=segment)),)
    return _dated(str(arg), value)


def _label(segment: str) -> tuple[str, str] | None:
    """(label as written, value) of a segment that starts with a known label."""
    text = segment[5:].lstrip() if segment[:5].lower() == "alt. " else segment
    lower = text[:_LONGEST].lower()
    for label in _BY_PREFIX.get(lower[:3], ()):
        size = len(label)
        if lower.startswith(label) and (size == len(lower) or not (lower[size].isalnum() or lower[size] == "'")):
            return text[:size], text[size:].lstrip().lstrip(":-").strip()
    return None


def _event_date(value: str, kind: DateKind) -> _Facts:
    # "circa 1950-1952": dates.py reads ranges written with " to ".
    event = parse_event_date(_YEAR_SPAN_RE.sub(r"\1 to \2", value), kind=kind)
    if event is None:
        return ()
    if event.text is not None and event.text != value:
        event = EventDate(start=event.start, end=event.end, kind=event.kind, circa=event.circa, text=value)
    return (("dates", event),)


def _dated(key: str, value: str) -> _Facts:
    """ "Listing Date (EO 14024 Directive 2): 24 Feb 2022" -> ("listing_date", "2022-02-24 (EO ...)")."""
    match = _DATED_RE.fullmatch(value)
    day = parse_iso_day(match.group("date")) if match else None
    if match is None or day is None:
        return ()
    qualifier = match.group("qualifier")
    attribute = ("attributes", (key, f"{day} ({qualifier})" if qualifier else day))
    return (attribute, ("listing_dates", day)) if key == "listing_date" else (attribute,)


def _identifier(segment: str, label: str, value: str, id_type: IdType, person: bool) -> _Facts:
    if id_type is IdType.CRYPTO:
        # "Digital Currency Address - XBT 1Kuf2..." (the " - " is eaten by the label pattern).
        parts = value.split(None, 1)
        if len(parts) != 2:
            return ()
        return (("identifiers", Identifier(IdType.CRYPTO, parts[1].strip(), label=f"{label} - {parts[0]}")),)
    imo = _IMO_RE.fullmatch(value)
    if imo is not None and not imo.group(2).strip():
        # "Vessel Registration Identification IMO 1234567", "Company Number IMO 5055293".
        return (("identifiers", Identifier(IdType.IMO, imo.group(1), label=label if label != "IMO" else None)),)
    if id_type is IdType.OTHER and label.lower() == "identification number":
        id_type = IdType.NATIONAL_ID if person else IdType.REGISTRATION
    tail = _ID_TAIL_RE.fullmatch(value)
    assert tail is not None  # every part of the pattern is optional
    country_text = tail.group("country")
    code = country_code(country_text) if country_text else None
    if code is not None:
        number = tail.group("value").strip()
    else:
        # "(Stuttgart)", "(21)(66153220)": part of the value, not an issuing country.
        number = value[: tail.start("dates")].strip() if tail.group("dates") else value
    if not number or number.lower().startswith(("issued", "expires")):
        return ()
    if id_type in _ONE_WORD and " " in number:
        return ()
    identifier = ("identifiers", Identifier(id_type, number, country=code, label=label))
    # Issue and expiry dates have no field of their own: the whole segment is kept as text too.
    return (identifier, ("remarks", segment)) if tail.group("dates") else (identifier,)


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


__all__ = ["RemarkFacts", "parse_remarks", "split_remarks"]
