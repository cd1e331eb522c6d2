"""Column helpers for JSON values held in pandas Series (object dtype).

Where the pandas baseline reads nested JSON: ids by the README's id rule, nested fields,
JSON values as lists, canonical JSON text of labels, UTF-16 ordering. Every helper takes
and returns whole Series; the fast path (all strings) stays vectorized.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd

# Characters that JSON text must escape: when none occurs, '"' + s + '"' is the JSON text.
_NEEDS_ESCAPE = r'["\\\x00-\x1f]'


def missing(index: pd.Index) -> pd.Series:
    """A Series of missing values on `index` (a JSON field absent from a whole chunk)."""
    return pd.Series(None, index=index, dtype=object)


def column(frame: pd.DataFrame, name: str) -> pd.Series:
    """The column `name`, or all missing when no line of the chunk has that field."""
    return frame[name] if name in frame.columns else missing(frame.index)


def is_string(values: pd.Series) -> pd.Series:
    """True where the value is a Python str."""
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        return values.notna()
    return values.map(type).eq(str)


def non_empty_strings(values: pd.Series) -> pd.Series:
    """README: ids and names are non-empty strings; anything else becomes missing (None)."""
    keep = is_string(values) & values.ne("")
    return values.where(keep, None).astype(object)


def id_text(values: pd.Series) -> pd.Series:
    """README id rule: a non-empty string, or a finite number as its decimal text; else missing."""
    ids = non_empty_strings(values)
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("string", "empty", "boolean"):
        return ids
    if values.dtype == object:
        numeric = values.map(type).isin([int, float])
    else:
        numeric = values.notna() if pd.api.types.is_numeric_dtype(values) else pd.Series(False, index=values.index)
    if numeric.any():
        numbers = pd.to_numeric(values[numeric], errors="coerce").astype(float)
        numbers = numbers[np.isfinite(numbers)]
        ids[numbers.index] = numbers.map(_decimal_text)
    return ids


def _decimal_text(number: float) -> str:
    # JSON numbers as JavaScript prints them: 12 not 12.0.
    return str(int(number)) if float(number).is_integer() and abs(number) < 2**53 else repr(float(number))


def field(values: pd.Series, key: str) -> pd.Series:
    """`value[key]` of every JSON object in `values`; missing elsewhere."""
    if values.dtype != object or values.empty:
        return missing(values.index)
    return values.map(lambda value: value.get(key) if type(value) is dict else None)


def explode_values(values: pd.Series) -> pd.DataFrame:
    """JSON values -> one row per element (a single value is a list of one, null none).

    Columns `row` (the index of `values`), `pos` (the element's position, for "first
    occurrence wins") and `item`.
    """
    values = values[values.notna()]
    is_list = values.map(type).eq(list)
    lists = values[is_list].explode().dropna()
    lists = lists.rename("item").rename_axis("row").reset_index()
    lists["pos"] = lists.groupby("row", sort=False).cumcount()
    if is_list.all():
        return lists
    single = values[~is_list].rename("item").rename_axis("row").reset_index().assign(pos=0)
    return pd.concat([lists, single], ignore_index=True).sort_values(["row", "pos"], kind="stable", ignore_index=True)


def json_texts(values: pd.Series) -> pd.Series:
    """JSON text of string values (as JSON.stringify writes them), missing stays missing."""
    present = values.notna()
    texts = pd.Series(None, index=values.index, dtype=object)
    plain = values[present]
    escape = plain.str.contains(_NEEDS_ESCAPE, regex=True)
    texts[plain.index[~escape]] = '"' + plain[~escape] + '"'
    if escape.any():
        texts[plain.index[escape]] = plain[escape].map(lambda text: json.dumps(text, ensure_ascii=False))
    return texts


def canonical_titles(titles: pd.Series) -> pd.Series:
    """Canonical JSON text (keys sorted) of title objects `{lang: text}`; missing when not one.

    The objects are spread into one column per language, then the text is built column by
    column: no json.dumps per value.
    """
    texts = pd.Series(None, index=titles.index, dtype=object)
    objects = titles[titles.map(type).eq(dict)]
    if objects.empty:
        return texts
    table = pd.DataFrame(objects.tolist(), index=objects.index)
    body = pd.Series("", index=objects.index, dtype=object)
    valid = table.notna().sum(axis=1).eq(objects.map(len))  # a null text is not a string
    for lang in sorted(table.columns, key=utf16_key):
        values = table[lang]
        present = values.notna()
        strings = is_string(values)
        valid &= strings | ~present
        part = json.dumps(lang, ensure_ascii=False) + ":" + json_texts(values.where(strings, None)[present]).fillna("")
        before = body[present]
        body[present] = before.where(before.eq(""), before + ",") + part
    texts[objects.index] = ("{" + body + "}").where(valid, None)
    return texts


def utf16_key(text: str) -> bytes:
    """Sort key that orders strings by UTF-16 code units, as JavaScript compares them."""
    return text.encode("utf-16-be", "surrogatepass")


def utf16_ranks(values: pd.Index | list[str]) -> dict[str, int]:
    """Each distinct string -> its rank in UTF-16 order."""
    return {text: rank for rank, text in enumerate(sorted(set(values), key=utf16_key))}
