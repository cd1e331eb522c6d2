"""Documents of the DuckDB peer: grouped rows + label votes -> the SPEC's NDJSON documents.

One document per community and day (zero days too), the ten subcount keys, items by total
events descending then id (UTF-16 order: the rows come sorted from DuckDB), labels by most
votes then the smallest canonical JSON text; an id without a vote is labelled
`{"en": id}` (titles) or its id. The JSON text is assembled from pieces: each item's id
and label are serialized once, the metrics are numbers.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from itertools import groupby
from typing import TextIO

from facet_values import FACETS, KIND, utf16_key
from lookups import Lookups

VIEW = '"view":{"total_events":%d,"unique_visitors":%d,"unique_records":%d,"unique_parents":%d}'
DOWNLOAD = '"download":{"total_events":%d,"unique_visitors":%d,"unique_records":%d,"unique_parents":%d,"unique_files":%d,"total_volume":%d}'
METRICS = VIEW + "," + DOWNLOAD
ZERO = (0,) * 10


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def resolve_labels(votes) -> dict[tuple[str, str], object]:
    """(key, fid) -> the winning label (votes may come split under equal canonical texts)."""
    tally: dict[tuple[str, str, str], int] = {}
    for key, fid, label, count in votes:
        text = label if KIND[key] != "title" else _json(json.loads(label))
        tally[(key, fid, text)] = tally.get((key, fid, text), 0) + count
    best: dict[tuple[str, str], tuple[int, bytes, str]] = {}
    for (key, fid, text), count in tally.items():
        candidate = (-count, utf16_key(text), text)
        if (key, fid) not in best or candidate < best[(key, fid)]:
            best[(key, fid)] = candidate
    return {name: json.loads(text) for name, (_, _, text) in best.items()}


def _item_prefixes(lookups: Lookups, labels: dict[tuple[str, str], object]) -> dict[int, str]:
    prefixes = {}
    for item, (key, fid) in lookups.items.items():
        if key is None:
            continue
        label = fid if KIND[key] == "id" else labels.get((key, fid), {"en": fid} if KIND[key] == "title" else fid)
        prefixes[item] = f'{{"id":{_json(fid)},"label":{_json(label)},'
    return prefixes


def write_documents(out: TextIO, lookups: Lookups, rows, votes, started: datetime) -> int:
    """rows: (comm, day index, item, view x4, download x6), sorted by comm, day, key, order."""
    prefixes = _item_prefixes(lookups, resolve_labels(votes))
    key_of = {item: key for item, (key, _) in lookups.items.items()}
    cells = {cell: list(group) for cell, group in groupby(rows, key=lambda row: (row[0], row[1]))}
    timestamp = started.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    days = 0 if lookups.first_day is None else (lookups.last_day - lookups.first_day).days + 1
    written = 0
    for comm, community in enumerate(lookups.communities):
        head = f'{{"community_id":{_json(community)},'
        for day in range(days):
            text = (lookups.first_day + timedelta(days=day)).isoformat()
            totals = ZERO
            subcounts: dict[str, list[str]] = {key: [] for key, _, _ in FACETS}
            for row in cells.get((comm, day), ()):
                if row[2] == 0:
                    totals = row[3:]
                else:
                    subcounts[key_of[row[2]]].append(prefixes[row[2]] + METRICS % row[3:] + "}")
            body = ",".join(f'"{key}":[{",".join(entries)}]' for key, entries in subcounts.items())
            out.write(f'{head}"period_start":"{text}T00:00:00","period_end":"{text}T23:59:59","timestamp":"{timestamp}",')
            out.write(f'"totals":{{{METRICS % totals}}},"subcounts":{{{body}}}}}\n')
            written += 1
    return written
