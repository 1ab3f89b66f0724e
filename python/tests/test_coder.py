"""The Python API against the command line: the same core must give the same events."""

import datetime
import json

import pytest

import dyad

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")


@pytest.fixture(scope="module")
def coder():
    return dyad.Coder()


def test_a_sentence_gives_its_event_with_actors_date_and_place(coder):
    events = coder.code(
        "Iraqi security forces fired rockets at Islamic State militants near Kirkuk on Monday.",
        date=datetime.date(2021, 7, 13),
        id="t1",
    )
    assert [e["cameo"][:2] for e in events] == ["19"]
    event = events[0]
    assert event["source"]["code"].startswith("IRQ")
    assert event["date"] == "2021-07-12"
    assert event["location"]["name"] == "Kirkuk"
    assert event["doc_id"] == "t1"
    # Provenance: the trigger span points into the text.
    trigger = next(s for s in event["provenance"]["spans"] if s["role"] == "trigger")
    assert trigger["text"] in event["text"]


def test_a_bad_record_is_reported_and_the_rest_go_through(coder):
    results = coder.code_many(
        [{"id": "bad", "text": 5}, "Russian President Vladimir Putin met Iranian President Hassan Rouhani in Moscow."],
        date="2021-07-14",
    )
    assert results[0].error is not None and "text" in results[0].error
    assert results[0].events == []
    assert results[1].error is None and results[1].coded
    assert {e["cameo"] for e in results[1].events} >= {"040"}


def test_code_raises_with_the_reason_for_an_unreadable_article(coder):
    with pytest.raises(dyad.DyadError, match="date"):
        coder.code("Some text.", date="not a date at all")


def test_the_events_are_those_of_dyad_code(coder, articles_path, cli_events):
    lines = articles_path.read_text().splitlines()
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            records.append({"id": "broken", "text": None})
    results = coder.code_many(records)
    ours = [e for r in results for e in r.events]
    assert len(ours) == len(cli_events) > 10
    assert ours == cli_events
    assert sum(r.error is not None for r in results) == 2


def test_the_frame_is_the_export_of_an_ingest(coder, articles_path, ingested):
    _, exported = ingested
    records = [json.loads(line) for line in articles_path.read_text().splitlines()[:-1]]
    frame = coder.code_frame(records)
    assert list(frame.columns) == [name for name, *_ in dyad.COLUMNS]
    # story_id is the store's own grouping of near-duplicate articles. Ids are in the
    # same order, but a store numbered the events of a version it later replaced (the
    # fixture has one), so from there on its ids run ahead.
    columns = [c for c in frame.columns if c not in ("story_id", "id")]
    exported = exported.sort_values("id").reset_index(drop=True)
    assert list(frame["id"]) == list(range(1, len(frame) + 1))
    assert exported["id"].is_monotonic_increasing and list(exported["id"]) != list(frame["id"])
    pd.testing.assert_frame_equal(frame[columns], exported[columns], check_dtype=True)
    # The store keeps a place as first recorded under its key, by the replaced version.
    assert "north Iraq" in set(frame["place_name"])
    assert frame["num_articles"].max() >= 3, "the wire story's three copies are one event"


def test_read_db_is_the_parquet_export(ingested):
    db, exported = ingested
    frame = dyad.read_db(db)
    pd.testing.assert_frame_equal(frame, exported)


def test_read_db_names_a_missing_store(tmp_path):
    with pytest.raises(OSError, match="nothing.db"):
        dyad.read_db(tmp_path / "nothing.db")


def test_the_schema_is_the_export_schema():
    names = [name for name, *_ in dyad.COLUMNS]
    assert names[:4] == ["id", "event_id", "date", "date_precision"]
    assert dict((n, t) for n, t, *_ in dyad.COLUMNS)["goldstein"] == "float"


def test_the_arrow_table_has_the_export_types_and_the_frame_rows(coder, articles_path, ingested):
    import pyarrow as pa

    _, exported = ingested
    records = [json.loads(line) for line in articles_path.read_text().splitlines()[:-1]]
    table = coder.code_table(records)
    arrow_types = {
        "int32": pa.int32(),
        "int64": pa.int64(),
        "float": pa.float32(),
        "double": pa.float64(),
        "date": pa.date32(),
        "string": pa.string(),
    }
    assert [(f.name, f.type) for f in table.schema] == [(n, arrow_types[t]) for n, t, *_ in dyad.COLUMNS]
    assert table.num_rows == len(exported)
    pd.testing.assert_frame_equal(table.to_pandas(), coder.code_frame(records))
