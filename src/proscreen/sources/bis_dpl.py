"""BIS Denied Persons List: the official tab-delimited ``dpl.txt``.

One row per denied party and address, twelve quoted columns under a header
(``"Name" "Street_Address" ... "FR_Citation"``). The list has no id column, so
source ids are short hashes of the name and address (then effective date, Federal
Register citation, whole row when rows would otherwise share an id), made unique
within the file by :func:`~proscreen.sources.us_csl.assign_stable_ids`: a renewal
order (new effective date and citation) keeps the id.

Names carry aliases (``"FUYI SUN A/K/A FRANK SUN"``, ``"PEARL (A.K.A. NEI-CHIEN
CHU) LI"``, ``"SIBERIAN AIRLINES D/B/A S7 AIRLINES"``); the street address of a
prisoner carries an inmate or US Marshals number, kept as an identifier and
marking the party as a person. The schema is otherwise Organization when the name
has a legal form or an organisation word, LegalEntity when the list does not say.

The file states no publication date: ``published`` is the newest ``Last_Update``
that is not in the future (the list has a row updated "3033-09-30").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from proscreen.exceptions import ParseError
from proscreen.model import Address, Country, CountryRole, Entity, Name, Relation
from proscreen.names.countries import country_code
from proscreen.sources.base import ListData, ListFormat
from proscreen.sources.dates import parse_iso_day
from proscreen.sources.us_csl import (
    US_STATES,
    ListedName,
    assign_stable_ids,
    csv_records,
    infer_schema,
    norm_key,
    prison_numbers,
    split_listed_name,
    unique,
)

SOURCE = "bis-dpl"
COLUMNS = (
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
    "Expiration_Date",
    "Standard_Order",
    "Last_Update",
    "Action",
    "FR_Citation",
)
_ADDRESS_COLUMNS = ("Street_Address", "City", "State", "Postal_Code", "Country")
_SNIFF_SPLIT = re.compile(rb"\r?\n")
# The Country column holds ISO codes, with a few exceptions; naming them here spares the
# (slow, first-use) lookup of country names for a file that otherwise needs none.
_NOT_ISO = {"PRC": "CN", "UK": "GB", "UAE": "AE"}


def sniff(path: Path, head: bytes) -> bool:
    first = _SNIFF_SPLIT.split(head, maxsplit=1)[0].decode("utf-8", errors="replace").lstrip("\ufeff")
    fields = [cell.strip().strip('"') for cell in first.split("\t")]
    return fields[:3] == list(COLUMNS[:3]) and "FR_Citation" in fields


@dataclass
class _Row:
    line: int
    cells: dict[str, str]


def read(files: Sequence[Path], source_override: str | None = None) -> ListData:
    """Read the whole list (it is small) so that ``published`` is known before the entities."""
    source = source_override or SOURCE
    rows = [row for path in files for row in _rows(path)]
    return ListData(
        source=source,
        format=FORMAT.name,
        files=tuple(files),
        entities=_entities(rows, source),
        published=_published(rows),
    )


def _rows(path: Path) -> Iterator[_Row]:
    header: list[str] | None = None
    for record in csv_records(path, delimiter="\t"):
        if not any(cell.strip() for cell in record.cells):
            continue
        if header is None:
            header = [cell.strip() for cell in record.cells]
            if header != list(COLUMNS):
                raise ParseError(path, f"not a Denied Persons List header: {header[:4]}...", line=record.line)
            continue
        if len(record.cells) != len(header):
            raise ParseError(
                path, f"expected {len(header)} tab-separated fields, found {len(record.cells)}", line=record.line
            )
        cells = {column: " ".join(value.split()) for column, value in zip(header, record.cells, strict=True)}
        if not cells["Name"]:
            raise ParseError(path, "row without a name", line=record.line)
        yield _Row(record.line, cells)


def _published(rows: list[_Row]) -> date | None:
    today = date.today().isoformat()
    days = [day for row in rows if (day := parse_iso_day(row.cells["Last_Update"])) and day <= today]
    return date.fromisoformat(max(days)) if days else None


def _entities(rows: list[_Row], source: str) -> Iterator[Entity]:
    names = [split_listed_name(row.cells["Name"]) for row in rows]
    keys = [_key(row) for row in rows]
    ids = assign_stable_ids(keys)
    # One party is listed once per address: a name names one party, so the first row stands for it.
    by_name: dict[str, str] = {}
    for listed, sid in zip(names, ids, strict=True):
        by_name.setdefault(norm_key(listed.primary), sid)
    for row, listed, sid in zip(rows, names, ids, strict=True):
        yield _entity(row, listed, source, sid, by_name)


def _key(row: _Row) -> tuple[str, ...]:
    c = row.cells
    base = "\x1e".join(norm_key(c[column]) for column in ("Name", *_ADDRESS_COLUMNS))
    return (base, c["Effective_Date"], norm_key(c["FR_Citation"]), json.dumps(c, sort_keys=True))


def _entity(row: _Row, listed: ListedName, source: str, sid: str, by_name: dict[str, str]) -> Entity:
    c = row.cells
    address = _address(c)
    identifiers = [*listed.identifiers, *prison_numbers(c["Street_Address"])]
    relations = [
        rel if rel.target_id or norm_key(rel.target_name) not in by_name else _with_target(rel, source, by_name)
        for rel in listed.relations
    ]
    attributes: list[tuple[str, str]] = []
    for column, key in (
        ("Expiration_Date", "expiration_date"),
        ("Standard_Order", "standard_order"),
        ("Last_Update", "last_update"),
        ("Action", "action"),
        ("FR_Citation", "federal_register_notice"),
    ):
        if value := c[column]:
            is_date = column in ("Expiration_Date", "Last_Update")
            attributes.append((key, (parse_iso_day(value, day_first=False) or value) if is_date else value))
    if listed.primary != c["Name"]:
        attributes.append(("name_as_listed", c["Name"]))
    listed_on = parse_iso_day(c["Effective_Date"], day_first=False)
    remarks = list(listed.notes)
    if c["Effective_Date"] and listed_on is None:
        remarks.append(f"effective date: {c['Effective_Date']}")
    return Entity(
        source=source,
        source_id=sid,
        schema=infer_schema(listed, c["Street_Address"]),
        names=unique([Name(listed.primary), *listed.aliases], key=lambda n: n.value.casefold()),
        addresses=(address,) if address.full else (),
        countries=(Country(address.country, CountryRole.ADDRESS, address.country_name),) if address.country else (),
        identifiers=unique(identifiers),
        listed_on=listed_on,
        remarks=unique(remarks),
        relations=unique(relations),
        attributes=tuple(attributes),
    )


def _with_target(relation: Relation, source: str, by_name: dict[str, str]) -> Relation:
    return replace(relation, target_id=f"{source}:{by_name[norm_key(relation.target_name)]}")


def _address(c: dict[str, str]) -> Address:
    """Street, city, state, postal code, country; a US state without a country is a US address."""
    from rigour.territories import get_territory

    country_text = c["Country"] or None
    region = c["State"] or None
    value = _NOT_ISO.get(country_text or "", country_text or "")
    if value.upper() in US_STATES and region is None and get_territory(value.lower()) is None:
        code: str | None = "us"  # "NM" in the country column: the state, one column to the right
        region, country_text = value, None
    else:
        code = country_code(value) if value else None
    if code is None and not country_text and c["State"].upper() in US_STATES:
        code = "us"
    full = ", ".join(c[column] for column in _ADDRESS_COLUMNS if c[column])
    return Address(
        full=full,
        street=c["Street_Address"] or None,
        city=c["City"] or None,
        region=region,
        postal_code=c["Postal_Code"] or None,
        country=code,
        country_name=country_text,
    )


FORMAT = ListFormat(
    name="bis-dpl-txt",
    title="BIS Denied Persons List (tab-delimited dpl.txt)",
    sniff=sniff,
    read=read,
    urls={SOURCE: {"dpl.txt": "https://www.bis.doc.gov/dpl/dpl.txt"}},
)

__all__ = ["COLUMNS", "FORMAT", "read", "sniff"]
