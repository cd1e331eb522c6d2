"""Facet values in plain Python, for the few distinct values the SQL side hands over.

The DuckDB peer never parses a facet per event or per record: it asks DuckDB for the
distinct JSON texts of each facet field of the events and of the records (a few hundred
to a few tens of thousands, however many events and records carry them), and turns each into items here
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


def record_elements(key: str, value) -> list:
    """A record's elements of `key` from the JSON value DuckDB cut out (lookups.RECORD_VALUES)."""
    if key == "funders":
        return stepped(value, "funder")
    if key == "affiliations":
        # [[creator 1's affiliations, ...], [contributor 1's, ...]]
        return [element for group in value for affiliations in elements(group) for element in elements(affiliations)]
    if key == "file_types":
        # README files rule: `files.entries[*].ext`, else `files.types[]`, else the entries' key extensions.
        found = [ext.lower() for ext in elements(value["e"]) if _text(ext)]
        if not found:
            found = [text.lower() for text in elements(value["t"]) if _text(text)]
        if not found:
            found = [ext for ext in map(key_extension, elements(value["k"])) if ext is not None]
        return found
    return elements(value)


def own_communities(text: str) -> list[str]:
    """An event's own `community_ids` (JSON text): a list or one string of non-empty strings."""
    return [community for community in elements(json.loads(text)) if _text(community)]
