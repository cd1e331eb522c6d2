"""Usage events: NDJSON chunks -> validated, filtered, enriched DataFrames.

Each chunk of lines (pd.read_json, chunksize) is validated (README order: type,
timestamp, recid, size), cut to the date range, stripped of robots, then enriched with
merges against the record tables: parent, communities, and each subcount key's values
(the event's own, else its record's). What leaves a chunk is compact: categorical ids and
long (row, value) tables; the parsed JSON objects are dropped with the chunk.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dataclass_field
import io
import json
from itertools import islice
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd

from communities import event_communities
from facets import SUBCOUNT_KEYS, facet_values, file_key_extensions
from json_columns import column, explode_values, id_text, non_empty_strings
from records import RecordTables, Timeline
from timestamps import day_numbers, parse_instants

CHUNK_LINES = 25000


@dataclass
class ChunkResult:
    events: pd.DataFrame  # index row: type, day, recid, parent, visitor, file_id, size
    communities: pd.DataFrame  # (row, community)
    facets: dict[str, pd.DataFrame]  # key -> (row, fid)
    votes: pd.DataFrame  # (key, fid, label, votes): one per counted event and value


@dataclass
class EventCounts:
    read: int = 0
    rejected: int = 0
    outside_range: int = 0
    robots: int = 0
    counted: int = 0
    first_day: float = np.inf
    last_day: float = -np.inf
    named_communities: set[str] = dataclass_field(default_factory=set)


def read_chunks(path: Path) -> Iterator[tuple[pd.DataFrame, int]]:
    """Chunks of CHUNK_LINES lines as DataFrames, with the number of lines that are not JSON objects.

    The chunk goes to pd.read_json in one piece; only a chunk that it cannot read (a line that
    is not a JSON object) is parsed line by line to find the bad lines.
    """
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        while lines := list(islice(handle, CHUNK_LINES)):
            try:
                frame = pd.read_json(io.StringIO("".join(lines)), lines=True, dtype=False, convert_dates=False)
                if len(frame) == sum(1 for line in lines if line.strip()):
                    yield frame, 0
                    continue
            except ValueError:
                pass
            yield _parse_lines(lines)


def _parse_lines(lines: list[str]) -> tuple[pd.DataFrame, int]:
    objects, bad = [], 0
    for line in lines:
        if not line.strip(" \t\r\n"):
            continue  # README: blank lines hold no input
        try:
            value = json.loads(line)
        except ValueError:
            value = None
        if isinstance(value, dict):
            objects.append(value)
        else:
            bad += 1
    return pd.DataFrame(objects), bad


def _true(values: pd.Series) -> pd.Series:
    """README: a flag counts only as the JSON value `true`."""
    if values.dtype == bool:
        return values
    return values.map(lambda value: value is True).astype(bool)


def _sizes(raw: pd.DataFrame, is_download: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Download sizes (missing or null: 0) and where they are invalid (not a non-negative integer)."""
    size = column(raw, "size")
    present = size.notna() & is_download
    numbers = pd.to_numeric(size.where(present & size.map(type).isin([int, float]) if size.dtype == object else present), errors="coerce")
    valid = numbers.notna() & np.isfinite(numbers.fillna(0)) & numbers.fillna(0).ge(0) & numbers.fillna(0).mod(1).eq(0)
    invalid = present & ~valid
    return numbers.where(valid & present, 0).astype(np.int64), invalid


def validate(raw: pd.DataFrame, file_type: str) -> tuple[pd.DataFrame, pd.Series]:
    """The fields every later step reads, and the mask of valid lines (README check order)."""
    own_type = column(raw, "type")
    unknown_type = own_type.notna() & ~own_type.isin(["view", "download"])
    event_type = own_type.where(own_type.isin(["view", "download"]), file_type)
    days = day_numbers(parse_instants(column(raw, "timestamp")))
    recid = id_text(column(raw, "recid")).fillna(id_text(column(raw, "record_id")))
    is_download = event_type.eq("download")
    size, bad_size = _sizes(raw, is_download)
    valid = ~unknown_type & days.notna() & recid.notna() & ~bad_size
    fields = pd.DataFrame({"type": event_type, "day": days, "recid": recid, "size": size, "download": is_download})
    return fields, valid


