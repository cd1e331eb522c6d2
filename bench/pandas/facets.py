"""Facet values: the ten subcount keys, and JSON facet elements -> (row, fid, label) rows.

Used for both sides of the enrichment: the facets an event carries itself and the ones
exploded from its record (README "Facets"). A label is kept as its canonical JSON text so
that equal labels group together; the vote picks one per id later.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from json_columns import canonical_titles, field, json_texts, missing, non_empty_strings


@dataclass(frozen=True)
class SubcountKey:
    key: str  # output key in `subcounts`
    event_field: str  # the field on an enriched event
    label_kind: str  # "title" ({lang: text}), "name" (funders, affiliations) or "id" (the id itself)


SUBCOUNT_KEYS = (
    SubcountKey("resource_types", "resource_type", "title"),
    SubcountKey("access_statuses", "access_status", "id"),
    SubcountKey("languages", "languages", "title"),
    SubcountKey("rights", "rights", "title"),
    SubcountKey("funders", "funders", "name"),
    SubcountKey("affiliations", "affiliations", "name"),
    SubcountKey("publishers", "publisher", "id"),
    SubcountKey("periodicals", "journal_title", "id"),
    SubcountKey("countries", "country", "id"),
    SubcountKey("file_types", "file_types", "id"),
)

FILE_KEY_EXTENSION = r"^.+\.([^.]+)$"  # after the last dot, when that dot is not the first character


def facet_values(elements: pd.DataFrame, label_kind: str) -> pd.DataFrame:
    """Exploded elements (row, pos, item) -> (row, fid, label), deduplicated per row by id.

    README: a plain string is an id without a label whatever the key; title values need
    an `id`, name values use `id` or else `name`; the first occurrence of an id keeps its label.
    """
    items = elements["item"]
    fid = non_empty_strings(items)
    label = missing(items.index)
    if label_kind != "id":
        objects = items[items.map(type).eq(dict)]
        if label_kind == "title":
            fid[objects.index] = non_empty_strings(field(objects, "id"))
            label[objects.index] = canonical_titles(field(objects, "title"))
        else:
            names = non_empty_strings(field(objects, "name"))
            fid[objects.index] = non_empty_strings(field(objects, "id")).fillna(names)
            label[objects.index] = json_texts(names)
    values = pd.DataFrame({"row": elements["row"], "fid": fid, "label": label})
    values = values[values["fid"].notna()]
    # Elements are in (row, pos) order, so `first` is the first occurrence.
    return values.drop_duplicates(["row", "fid"], keep="first")


def file_key_extensions(keys: pd.Series) -> pd.Series:
    """README: the lower-case text after the last `.` of the key's last path segment; else missing."""
    strings = non_empty_strings(keys).dropna()
    segments = strings.str.replace(r"^.*/", "", regex=True)
    return segments.str.extract(FILE_KEY_EXTENSION, expand=False).str.lower().dropna()
