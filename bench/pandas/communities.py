"""The communities each counted event belongs to, as (row, community) rows.

README precedence: the event's own `community_ids`; else the membership timeline (a
merge_asof of the event's day against the record's changes) when the record has one;
else the record's current `parent.communities.ids`; an unknown record without ids is in
`global` only. Every event is also in `global`.
"""

from __future__ import annotations

import pandas as pd

from json_columns import explode_values, non_empty_strings
from records import RecordTables, Timeline

GLOBAL = "global"


def own_community_ids(values: pd.Series) -> pd.DataFrame:
    """README: a list (or a single string) of non-empty strings; other entries are ignored."""
    elements = explode_values(values)
    return pd.DataFrame({"row": elements["row"], "community": non_empty_strings(elements["item"])}).dropna()


def timeline_communities(events: pd.DataFrame, timeline: Timeline) -> pd.DataFrame:
    """(row, community) where the last change of (record, community) on or before the event's day is `added`."""
    candidates = events[["row", "rkey", "day"]].merge(timeline.pairs, left_on="rkey", right_on="recid").drop(columns="rkey")
    if candidates.empty:
        return candidates[["row", "community"]]
    candidates = candidates.sort_values("day", kind="stable")
    state = pd.merge_asof(candidates, timeline.changes, on="day", by=["recid", "community"], direction="backward")
    return state.loc[state["added"].eq(True), ["row", "community"]]


def event_communities(events: pd.DataFrame, own_ids: pd.Series, records: RecordTables, timeline: Timeline) -> pd.DataFrame:
    """events: (row, rkey, day, known) of counted events; own_ids: their `community_ids` (index = row)."""
    has_own = own_ids.notna().to_numpy()
    others = events[~has_own & events["known"].to_numpy()]
    on_timeline = others["recid"].isin(timeline.recids)
    current = others.loc[~on_timeline, ["row", "rkey"]].merge(records.communities, left_on="rkey", right_on="recid")
    parts = [
        pd.DataFrame({"row": events["row"], "community": GLOBAL}),
        own_community_ids(own_ids[has_own]),
        timeline_communities(others[on_timeline], timeline),
        current[["row", "community"]],
    ]
    return pd.concat(parts, ignore_index=True).drop_duplicates()
