"""Dyad from Python: code news text into political events, read Dyad stores.

The work is done by Dyad's Rust core (the same code as the ``dyad`` command); this
package turns its results into Python values::

    import dyad
    coder = dyad.Coder()
    events = coder.code("Iraqi forces fired rockets at ...", date="2021-07-13")
    frame = coder.code_frame(articles)          # pandas, export schema
    stored = dyad.read_db("dyad.db")            # pandas, as `dyad export --format parquet`

Events are dicts with the fields of ``dyad code --format jsonl``; frames have the
columns of ``dyad export --format parquet`` (see ``COLUMNS``).
"""

from __future__ import annotations

import datetime as _dt
import io as _io
import json as _json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Optional, Union

from . import _native

__version__: str = _native.__version__

#: The export schema: (name, type, nullable, meaning) per column, in order.
COLUMNS: list[tuple[str, str, bool, str]] = [tuple(c) for c in _native.parquet_columns()]

DateLike = Union[str, _dt.date, None]


class DyadError(Exception):
    """A record Dyad could not read; the message names the record and field."""


@dataclass
class CodedArticle:
    """What became of one article: its events, or why it was not coded."""

    #: Position of the article in the call's input (0-based).
    index: int
    #: The article's id (given, or derived from its content).
    id: Optional[str]
    #: Whether the pipeline coded it (False for a language Dyad does not code, or an error).
    coded: bool
    #: The events, as dicts with the fields of ``dyad code --format jsonl``.
    events: list[dict[str, Any]] = field(default_factory=list)
    #: Warnings and notes about the article, one line each.
    diagnostics: list[str] = field(default_factory=list)
    #: Why the article could not be read (it then has no events).
    error: Optional[str] = None
    #: The article's metadata as Dyad read it (id, url, title, date, source; no text).
    document: Optional[dict[str, Any]] = None
    #: The store's hash of the article's title and text (a repeat has the same).
    content_hash: Optional[str] = None


def _iso(date: DateLike) -> Optional[str]:
    if date is None:
        return None
    if isinstance(date, (_dt.date, _dt.datetime)):
        return date.isoformat()[:10]
    return str(date)


def _record(article: Union[str, Mapping[str, Any]]) -> dict[str, Any]:
    if isinstance(article, str):
        return {"text": article}
    record = {}
    for key, value in article.items():
        if value is None:
            continue
        if isinstance(value, (_dt.date, _dt.datetime)):
            value = value.isoformat()[:10]
        record[key] = value
    return record


class Coder:
    """The event coder, loaded once (under a second) and reused for any number of calls.

    ``kb_overlay``: a folder of actor dictionaries read on top of the built-in ones;
    ``syntax_model``: a syntax model file instead of the built-in one;
    ``keep_unasserted``: keep negated and hypothetical events.
    """

    def __init__(
        self,
        *,
        kb_overlay: Optional[str] = None,
        syntax_model: Optional[str] = None,
        keep_unasserted: bool = False,
    ) -> None:
        self._native = _native.Coder(
            kb_overlay=kb_overlay, syntax_model=syntax_model, keep_unasserted=keep_unasserted
        )

    def code(
        self,
        text: str,
        *,
        date: DateLike = None,
        id: Optional[str] = None,
        url: Optional[str] = None,
        title: Optional[str] = None,
    ) -> list[dict[str, Any]]:
        """The events of one article, as dicts. ``date`` is its publication date
        (``YYYY-MM-DD`` or a ``date``): relative dates in the text are read against it.
        Raises :class:`DyadError` when the article cannot be read."""
        article = {"text": text, "date": _iso(date), "id": id, "url": url, "title": title}
        (result,) = self.code_many([article])
        if result.error is not None:
            raise DyadError(result.error)
        return result.events

    def code_many(
        self,
        articles: Iterable[Union[str, Mapping[str, Any]]],
        *,
        date: DateLike = None,
    ) -> list[CodedArticle]:
        """Codes articles given as texts or as records with the fields ``dyad code``
        reads from JSONL (``id, text`` or ``html, date, title, url, source,
        language``). ``date`` dates the articles that carry none. An article that
        cannot be read gets its ``error``; the others go through."""
        lines = [_json.dumps(_record(a), ensure_ascii=False, default=str) for a in articles]
        if not lines:
            return []
        outcomes = _json.loads(self._native.code_jsonl("\n".join(lines) + "\n", _iso(date), "articles"))
        results = []
        for index, outcome in enumerate(outcomes):
            document = outcome.get("document")
            error = outcome.get("error")
            results.append(
                CodedArticle(
                    index=index,
                    id=document.get("id") if document else None,
                    coded=bool(outcome.get("coded")),
                    events=outcome.get("events") or [],
                    diagnostics=outcome.get("diagnostics") or [],
                    error=error,
                    document=document,
                    content_hash=outcome.get("content_hash"),
                )
            )
        return results

    def code_frame(
        self,
        articles: Iterable[Union[str, Mapping[str, Any]]],
        *,
        date: DateLike = None,
        day_window: int = 1,
    ):
        """Codes articles and returns a pandas DataFrame of their events in the columns
        of ``dyad export --format parquet``, merged across the articles as ``dyad
        ingest`` merges them (one row per event, with NumMentions, NumSources,
        NumArticles). Needs pandas and pyarrow."""
        return merge_frame(self.code_many(articles, date=date), day_window=day_window)

    def code_table(
        self,
        articles: Iterable[Union[str, Mapping[str, Any]]],
        *,
        date: DateLike = None,
        day_window: int = 1,
    ):
        """As :meth:`code_frame`, as a ``pyarrow.Table`` with the export's types (for
        Arrow-native tools: Polars, DuckDB, Spark). Needs pyarrow."""
        return merge_table(self.code_many(articles, date=date), day_window=day_window)


