"""The DuckDB peer of bench/: the usage-delta job as a strong SQL engineer would write it.

    python aggregate_duckdb.py --input DIR --out FILE [--threads N] [--memory-limit 6GB]

DuckDB reads only the 21 fields the job needs (read_ndjson with explicit columns), then:
identical rows merged first (count and volume summed); every event's facets and fallback
communities depend only on a *signature* (record, type, file extension, its own facet
fields; record, day, own community_ids), so items are computed once per distinct value
or signature, never per event (a missing list and an empty one are different values:
SQL NULL against the text `[]`); visitors, records, parents and files become dense
integer codes; one grouped pass over (community x day x type x key x item) with exact
count(DISTINCT). The few distinct facet values and the record metadata are parsed in
Python (facet_values.py). Writes the same documents as `usage-delta aggregate`; prints
wall time, phase times and peak RSS as one JSON line on stderr (as the pandas peer).

Covers what the bench's data holds; not the engine's flags (--start/--end, --community,
robot/machine options), an event's own `type` field, or a label-less facet value voting
for its record's label.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from facet_values import FACETS
from documents import write_documents
from lookups import load_lookups

# The event fields read (21), all as text or JSON: facet fields keep their JSON text.
TEXT = ("timestamp", "recid", "record_id", "parent_recid", "parent_id", "visitor_id", "file_id", "file_key", "country")
JSON_FIELDS = ("community_ids", "resource_type", "access_status", "languages", "rights", "funders", "affiliations", "publisher", "journal_title", "file_types")
COLUMNS = {**{name: "VARCHAR" for name in TEXT}, **{name: "JSON" for name in JSON_FIELDS}, "size": "BIGINT", "is_robot": "BOOLEAN"}
# Facet event fields that may be a list or an object: kept as JSON text; the others are plain strings.
FACET_COLUMN = {key: f'"{event_field}"' for key, event_field, _ in FACETS}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--memory-limit", default="6GB", help="DuckDB's memory_limit; beyond it, it spills to a temporary directory")
    return parser.parse_args(argv)


def read_events(con: duckdb.DuckDBPyConnection, directory: Path) -> None:
    """`g`: valid events, identical ones merged (count and volume summed) as they are read.
    Robots stay in (flagged): they widen the day range and name communities."""
    columns = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in COLUMNS.items()) + "}"
    parts = []
    for t, name in ((0, "views.ndjson"), (1, "downloads.ndjson")):
        path = directory / name
        if path.exists() and path.stat().st_size > 0:
            parts.append(f"SELECT {t} AS t, * FROM read_ndjson('{path}', columns = {columns}, format = 'newline_delimited', ignore_errors = true)")
    if not parts:
        nulls = ", ".join(f'NULL::{kind} AS "{name}"' for name, kind in COLUMNS.items())
        parts.append(f"SELECT 0 AS t, * FROM (SELECT {nulls}) WHERE false")
    facet_columns = ", ".join(FACET_COLUMN[key] for key, _, _ in FACETS if key != "countries")
    # A timestamp without a zone is UTC (the session's zone): its first ten characters are the day.
    con.execute(f"""
        CREATE TEMP TABLE g AS
        SELECT t, day, robot, rec, own_parent, visitor, file, country, community_ids, ext, {facet_columns},
               count(*)::BIGINT AS n, sum(vol)::HUGEINT AS vol
        FROM (
          SELECT t,
                 CASE WHEN length("timestamp") = 19 THEN TRY_CAST(left("timestamp", 10) AS DATE)
                      ELSE TRY_CAST("timestamp" AS TIMESTAMPTZ)::DATE END AS day,
                 coalesce(nullif(recid, ''), nullif(record_id, '')) AS rec,
                 coalesce(nullif(parent_recid, ''), nullif(parent_id, '')) AS own_parent,
                 nullif(visitor_id, '') AS visitor,
                 CASE WHEN t = 1 THEN nullif(file_id, '') END AS file,
                 CASE WHEN t = 1 THEN coalesce(size, 0) ELSE 0 END AS vol,
                 CASE WHEN t = 1 AND file_types IS NULL
                      THEN lower(regexp_extract(regexp_extract(file_key, '[^/]*$'), '^.+\\.([^.]+)$', 1)) END AS ext,
                 coalesce(is_robot, false) AS robot,
                 {facet_columns}, nullif(country, '') AS country, community_ids
          FROM ({" UNION ALL ".join(parts)}))
        WHERE day IS NOT NULL AND rec IS NOT NULL AND (t = 0 OR vol >= 0)
        GROUP BY ALL""")


# What an event's facet items, record, parent and file depend on: its signature.
SIGNATURE = ["t", "rec", "own_parent", "file", "ext"] + [FACET_COLUMN[key] for key, _, _ in FACETS if key != "countries"]


def merge_rows(con: duckdb.DuckDBPyConnection) -> None:
    """Signatures and dense codes of the counted (non-robot) rows."""
    con.execute(f"CREATE TEMP TABLE sig AS SELECT row_number() OVER () AS sig, * FROM (SELECT DISTINCT {', '.join(SIGNATURE)} FROM g WHERE NOT robot)")
    con.execute("CREATE TEMP TABLE csig AS SELECT row_number() OVER () AS csig, * FROM (SELECT DISTINCT rec, day, community_ids FROM g WHERE NOT robot)")
    con.execute("CREATE TEMP TABLE vis AS SELECT row_number() OVER () AS code, v FROM (SELECT DISTINCT visitor AS v FROM g WHERE visitor IS NOT NULL AND NOT robot)")
    for name, column in (("recs", "rec"), ("files", "file")):
        con.execute(f"CREATE TEMP TABLE {name} AS SELECT row_number() OVER () AS code, v FROM (SELECT DISTINCT {column} AS v FROM sig WHERE {column} IS NOT NULL)")


def facts(con: duckdb.DuckDBPyConnection) -> None:
    """`f`: merged rows as integer codes; `sigcodes`: each signature's record, parent
    (the event's own, else its record's) and file as codes."""
    on = " AND ".join(f"s.{column} IS NOT DISTINCT FROM g.{column}" for column in SIGNATURE)
    con.execute(f"""
        CREATE TEMP TABLE f AS
        SELECT g.day, g.t, s.sig, c.csig, v.code AS visitor, ci.item AS citem, g.n, g.vol
        FROM (SELECT * FROM g WHERE NOT robot) g
        JOIN sig s ON {on}
        JOIN csig c ON c.rec = g.rec AND c.day = g.day AND c.community_ids IS NOT DISTINCT FROM g.community_ids
        LEFT JOIN vis v ON v.v = g.visitor
        LEFT JOIN items ci ON ci.key = 'countries' AND ci.fid = g.country""")
    con.execute("""
        CREATE TEMP TABLE sigcodes AS SELECT s.sig, r.code AS rec, p.code AS parent, fi.code AS file FROM sig s
        LEFT JOIN recs r ON r.v = s.rec
        LEFT JOIN parents rp ON rp.rec = s.rec
        LEFT JOIN pcodes p ON p.v = coalesce(s.own_parent, rp.parent)
        LEFT JOIN files fi ON fi.v = s.file""")


def _exploded(con: duckdb.DuckDBPyConnection, lookups, into: str, table: str, columns: str, aggregates: str) -> None:
    """Rows of `table` (day, t, sig, csig, citem, ...) exploded over their communities and
    items, grouped by (community, day, type, item) packed into one BIGINT (item 0: totals)."""
    days = (lookups.last_day - lookups.first_day).days + 1
    cell = f"((fc.comm * {days} + (b.day - DATE '{lookups.first_day}')) * 2 + b.t)::BIGINT * {len(lookups.items)}"
    con.execute(f"""
        CREATE TEMP TABLE {into} AS
        WITH x AS (
          SELECT {cell} + si.item AS gk, {columns} FROM {table} b JOIN fcomm fc USING (csig) JOIN sig_items si USING (sig)
          UNION ALL
          SELECT {cell} + b.citem AS gk, {columns} FROM {table} b JOIN fcomm fc USING (csig) WHERE b.citem IS NOT NULL)
        SELECT gk, {aggregates} FROM x GROUP BY gk""")


def group(con: duckdb.DuckDBPyConnection, lookups):
    """Exact counts over dense codes. Where events repeat (day, type, signature), the
    distinct records, parents and files of a group come from the rows without visitors
    (far fewer) and the visitors from their own distinct rows; else one pass does all.
    Returns (comm, day, item, view metrics x4, download metrics x6) in document order."""
    if lookups.first_day is None:
        return []
    # Records, parents and files are the signature's: counted over the rows without visitors.
    con.execute("""CREATE TEMP TABLE fa AS SELECT f.day, f.t, f.sig, f.csig, f.citem, c.rec, c.parent, c.file, sum(f.n) AS n, sum(f.vol) AS vol
                   FROM f JOIN sigcodes c USING (sig) GROUP BY ALL""")
    con.execute("CREATE TEMP TABLE fv AS SELECT DISTINCT day, t, sig, csig, citem, visitor FROM f WHERE visitor IS NOT NULL")
    rows_a, rows_v = con.execute("SELECT (SELECT count(*) FROM fa), (SELECT count(*) FROM fv)").fetchall()[0]
    distinct = "sum(n)::BIGINT AS n, count(DISTINCT rec) AS r, count(DISTINCT parent) AS p, count(DISTINCT file) AS fi, sum(vol)::BIGINT AS vol"
    if rows_a * 2 > rows_v:
        # Few events share (day, type, signature): one pass with the visitors is cheaper than two.
        joined = "(SELECT f.*, c.rec, c.parent, c.file FROM f JOIN sigcodes c USING (sig))"
        _exploded(con, lookups, "am", joined, "b.n, b.vol, b.rec, b.parent, b.file, b.visitor", f"{distinct}, count(DISTINCT visitor) AS v")
        visitors, source = "am.v", "am"
    else:
        _exploded(con, lookups, "am", "fa", "b.n, b.vol, b.rec, b.parent, b.file", distinct)
        _exploded(con, lookups, "av", "fv", "b.visitor", "count(DISTINCT visitor) AS v")
        visitors, source = "coalesce(av.v, 0)", "am LEFT JOIN av USING (gk)"
    days, n_items = (lookups.last_day - lookups.first_day).days + 1, len(lookups.items)
    view = ", ".join(f"coalesce(max({c}) FILTER (WHERE t = 0), 0)" for c in ("n", "v", "r", "p"))
    download = ", ".join(f"coalesce(max({c}) FILTER (WHERE t = 1), 0)" for c in ("n", "v", "r", "p", "fi", "vol"))
    # Items by total events descending, then id in UTF-16 order (the `rank` of lookups).
    return con.execute(f"""
        SELECT comm, day, item, {view}, {download} FROM (
          SELECT gk // {2 * n_items} // {days} AS comm, gk // {2 * n_items} % {days} AS day, gk // {n_items} % 2 AS t, gk % {n_items} AS item,
                 am.n, {visitors} AS v, am.r, am.p, am.fi, am.vol
          FROM {source})
        JOIN item_order USING (item)
        GROUP BY comm, day, item, keyno, rank
        ORDER BY comm, day, keyno, sum(n) DESC, rank""").fetchall()


def votes(con: duckdb.DuckDBPyConnection):
    """(key, fid, label, votes): each counted event votes once per item it carries."""
    return con.execute("""
        SELECT si.key, si.fid, si.label, sum(w.n)::BIGINT FROM (SELECT sig, sum(n) AS n FROM f GROUP BY sig) w
        JOIN sig_items si USING (sig) WHERE si.label IS NOT NULL GROUP BY ALL""").fetchall()


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    phases: dict[str, float] = {}

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        phases[name] = round((now - clock) * 1000)
        clock = now

    # A shared host: a memory limit, and a spill directory for what does not fit under it.
    spill = tempfile.mkdtemp(prefix="usage-delta-duckdb-")
    config = {"threads": args.threads, "preserve_insertion_order": False, "memory_limit": args.memory_limit, "temp_directory": spill}
    con = duckdb.connect(config=config)
    con.execute("SET TimeZone = 'UTC'")
    read_events(con, args.input)
    merge_rows(con)
    lap("events")
    lookups = load_lookups(con, args.input)
    lap("metadata")
    facts(con)
    rows = group(con, lookups)
    vote_rows = votes(con)
    lap("group")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        written = write_documents(out, lookups, rows, vote_rows, started)
    lap("documents")
    con.close()
    shutil.rmtree(spill, ignore_errors=True)
    report = {
        "wall_s": round(sum(phases.values()) / 1000, 3),
        "phases_ms": {name: phases.get(name, 0) for name in ("metadata", "events", "group", "documents")},
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "documents": written,
        "duckdb": duckdb.__version__,
        "python": sys.version.split()[0],
    }
    print(json.dumps(report), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
