"""Documents of the DuckDB peer: grouped rows + label votes -> the SPEC's NDJSON documents.

One document per community and day (zero days too), the ten subcount keys, items by total
events descending then id (UTF-16 order), labels by most votes then the smallest
canonical JSON text; an id without a vote is labelled `{"en": id}` (titles) or its id.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from typing import TextIO

from facet_values import FACETS, KIND, utf16_key
from lookups import Lookups

VIEW_FIELDS = ("total_events", "unique_visitors", "unique_records", "unique_parents")
DOWNLOAD_FIELDS = VIEW_FIELDS + ("unique_files", "total_volume")


def resolve_labels(votes) -> dict[tuple[str, str], object]:
    """(key, fid) -> the winning label (votes may come split under equal canonical texts)."""
    tally: dict[tuple[str, str, str], int] = {}
    for key, fid, label, count in votes:
        text = label if KIND[key] != "title" else json.dumps(json.loads(label), ensure_ascii=False, separators=(",", ":"))
        tally[(key, fid, text)] = tally.get((key, fid, text), 0) + count
    best: dict[tuple[str, str], tuple[int, bytes, str]] = {}
    for (key, fid, text), count in tally.items():
        candidate = (-count, utf16_key(text), text)
        if (key, fid) not in best or candidate < best[(key, fid)]:
            best[(key, fid)] = candidate
    return {name: json.loads(text) for name, (_, _, text) in best.items()}


def _default_label(key: str, fid: str) -> object:
    return {"en": fid} if KIND[key] == "title" else fid


def write_documents(out: TextIO, lookups: Lookups, rows, votes, started: datetime) -> int:
    labels = resolve_labels(votes)
    # (community, day) -> {key: {fid: [view metrics, download metrics]}}; key None: totals.
    cells: dict[tuple[str, object], dict[str | None, dict[str | None, list]]] = {}
    for community, day, t, key, fid, n, visitors, records, parents, files, volume in rows:
        metrics = cells.setdefault((community, day), {}).setdefault(key, {}).setdefault(fid, [None, None])
        metrics[t] = (n, visitors, records, parents) if t == 0 else (n, visitors, records, parents, files, volume)
    timestamp = started.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    zero_view, zero_download = (0,) * 4, (0,) * 6
    days = []
    if lookups.first_day is not None:
        day = lookups.first_day
        while day <= lookups.last_day:
            days.append(day)
            day += timedelta(days=1)
    written = 0
    for community in sorted(lookups.communities, key=utf16_key):
        for day in days:
            cell = cells.get((community, day), {})
            view, download = cell.get(None, {}).get(None, [None, None])
            subcounts = {}
            for key, _, _ in FACETS:
                entries = cell.get(key, {})
                ordered = sorted(entries.items(), key=lambda entry: (-((entry[1][0] or zero_view)[0] + (entry[1][1] or zero_download)[0]), utf16_key(entry[0])))
                subcounts[key] = [
                    {
                        "id": fid,
                        "label": labels.get((key, fid), _default_label(key, fid)) if KIND[key] != "id" else fid,
                        "view": dict(zip(VIEW_FIELDS, pair[0] or zero_view)),
                        "download": dict(zip(DOWNLOAD_FIELDS, pair[1] or zero_download)),
                    }
                    for fid, pair in ordered
                ]
            text = day.isoformat()
            document = {
                "community_id": community,
                "period_start": f"{text}T00:00:00",
                "period_end": f"{text}T23:59:59",
                "timestamp": timestamp,
                "totals": {"view": dict(zip(VIEW_FIELDS, view or zero_view)), "download": dict(zip(DOWNLOAD_FIELDS, download or zero_download))},
                "subcounts": subcounts,
            }
            out.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
            written += 1
    return written