def _parquet_table(data: bytes):
    import pyarrow.parquet as pq

    return pq.read_table(_io.BytesIO(data))


def _parquet_frame(data: bytes):
    return _parquet_table(data).to_pandas()


def kept_versions(coded: Iterable[CodedArticle]) -> list[CodedArticle]:
    """The articles a store keeps of ``coded`` (in order): a repeat of an earlier
    article with the same id or URL and the same content is dropped, as ``dyad
    ingest`` skips it; of versions with different content, the last is kept."""
    seen: set[tuple[str, str, str]] = set()
    fresh: list[CodedArticle] = []
    for article in coded:
        if article.document is None:
            continue
        doc, digest = article.document, article.content_hash or ""
        keys = [("id", doc.get("id") or "", digest)] + ([("url", doc["url"], digest)] if doc.get("url") else [])
        if any(key in seen for key in keys):
            continue
        seen.update(keys)
        fresh.append(article)
    last: dict[tuple[str, str], int] = {}
    for position, article in enumerate(fresh):
        doc = article.document or {}
        last[("id", doc.get("id") or "")] = position
        if doc.get("url"):
            last[("url", doc["url"])] = position
    return [
        article
        for position, article in enumerate(fresh)
        if last[("id", (article.document or {}).get("id") or "")] == position
        and (not (article.document or {}).get("url") or last[("url", article.document["url"])] == position)
    ]


def merge_table(coded: Iterable[CodedArticle], *, day_window: int = 1):
    """Merges coded articles (in ingest order) into events by the store's rules and
    returns them as a ``pyarrow.Table`` in the export columns and types: what ``dyad ingest``
    then ``dyad export --format parquet`` give for the same articles, but for
    ``story_id`` (the store's grouping of near-duplicates), which is null, and ids
    after an article that replaces an earlier version of itself: ids are 1, 2, ... in
    order of first report, where a store had also numbered the replaced version's
    events."""
    coded = list(coded)
    # The store keeps one row per place, as first recorded under its key ("north Iraq"
    # and "Iraq" are one GeoNames id), by any stored version of any article.
    first_places: dict[str, Any] = {}
    keys_of: dict[int, list[Optional[str]]] = {}
    for article in coded:
        if article.coded and article.events:
            keys = [key[5] for key in _native.merge_keys(_json.dumps(article.events))]
            keys_of[id(article)] = keys
            for key, event in zip(keys, article.events):
                if key is not None:
                    first_places.setdefault(key, event["location"])
    payload = []
    for article in kept_versions(coded):
        if not article.coded:
            continue
        keys = keys_of.get(id(article), [])
        events = [
            dict(event, location=first_places[key]) if key is not None else event
            for key, event in zip(keys, article.events)
        ]
        payload.append({"document": article.document, "events": events})
    data, _first = _native.merge_parquet(_json.dumps(payload), day_window)
    return _parquet_table(data)


def merge_frame(coded: Iterable[CodedArticle], *, day_window: int = 1):
    """As :func:`merge_table`, as a pandas DataFrame."""
    return merge_table(coded, day_window=day_window).to_pandas()


def read_db(path: str):
    """The events of a Dyad store (``dyad ingest --db PATH``) as a pandas DataFrame,
    with the columns and values of ``dyad export --format parquet``."""
    return _parquet_frame(_native.read_db_parquet(str(path)))


__all__ = [
    "COLUMNS",
    "CodedArticle",
    "Coder",
    "DyadError",
    "kept_versions",
    "merge_frame",
    "merge_table",
    "read_db",
    "__version__",
]
