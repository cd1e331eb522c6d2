"""Record metadata and community membership as DataFrames: the lookup side of the merges.

Loads `records.ndjson` into one row per record and explodes each subcount key's values into
a long table (recid, fid, label); loads `membership.ndjson` into the timeline that
merge_asof reads (one row per record, community and day: the last change of that day).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from facets import SUBCOUNT_KEYS, facet_values, file_key_extensions
from json_columns import column, explode_values, field, id_text, non_empty_strings
from timestamps import day_numbers, parse_instants


@dataclass
class RecordTables:
    parent: pd.Series  # recid -> parent id (missing: none)
    communities: pd.DataFrame  # (recid, community): the record's current communities
    facets: dict[str, pd.DataFrame]  # key -> (recid, fid, label); file_types: a view's fallback
    key_dtype: pd.CategoricalDtype | None = None  # record ids of both lookup sides (see share_record_keys)


@dataclass
class Timeline:
    changes: pd.DataFrame  # (recid, community, day, added), sorted by day
    pairs: pd.DataFrame  # distinct (recid, community)
    recids: pd.Index  # records with at least one membership event
    communities: set[str]


def read_ndjson(path: Path) -> pd.DataFrame:
    """One row per JSON line; nested objects stay Python objects (dtype object)."""
    if not path.exists() or path.stat().st_size == 0:
        return pd.DataFrame()
    return pd.read_json(path, lines=True, dtype=False, convert_dates=False)


def nested_elements(values: pd.Series, *path: str) -> pd.DataFrame:
    """Elements reached by exploding `values`, then each object's `path[i]` exploded in turn.

    Returns (row, pos, item) with `pos` the element's order within its row (depth first).
    """
    frame = explode_values(values)
    for key in path:
        inner = explode_values(field(frame["item"].set_axis(frame.index), key))
        outer = frame.loc[inner["row"]].reset_index(drop=True)
        frame = pd.DataFrame({"row": outer["row"], "outer": outer["pos"], "inner": inner["pos"].to_numpy(), "item": inner["item"].to_numpy()})
        frame = frame.sort_values(["row", "outer", "inner"], kind="stable")
        frame["pos"] = frame.groupby("row", sort=False).cumcount()
        frame = frame[["row", "pos", "item"]].reset_index(drop=True)
    return frame


def _concat_in_order(*parts: pd.DataFrame) -> pd.DataFrame:
    """Element frames of the same rows, the first part's elements first in every row."""
    tagged = [part.assign(part=number) for number, part in enumerate(parts)]
    frame = pd.concat(tagged, ignore_index=True).sort_values(["row", "part", "pos"], kind="stable")
    return frame.drop(columns="part").reset_index(drop=True)


def _record_file_types(files: pd.Series) -> pd.DataFrame:
    """README: `files.entries[*].ext`, else `files.types[]`, else the entries' key extensions (lower case)."""
    entries = field(files, "entries")
    entries = entries[entries.map(type).eq(dict)]
    exts = explode_values(entries.map(lambda entry: list(entry.values())))
    from_exts = exts.assign(item=non_empty_strings(field(exts["item"], "ext")).str.lower()).dropna()
    types = explode_values(field(files, "types"))
    from_types = types.assign(item=non_empty_strings(types["item"]).str.lower()).dropna()
    keys = explode_values(entries.map(lambda entry: list(entry.keys())))
    from_keys = keys.assign(item=file_key_extensions(keys["item"])).dropna()
    # The next source counts only for a record the previous one gave no type.
    from_types = from_types[~from_types["row"].isin(from_exts["row"])]
    from_keys = from_keys[~from_keys["row"].isin(from_exts["row"]) & ~from_keys["row"].isin(from_types["row"])]
    return _concat_in_order(from_exts, from_types, from_keys)


