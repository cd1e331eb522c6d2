"""Facet values in plain Python, for the few distinct values the SQL side hands over.

The DuckDB peer never parses a facet per event: it asks DuckDB for the distinct JSON texts
of each facet field (a few hundred to a few tens of thousands, however many events carry
them) and for the record metadata (one line per record), and turns each into items here
(README "Facets"): (fid, label text or None), deduplicated by id, first occurrence wins.
"""

from __future__ import annotations

import json
import re

# (key, event field, label kind); the order is the documents' subcounts order.
FACETS = (
    ("resource_types", "resource_type", "title"),
    ("access_statuses", "access_status", "id"),
    ("languages", "languages", "title"),
    ("rights", "rights", "title"),
    ("funders", "funders", "name"),
    ("affiliations", "affiliations", "name"),
    ("publishers", "publisher", "id"),
    ("periodicals", "journal_title", "id"),
    ("countries", "country", "id"),
    ("file_types", "file_types", "id"),
)
KIND = {key: kind for key, _, kind in FACETS}
FILE_KEY_EXTENSION = re.compile(r"^.+\.([^.]+)$")


def utf16_key(text: str) -> bytes:
    """Orders strings by UTF-16 code units, as JavaScript compares them."""
    return text.encode("utf-16-be", "surrogatepass")


def _text(value) -> str | None:
    return value if type(value) is str and value != "" else None


def id_text(value) -> str | None:
    """README id rule: a non-empty string, or a finite number as JavaScript prints it."""
    if type(value) is str:
        return value or None
    if type(value) in (int, float) and value == value and abs(value) != float("inf"):
        return str(int(value)) if float(value).is_integer() and abs(value) < 2**53 else repr(float(value))
    return None


def elements(value) -> list:
    """A JSON value as a list of items: a list as is, null none, anything else one."""
    if value is None:
        return []
    return value if type(value) is list else [value]


def canonical_title(title) -> str | None:
    """Canonical JSON (keys in UTF-16 order) of a title object of strings; None if not one."""
    if type(title) is not dict or any(type(text) is not str for text in title.values()):
        return None
    ordered = {lang: title[lang] for lang in sorted(title, key=utf16_key)}
    return json.dumps(ordered, ensure_ascii=False, separators=(",", ":"))


def item(element, kind: str) -> tuple[str | None, str | None]:
    """(fid, label text) of one element; fid None when it names nothing."""
    if type(element) is str:
        return _text(element), None
    if kind == "id" or type(element) is not dict:
        return None, None
    if kind == "title":
        return _text(element.get("id")), canonical_title(element.get("title"))
    name = _text(element.get("name"))
    return _text(element.get("id")) or name, None if name is None else json.dumps(name, ensure_ascii=False)


def items(values: list, kind: str) -> list[tuple[str, str | None]]:
    """Elements -> items, deduplicated by id (first occurrence keeps its label)."""
    seen: dict[str, str | None] = {}
    for element in values:
        fid, label = item(element, kind)
        if fid is not None and fid not in seen:
            seen[fid] = label
    return list(seen.items())


def field(value, *path: str):
    for key in path:
        value = value.get(key) if type(value) is dict else None
    return value


def stepped(values, *path: str) -> list:
    """`a[].b`: each element of `values`, then its `b` (one item or a list)."""
    out = []
    for element in elements(values):
        out.extend(elements(field(element, *path)))
    return out


def key_extension(key) -> str | None:
    """README: the lower-case text after the last `.` of the key's last segment, that dot not first."""
    if type(key) is not str:
        return None
    match = FILE_KEY_EXTENSION.match(key.rsplit("/", 1)[-1])
    return match.group(1).lower() if match else None


def record_file_types(files) -> list:
    """README files rule: `files.entries[*].ext`, else `files.types[]`, else the entries' key extensions."""
    entries = field(files, "entries")
    entries = entries if type(entries) is dict else {}
    found = [ext.lower() for ext in (field(entry, "ext") for entry in entries.values()) if _text(ext)]
    if not found:
        found = [text.lower() for text in elements(field(files, "types")) if _text(text)]
    if not found:
        found = [ext for ext in map(key_extension, entries) if ext is not None]
    return found


def record_values(record: dict) -> dict[str, list]:
    """Each facet key's elements of one record (countries: none, a property of the visit)."""
    metadata = record.get("metadata")
    return {
        "resource_types": elements(field(metadata, "resource_type")),
        "access_statuses": elements(field(record, "access", "status")),
        "languages": elements(field(metadata, "languages")),
        "rights": elements(field(metadata, "rights")),
        "funders": stepped(field(metadata, "funding"), "funder"),
        "affiliations": stepped(field(metadata, "creators"), "affiliations") + stepped(field(metadata, "contributors"), "affiliations"),
        "publishers": elements(field(metadata, "publisher")),
        "periodicals": elements(field(record, "custom_fields", "journal:journal", "title")),
        "countries": [],
        "file_types": record_file_types(record.get("files")),
    }


def own_communities(text: str) -> list[str]:
    """An event's own `community_ids` (JSON text): a list or one string of non-empty strings."""
    return [community for community in elements(json.loads(text)) if _text(community)]
