"""The in-memory pandas approach of the performance analysis, as a baseline for bench/.

    python aggregate_pandas.py --input DIR --out FILE [--start YYYY-MM-DD] [--end YYYY-MM-DD]
                               [--community ID ...]

Loads the events (views.ndjson, downloads.ndjson) and the record metadata and membership
into pandas DataFrames, enriches the events with merges (record facets exploded per key,
the membership timeline with merge_asof, the event's own fields winning), aggregates with
groupby / nunique, and writes the same documents as `usage-delta aggregate` (NDJSON,
same order). Prints wall time, phase times and peak RSS as one JSON line on stderr.

Invalid lines are counted and skipped (no rejects file). Not covered (the engine does
them; the bench does not use them): --on-invalid fail, --include-robots / --exclude-*
flags, .gz inputs, --records / --membership paths of their own.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from aggregate import combine_chunks, group_subcounts, group_totals
from communities import GLOBAL
from documents import resolve_labels, write_documents
from events import EventCounts, prepare_chunk, read_chunks
from facets import SUBCOUNT_KEYS
from records import load_records, load_timeline, share_record_keys
from timestamps import day_number


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", required=True, type=Path, help="directory with views/downloads/records/membership .ndjson")
    parser.add_argument("--out", required=True, type=Path, help="output NDJSON file")
    parser.add_argument("--start", help="first UTC day, YYYY-MM-DD (default: first day with events)")
    parser.add_argument("--end", help="last UTC day, inclusive (default: last day with events)")
    parser.add_argument("--community", action="append", help="a community to report (repeatable); global always")
    return parser.parse_args(argv)


def requested_range(args: argparse.Namespace) -> tuple[int, int] | None:
    if args.start is None and args.end is None:
        return None
    start = day_number(args.start) if args.start is not None else -(2**62)
    end = day_number(args.end) if args.end is not None else 2**62
    return start, end


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    phases: dict[str, float] = {}
    rss_mib: dict[str, float] = {}  # peak RSS at the end of each phase

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        phases[name] = round((now - clock) * 1000)
        rss_mib[name] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        clock = now

    records = load_records(args.input / "records.ndjson")
    timeline = load_timeline(args.input / "membership.ndjson")
    share_record_keys(records, timeline)
    lap("metadata")

    day_range = requested_range(args)
    counts = EventCounts()
    chunks = []
    for file_type, name in (("view", "views.ndjson"), ("download", "downloads.ndjson")):
        for raw, bad_lines in read_chunks(args.input / name):
            chunks.append(prepare_chunk(raw, file_type, counts.counted, day_range, records, timeline, counts, bad_lines))
    lap("events")

    # README: a bound left out is the first (last) day of any valid event.
    first = day_number(args.start) if args.start is not None else counts.first_day
    last = day_number(args.end) if args.end is not None else counts.last_day
    days = range(int(first), int(last) + 1) if np.isfinite(first) and np.isfinite(last) else range(0)
    if args.community:
        communities = {GLOBAL, *args.community}
    else:
        communities = {GLOBAL, *timeline.communities, *records.communities["community"], *counts.named_communities}

    totals = pd.DataFrame()
    subcounts = {spec.key: pd.DataFrame() for spec in SUBCOUNT_KEYS}
    votes = pd.DataFrame()
    if counts.counted > 0 and len(days) > 0:
        events, memberships, facets, votes = combine_chunks(chunks)
        memberships = memberships[memberships["community"].isin(communities)]
        chunks.clear()
        totals = group_totals(events, memberships)
        subcounts = {key: group_subcounts(events, memberships, values) for key, values in facets.items()}
    lap("group")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        written = write_documents(out, sorted(communities), days, totals, subcounts, resolve_labels(votes), started)
    lap("documents")

    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    report = {
        "wall_s": round(sum(phases.values()) / 1000, 3),
        "phases_ms": phases,
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "peak_rss_mib_after": rss_mib,
        "events_read": counts.read,
        "rejected": counts.rejected,
        "robots": counts.robots,
        "counted": counts.counted,
        "documents": written,
        "pandas": pd.__version__,
        "numpy": np.__version__,
        "python": sys.version.split()[0],
    }
    print(json.dumps(report), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