def _record_elements(records: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The record's values of each subcount key, as elements (row = record position)."""
    metadata = column(records, "metadata")
    journal = field(field(column(records, "custom_fields"), "journal:journal"), "title")
    return {
        "resource_types": explode_values(field(metadata, "resource_type")),
        "access_statuses": explode_values(field(column(records, "access"), "status")),
        "languages": explode_values(field(metadata, "languages")),
        "rights": explode_values(field(metadata, "rights")),
        "funders": nested_elements(field(metadata, "funding"), "funder"),
        "affiliations": _concat_in_order(
            nested_elements(field(metadata, "creators"), "affiliations"),
            nested_elements(field(metadata, "contributors"), "affiliations"),
        ),
        "publishers": explode_values(field(metadata, "publisher")),
        "periodicals": explode_values(journal),
        "countries": explode_values(pd.Series(None, index=records.index, dtype=object)),
        "file_types": _record_file_types(column(records, "files")),
    }


def load_records(path: Path) -> RecordTables:
    raw = read_ndjson(path)
    if raw.empty:
        empty = pd.DataFrame({"recid": pd.Series(dtype=object), "fid": pd.Series(dtype=object), "label": pd.Series(dtype=object)})
        return RecordTables(pd.Series(dtype=object), pd.DataFrame({"recid": [], "community": []}), {k.key: empty for k in SUBCOUNT_KEYS})
    raw = raw.assign(recid=id_text(column(raw, "id"))).dropna(subset=["recid"])
    # README: of two records with the same id, the later one wins.
    records = raw.drop_duplicates("recid", keep="last").reset_index(drop=True)
    recids = records["recid"]
    parents = column(records, "parent")
    parent = pd.Series(id_text(field(parents, "id")).to_numpy(), index=recids.to_numpy())
    current = explode_values(field(field(parents, "communities"), "ids"))
    current = pd.DataFrame({"recid": recids.to_numpy()[current["row"]], "community": non_empty_strings(current["item"]).to_numpy()}).dropna()
    facets = {}
    for spec, (key, elements) in zip(SUBCOUNT_KEYS, _record_elements(records).items()):
        values = facet_values(elements, spec.label_kind)
        facets[key] = pd.DataFrame({"recid": recids.to_numpy()[values["row"].to_numpy(dtype=np.int64)], "fid": values["fid"].to_numpy(), "label": values["label"].to_numpy()})
    return RecordTables(parent, current, facets)


def share_record_keys(records: RecordTables, timeline: Timeline) -> None:
    """One categorical dtype for the record ids of every lookup table, so that the merges
    against the events (whose `rkey` column gets the same dtype) join on integer codes."""
    dtype = pd.CategoricalDtype(pd.Index(records.parent.index).union(timeline.recids))
    records.key_dtype = dtype
    records.communities = records.communities.astype({"recid": dtype})
    records.facets = {key: table.astype({"recid": dtype}) for key, table in records.facets.items()}
    timeline.pairs = timeline.pairs.astype({"recid": dtype})
    timeline.changes = timeline.changes.astype({"recid": dtype})


def load_timeline(path: Path) -> Timeline:
    raw = read_ndjson(path)
    instants = parse_instants(column(raw, "event_date"), allow_date_only=True)
    frame = pd.DataFrame({
        "recid": id_text(column(raw, "record_id")),
        "community": non_empty_strings(column(raw, "community_id")),
        "event_type": column(raw, "event_type"),
        "instant": instants,
        "day": day_numbers(instants),
        "order": np.arange(len(raw)),
    }, index=raw.index)
    frame = frame[frame["recid"].notna() & frame["community"].notna() & frame["day"].notna() & frame["event_type"].isin(["added", "removed"])]
    frame = frame.assign(added=frame["event_type"].eq("added"), day=frame["day"].astype(np.int64))
    # README: sorted by event_date then file order; the last change on or before a day decides it.
    frame = frame.sort_values(["recid", "community", "instant", "order"], kind="stable")
    changes = frame.drop_duplicates(["recid", "community", "day"], keep="last")[["recid", "community", "day", "added"]]
    return Timeline(
        changes=changes.sort_values("day", kind="stable").reset_index(drop=True),
        pairs=changes[["recid", "community"]].drop_duplicates().reset_index(drop=True),
        recids=pd.Index(changes["recid"].unique()),
        communities=set(changes["community"]),
    )
