"""The lookup side of the DuckDB peer: records, membership, facet items per signature and
communities per community signature, as DuckDB tables the grouped pass joins.

Tables made here: `parents` (rec, parent), `pcodes` (dense parent codes), `items` (item,
key, fid: dense item codes, 0 the totals), `sig_items` (sig, item, key, fid, label),
`fcomm` (csig, comm) with `comms` (comm, community) its dense community codes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import numpy as np

from facet_values import FACETS, KIND, items, own_communities, record_elements, utf16_key

GLOBAL = "global"


@dataclass
class Lookups:
    communities: list[str]
    first_day: date | None
    last_day: date | None
    # item code -> (key, fid); 0: (None, None), the totals
    items: dict[int, tuple[str | None, str | None]]


def _table(con: duckdb.DuckDBPyConnection, name: str, columns: dict[str, list]) -> None:
    # A dict of NumPy arrays is a table to DuckDB (no pandas: importing it costs ~0.35 CPU-s).
    frame = {column: np.array(values, dtype=np.int64 if values and type(values[0]) is int else object) for column, values in columns.items()}
    con.register(f"{name}_frame", frame)
    con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {name}_frame")
    con.unregister(f"{name}_frame")


# Each record's values per key, as JSON text cut out by DuckDB: records share most of them
# (vocabularies, funders, file types), so Python parses each distinct text once.
RECORD_VALUES = {
    "resource_types": "metadata->'resource_type'",
    "access_statuses": "access->'status'",
    "languages": "metadata->'languages'",
    "rights": "metadata->'rights'",
    "funders": "metadata->'funding'",
    "affiliations": "to_json([json_extract(metadata, '$.creators[*].affiliations'), json_extract(metadata, '$.contributors[*].affiliations')])",
    "publishers": "metadata->'publisher'",
    "periodicals": "json_extract(custom_fields, '$.\"journal:journal\".title')",
    "file_types": "to_json({'e': json_extract(files, '$.entries.*.ext'), 't': files->'types', 'k': json_keys(files->'entries')})",
}


def _records(con: duckdb.DuckDBPyConnection, path: Path) -> set[str]:
    """Record facet items `ritems`, `parents`, current communities `rcomm`; returns the community ids."""
    source = "(SELECT NULL::VARCHAR AS id, NULL::JSON AS parent, NULL::JSON AS access, NULL::JSON AS metadata, NULL::JSON AS custom_fields, NULL::JSON AS files WHERE false)"
    if path.exists() and path.stat().st_size > 0:
        columns = "{'id': 'VARCHAR', 'parent': 'JSON', 'access': 'JSON', 'metadata': 'JSON', 'custom_fields': 'JSON', 'files': 'JSON'}"
        source = f"read_ndjson('{path}', columns = {columns}, ignore_errors = true)"
    values = ", ".join(f"{sql} AS {key}" for key, sql in RECORD_VALUES.items())
    # README: of two records with the same id, the later one wins.
    con.execute(f"""
        CREATE TEMP TABLE rv AS
        SELECT rec, nullif(parent->>'id', '') AS parent, parent->'communities'->'ids' AS cids, {values}
        FROM (SELECT *, nullif(id, '') AS rec, row_number() OVER () AS ord FROM {source})
        WHERE rec IS NOT NULL QUALIFY row_number() OVER (PARTITION BY rec ORDER BY ord DESC) = 1""")
    con.execute("CREATE TEMP TABLE parents AS SELECT rec, parent FROM rv")
    rvitems = {"key": [], "text": [], "fid": [], "label": []}
    for key in RECORD_VALUES:
        for (text,) in con.execute(f"SELECT DISTINCT {key} FROM rv WHERE {key} IS NOT NULL").fetchall():
            for fid, label in items(record_elements(key, json.loads(text)), KIND[key]):
                for column, cell in zip(("key", "text", "fid", "label"), (key, text, fid, label)):
                    rvitems[column].append(cell)
    _table(con, "rvitems", rvitems)
    con.execute(f"""
        CREATE TEMP TABLE ritems AS SELECT v.key, u.rec, v.fid, v.label
        FROM (UNPIVOT (SELECT rec, {", ".join(RECORD_VALUES)} FROM rv) ON {", ".join(RECORD_VALUES)} INTO NAME key VALUE text) u
        JOIN rvitems v ON v.key = u.key AND v.text = u.text""")
    ccomm = {"text": [], "community": []}
    for (text,) in con.execute("SELECT DISTINCT cids FROM rv WHERE cids IS NOT NULL").fetchall():
        for community in own_communities(text):
            ccomm["text"].append(text)
            ccomm["community"].append(community)
    _table(con, "ccomm", ccomm)
    con.execute("CREATE TEMP TABLE rcomm AS SELECT DISTINCT r.rec, c.community FROM rv r JOIN ccomm c ON c.text = r.cids")
    return set(ccomm["community"])


def _membership(con: duckdb.DuckDBPyConnection, path: Path) -> set[str]:
    """`changes` (rec, community, day, added): the last change of each day; returns the community ids."""
    source = "(SELECT NULL::VARCHAR AS record_id, NULL::VARCHAR AS community_id, NULL::VARCHAR AS event_type, NULL::VARCHAR AS event_date WHERE false)"
    if path.exists() and path.stat().st_size > 0:
        source = f"read_ndjson('{path}', columns = {{'record_id': 'VARCHAR', 'community_id': 'VARCHAR', 'event_type': 'VARCHAR', 'event_date': 'VARCHAR'}}, ignore_errors = true)"
    con.execute(f"""
        CREATE TEMP TABLE changes AS
        SELECT rec, community, day, arg_max(added, (instant, ord)) AS added FROM (
          SELECT nullif(record_id, '') AS rec, nullif(community_id, '') AS community, event_type = 'added' AS added,
                 TRY_CAST(event_date AS TIMESTAMPTZ) AS instant, TRY_CAST(event_date AS TIMESTAMPTZ)::DATE AS day,
                 row_number() OVER () AS ord
          FROM {source} WHERE event_type IN ('added', 'removed'))
        WHERE rec IS NOT NULL AND community IS NOT NULL AND instant IS NOT NULL GROUP BY ALL""")
    return {row[0] for row in con.execute("SELECT DISTINCT community FROM changes").fetchall()}


def _value_items(con: duckdb.DuckDBPyConnection) -> None:
    """`vitems` (key, text, fid, label): the items of every distinct facet value events carry."""
    vitems = {"key": [], "text": [], "fid": [], "label": []}
    for key, event_field, kind in FACETS:
        if key == "countries":
            continue
        for (text,) in con.execute(f'SELECT DISTINCT "{event_field}" FROM sig WHERE "{event_field}" IS NOT NULL').fetchall():
            value = json.loads(text)
            for fid, label in items(value if type(value) is list else [value], kind):
                for column, cell in zip(("key", "text", "fid", "label"), (key, text, fid, label)):
                    vitems[column].append(cell)
    _table(con, "vitems", vitems)


def _sig_items(con: duckdb.DuckDBPyConnection) -> None:
    parts = ["SELECT sig, NULL::VARCHAR AS key, NULL::VARCHAR AS fid, NULL::VARCHAR AS label FROM sig"]
    for key, event_field, _ in FACETS:
        if key == "countries":
            continue
        column = f's."{event_field}"'
        parts.append(f"SELECT s.sig, v.key, v.fid, v.label FROM sig s JOIN vitems v ON v.key = '{key}' AND v.text = {column}")
        fallback = f"{column} IS NULL" + (" AND s.t = 0" if key == "file_types" else "")
        parts.append(f"SELECT s.sig, r.key, r.fid, r.label FROM sig s JOIN ritems r ON r.key = '{key}' AND r.rec = s.rec WHERE {fallback}")
    # README: a download without file_types counts under its own file_key's extension.
    parts.append("SELECT sig, 'file_types', ext, NULL FROM sig WHERE t = 1 AND file_types IS NULL AND ext IS NOT NULL AND ext <> ''")
    con.execute("CREATE TEMP TABLE sig_items_text AS " + " UNION ALL ".join(parts))


def _communities(con: duckdb.DuckDBPyConnection) -> set[str]:
    """`fcomm` (csig, community): own community_ids, else the timeline, else the record's current ones."""
    texts = con.execute("SELECT DISTINCT community_ids FROM g WHERE community_ids IS NOT NULL").fetchall()
    ocomm = {"text": [], "community": []}
    for (text,) in texts:
        for community in own_communities(text):
            ocomm["text"].append(text)
            ocomm["community"].append(community)
    _table(con, "ocomm", ocomm)
    con.execute(f"""
        CREATE TEMP TABLE fcomm_text AS
        SELECT csig, '{GLOBAL}' AS community FROM csig
        UNION SELECT c.csig, o.community FROM csig c JOIN ocomm o ON o.text = c.community_ids
        UNION SELECT c.csig, r.community FROM csig c JOIN rcomm r ON r.rec = c.rec
          WHERE c.community_ids IS NULL AND c.rec NOT IN (SELECT rec FROM changes)
        UNION SELECT k.csig, k.community FROM (
            SELECT c.csig, c.day, p.rec, p.community FROM csig c
            JOIN (SELECT DISTINCT rec, community FROM changes) p ON p.rec = c.rec
            WHERE c.community_ids IS NULL AND c.rec IN (SELECT rec FROM parents)) k
          ASOF JOIN changes ch ON ch.rec = k.rec AND ch.community = k.community AND k.day >= ch.day
          WHERE ch.added""")
    return set(ocomm["community"])


