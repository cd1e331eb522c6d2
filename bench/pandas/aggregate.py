"""Group stage: chunks -> one frame per table -> groupby with nunique.

Distinct counts do not add up across chunks, so the chunks' compact tables are
concatenated first (categoricals unified) and grouped once: totals by (community, day,
type), each subcount key by (community, day, fid, type).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api.types import union_categoricals

from events import ChunkResult
from facets import SUBCOUNT_KEYS

METRICS = {
    "total_events": ("recid", "size"),
    "unique_visitors": ("visitor", "nunique"),
    "unique_records": ("recid", "nunique"),
    "unique_parents": ("parent", "nunique"),
    "unique_files": ("file_id", "nunique"),
    "total_volume": ("size", "sum"),
}


def concat_frames(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """pd.concat for same-shaped frames that keeps categorical columns categorical (categories unified)."""
    columns = {}
    for name, dtype in frames[0].dtypes.items():
        parts = [frame[name] for frame in frames]
        if isinstance(dtype, pd.CategoricalDtype):
            columns[name] = union_categoricals(parts)
        else:
            columns[name] = np.concatenate([part.to_numpy() for part in parts])
    index = frames[0].index.append([frame.index for frame in frames[1:]])
    return pd.DataFrame(columns, index=index)


def combine_chunks(chunks: list[ChunkResult]) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, pd.DataFrame], pd.DataFrame]:
    events = concat_frames([chunk.events for chunk in chunks])
    communities = concat_frames([chunk.communities for chunk in chunks]).reset_index(drop=True)
    facets = {spec.key: concat_frames([chunk.facets[spec.key] for chunk in chunks]).reset_index(drop=True) for spec in SUBCOUNT_KEYS}
    votes = pd.concat([chunk.votes for chunk in chunks], ignore_index=True) if chunks else pd.DataFrame(columns=["key", "fid", "label", "votes"])
    return events, communities, facets, votes


def group_totals(events: pd.DataFrame, communities: pd.DataFrame) -> pd.DataFrame:
    """(community, day, type) -> metrics."""
    joined = communities.join(events, on="row")
    return joined.groupby(["community", "day", "type"], observed=True, sort=False).agg(**METRICS)


def group_subcounts(events: pd.DataFrame, communities: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    """(community, day, fid, type) -> metrics of the events carrying each value, per community."""
    joined = values.merge(communities, on="row").join(events, on="row")
    return joined.groupby(["community", "day", "fid", "type"], observed=True, sort=False).agg(**METRICS)
