"""Timestamps and days: the README's timestamp grammar, parsed column-wise into UTC.

pandas' ISO 8601 parser accepts more than the README does (a date alone, a lower-case `t`),
so the grammar is checked with a regular expression first; values with and without a zone
are parsed apart (mixing them in one call shifts the naive ones by a neighbour's offset).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from json_columns import non_empty_strings

NS_PER_DAY = 86_400 * 10**9
TIMESTAMP = r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
DATE = r"\d{4}-\d{2}-\d{2}"
ZONE = r"(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$"
BAD_ZONE = r"[+-]\d{2}:?\d{2}$"


def parse_instants(values: pd.Series, allow_date_only: bool = False) -> pd.Series:
    """Instants (datetime64[ns, UTC]); NaT where the value is not a README timestamp.

    With `allow_date_only` (membership `event_date`) a plain `YYYY-MM-DD` is its 00:00 UTC.
    """
    strings = non_empty_strings(values).fillna("")
    valid = strings.str.fullmatch(TIMESTAMP)
    if allow_date_only:
        valid |= strings.str.fullmatch(DATE)
    zoned = strings.str.contains(ZONE)
    valid &= zoned | ~strings.str.contains(BAD_ZONE)
    instants = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns, UTC]")
    for part in (valid & ~zoned, valid & zoned):
        if part.any():
            instants[part] = pd.to_datetime(strings[part], format="ISO8601", utc=True, errors="coerce")
    return instants


def day_numbers(instants: pd.Series) -> pd.Series:
    """UTC day numbers (days since 1970-01-01) as float64, NaN where NaT."""
    ns = instants.to_numpy(dtype="datetime64[ns]").astype(np.int64)
    days = pd.Series(np.floor_divide(ns, NS_PER_DAY).astype(np.float64), index=instants.index)
    return days.where(instants.notna())


def day_text(day: int) -> str:
    return str(np.datetime64(int(day), "D"))


def day_number(text: str) -> int:
    return int(np.datetime64(text, "D").astype(np.int64))