def load_lookups(con: duckdb.DuckDBPyConnection, directory: Path) -> Lookups:
    communities = {GLOBAL} | _records(con, directory / "records.ndjson") | _membership(con, directory / "membership.ndjson")
    con.execute("CREATE TEMP TABLE pcodes AS SELECT row_number() OVER () AS code, v FROM (SELECT own_parent AS v FROM sig UNION SELECT parent FROM parents) WHERE v IS NOT NULL")
    _value_items(con)
    _sig_items(con)
    communities |= _communities(con)
    first, last = con.execute("SELECT min(day), max(day) FROM g").fetchall()[0]
    ordered = sorted(communities, key=utf16_key)  # code order = document order
    _table(con, "comms", {"comm": list(range(len(ordered))), "community": ordered})
    con.execute("CREATE TEMP TABLE fcomm AS SELECT c.csig, m.comm FROM fcomm_text c JOIN comms m USING (community)")
    # Dense item codes over every (key, fid), countries included; 0 is the totals.
    con.execute("""
        CREATE TEMP TABLE items AS SELECT row_number() OVER () AS item, key, fid FROM (
          SELECT DISTINCT key, fid FROM sig_items_text WHERE key IS NOT NULL
          UNION SELECT 'countries', country FROM g WHERE country IS NOT NULL AND NOT robot)
        UNION ALL SELECT 0, NULL, NULL""")
    con.execute("""
        CREATE TEMP TABLE sig_items AS SELECT s.sig, i.item, s.key, s.fid, s.label
        FROM sig_items_text s JOIN items i ON i.key IS NOT DISTINCT FROM s.key AND i.fid IS NOT DISTINCT FROM s.fid""")
    item_names = dict(((item, (key, fid)) for item, key, fid in con.execute("SELECT item, key, fid FROM items").fetchall()))
    keyno = {key: number for number, (key, _, _) in enumerate(FACETS)}
    by_utf16 = sorted(item_names, key=lambda item: utf16_key(item_names[item][1] or ""))
    _table(con, "item_order", {"item": by_utf16, "keyno": [keyno.get(item_names[item][0], -1) for item in by_utf16], "rank": list(range(len(by_utf16)))})
    return Lookups(ordered, first, last, item_names)