def _facet_rows(raw: pd.DataFrame, events: pd.DataFrame, records: RecordTables) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    """Each key's (row, fid) of the counted events, and their label votes."""
    facets, votes = {}, []
    for spec in SUBCOUNT_KEYS:
        own = column(raw, spec.event_field)
        has_own = own.notna()
        own_values = facet_values(explode_values(own[has_own]), spec.label_kind)
        rest = events[~has_own.to_numpy()]
        if spec.key == "file_types":
            # README: a download takes its own file_key's extension, a view its record's types.
            keys = rest.loc[rest["type"].eq("download"), "file_key"]
            extensions = file_key_extensions(keys)
            from_file = pd.DataFrame({"row": rest.loc[extensions.index, "row"], "fid": extensions, "label": None})
            views = rest.loc[rest["type"].eq("view"), ["row", "rkey"]]
            from_record = pd.concat([from_file, views.merge(records.facets[spec.key], left_on="rkey", right_on="recid")[["row", "fid", "label"]]])
        else:
            from_record = rest[["row", "rkey"]].merge(records.facets[spec.key], left_on="rkey", right_on="recid")[["row", "fid", "label"]]
        values = pd.concat([own_values, from_record], ignore_index=True)
        facets[spec.key] = values[["row", "fid"]].astype({"fid": "category"})
        if spec.label_kind != "id":
            counted = values.dropna(subset=["label"]).groupby(["fid", "label"], sort=False).size()
            votes.append(counted.rename("votes").reset_index().assign(key=spec.key))
    return facets, pd.concat(votes, ignore_index=True)


def prepare_chunk(raw: pd.DataFrame, file_type: str, first_row: int, day_range: tuple[int, int] | None,
                  records: RecordTables, timeline: Timeline, counts: EventCounts, bad_lines: int = 0) -> ChunkResult:
    fields, valid = validate(raw, file_type)
    counts.read += len(raw) + bad_lines
    counts.rejected += int((~valid).sum()) + bad_lines
    counts.named_communities |= set(non_empty_strings(explode_values(column(raw, "community_ids")[valid])["item"]).dropna())
    if valid.any():
        counts.first_day = min(counts.first_day, fields.loc[valid, "day"].min())
        counts.last_day = max(counts.last_day, fields.loc[valid, "day"].max())
    in_range = valid if day_range is None else valid & fields["day"].between(*day_range)
    robot = in_range & _true(column(raw, "is_robot").fillna(False))
    counts.outside_range += int((valid & ~in_range).sum())
    counts.robots += int(robot.sum())
    keep = (in_range & ~robot).to_numpy()
    raw, fields = raw[keep], fields[keep]
    counts.counted += len(raw)

    rows = pd.RangeIndex(first_row, first_row + len(raw), name="row")
    raw, fields = raw.set_axis(rows), fields.set_axis(rows)
    recid = fields["recid"]
    download = fields["download"]
    own_parent = id_text(column(raw, "parent_recid")).fillna(id_text(column(raw, "parent_id")))
    events = pd.DataFrame({
        "row": rows,
        "type": fields["type"],
        "day": fields["day"].astype(np.int64),
        "recid": recid,
        "rkey": recid.astype(records.key_dtype),  # the merge key: codes shared with the record tables
        "known": recid.isin(records.parent.index),
        # SPEC: parent_recid, fallback parent_id, else the record's parent.id.
        "parent": own_parent.fillna(recid.map(records.parent)),
        "visitor": id_text(column(raw, "visitor_id")),
        "file_id": id_text(column(raw, "file_id")).where(download, None),
        "file_key": column(raw, "file_key").where(download, None),
        "size": fields["size"],
    }, index=rows)
    communities = event_communities(events, column(raw, "community_ids"), records, timeline)
    facets, votes = _facet_rows(raw, events, records)
    compact = events.drop(columns=["row", "rkey", "known", "file_key"]).astype(
        {"type": "category", "recid": "category", "parent": "category", "visitor": "category", "file_id": "category"})
    return ChunkResult(compact, communities.astype({"community": "category"}), facets, votes)
