"""Documents: grouped metrics + label votes -> the SPEC's usage-delta documents (NDJSON).

One document per requested community and day (zero days too), all ten subcount keys,
items by total events descending then id (UTF-16 order), labels by most votes then the
smallest canonical JSON text.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import TextIO

import pandas as pd

from facets import SUBCOUNT_KEYS
from json_columns import utf16_key, utf16_ranks
from timestamps import day_text

VIEW_FIELDS = ("total_events", "unique_visitors", "unique_records", "unique_parents")
DOWNLOAD_FIELDS = VIEW_FIELDS + ("unique_files", "total_volume")
TYPES = ("view", "download")


def resolve_labels(votes: pd.DataFrame) -> dict[str, dict[str, object]]:
    """key -> fid -> label: most votes, ties to the smallest canonical JSON (README "Labels")."""
    if votes.empty:
        return {}
    tally = votes.groupby(["key", "fid", "label"], observed=True, sort=False)["votes"].sum().reset_index()
    tally["order"] = tally["label"].map(utf16_key)
    tally = tally.sort_values(["key", "fid", "votes", "order"], ascending=[True, True, False, True])
    winners = tally.drop_duplicates(["key", "fid"])
    return {key: dict(zip(group["fid"], group["label"].map(json.loads))) for key, group in winners.groupby("key")}


def _wide(grouped: pd.DataFrame) -> pd.DataFrame:
    """Metrics per type side by side: columns (metric, type), zeros where a type has no event."""
    level = grouped.index.names.index("type")
    grouped = grouped.set_axis(grouped.index.set_levels(grouped.index.levels[level].astype(str), level=level))
    wide = grouped.unstack("type", fill_value=0)
    columns = pd.MultiIndex.from_product([grouped.columns, TYPES])
    return wide.reindex(columns=columns, fill_value=0).astype("int64")


def _metric_lists(wide: pd.DataFrame) -> tuple[list[dict], list[dict]]:
    """Row-aligned view and download metric objects of a wide table."""
    view = [dict(zip(VIEW_FIELDS, values)) for values in zip(*(wide[(name, "view")].tolist() for name in VIEW_FIELDS))]
    download = [dict(zip(DOWNLOAD_FIELDS, values)) for values in zip(*(wide[(name, "download")].tolist() for name in DOWNLOAD_FIELDS))]
    return view, download


def _items_by_document(grouped: pd.DataFrame, labels: dict[str, object], default_label) -> dict[tuple[str, int], list[dict]]:
    """(community, day) -> the key's items, sorted by total events descending, then id."""
    if grouped.empty:
        return {}
    wide = _wide(grouped)
    index = wide.index.to_frame(index=False)
    fids = index["fid"].astype(str)
    ranks = utf16_ranks(fids.unique())
    order = pd.DataFrame({
        "community": index["community"].astype(str),
        "day": index["day"],
        "total": -(wide[("total_events", "view")].to_numpy() + wide[("total_events", "download")].to_numpy()),
        "rank": fids.map(ranks),
    }).sort_values(["community", "day", "total", "rank"]).index.to_numpy()
    view, download = _metric_lists(wide)
    communities, days, fid_list = index["community"].astype(str).tolist(), index["day"].tolist(), fids.tolist()
    items: dict[tuple[str, int], list[dict]] = {}
    for position in order:
        fid = fid_list[position]
        label = labels.get(fid, default_label(fid))
        document = (communities[position], int(days[position]))
        items.setdefault(document, []).append({"id": fid, "label": label, "view": view[position], "download": download[position]})
    return items


def _default_label(label_kind: str):
    # README: an id without a vote is labelled {} (titles) or with its id (names, ids).
    return (lambda fid: {}) if label_kind == "title" else (lambda fid: fid)


def write_documents(out: TextIO, communities: list[str], days: range, totals: pd.DataFrame,
                    subcounts: dict[str, pd.DataFrame], labels: dict[str, dict[str, object]], started: datetime) -> int:
    timestamp = started.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S")
    zero_view, zero_download = dict.fromkeys(VIEW_FIELDS, 0), dict.fromkeys(DOWNLOAD_FIELDS, 0)
    total_rows: dict[tuple[str, int], tuple[dict, dict]] = {}
    if not totals.empty:
        wide = _wide(totals)
        view, download = _metric_lists(wide)
        for position, (community, day) in enumerate(wide.index):
            total_rows[(community, int(day))] = (view[position], download[position])
    items = {spec.key: _items_by_document(subcounts[spec.key], labels.get(spec.key, {}), _default_label(spec.label_kind)) for spec in SUBCOUNT_KEYS}
    written = 0
    for community in sorted(communities, key=utf16_key):
        for day in days:
            view, download = total_rows.get((community, day), (zero_view, zero_download))
            document = {
                "community_id": community,
                "period_start": f"{day_text(day)}T00:00:00",
                "period_end": f"{day_text(day)}T23:59:59",
                "timestamp": timestamp,
                "totals": {"view": view, "download": download},
                "subcounts": {spec.key: items[spec.key].get((community, day), []) for spec in SUBCOUNT_KEYS},
            }
            out.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
            written += 1
    return written
