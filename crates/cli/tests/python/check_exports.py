#!/usr/bin/env python3
"""Reads `dyad export` files with the readers analysts use, and checks them.

Usage: check_exports.py EVENTS.tsv MENTIONS.tsv EVENTS.parquet EVENTS.csv PLOVER.jsonl
       PHOENIX.tsv N_EVENTS N_MENTIONS

GDELT files are read with pandas using GDELT 2.0's own column lists and types (and the
read options GDELT readers use: tab-separated, no header, codes as strings). The `gdelt`
package on PyPI (gdeltPyR) cannot be used for this: it only downloads GDELT's files from
GDELT's servers, and even importing it fetches a code table from the web, so it has no
way to read a local file. Parquet is read with pyarrow and, when installed, DuckDB.

Prints "SKIP: ..." and exits 0 when pandas or pyarrow is missing.
"""
import json
import sys

try:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq
except ImportError as err:
    print(f"SKIP: {err.name} is not installed (pip install pandas pyarrow)")
    sys.exit(0)

# GDELT 2.0 Event Database codebook: the 61 columns of the events table.
EVENT_COLUMNS = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate "
    "Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode "
    "Actor1Religion1Code Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code "
    "Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode "
    "Actor2Religion1Code Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code "
    "IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale "
    "NumMentions NumSources NumArticles AvgTone "
    "Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code "
    "Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID "
    "Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code "
    "Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID "
    "ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code "
    "ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID DATEADDED SOURCEURL"
).split()

# GDELT 2.0 Event Database codebook: the 16 columns of the mentions table.
MENTION_COLUMNS = (
    "GLOBALEVENTID EventTimeDate MentionTimeDate MentionType MentionSourceName MentionIdentifier "
    "SentenceID Actor1CharOffset Actor2CharOffset ActionCharOffset InRawText Confidence "
    "MentionDocLen MentionDocTone MentionDocTranslationInfo Extras"
).split()


def typed(columns, ints, floats):
    """Integer, float and string types per column; integers that may be empty are nullable."""
    return {c: ("Int64" if c in ints else "float64" if c in floats else "string") for c in columns}


EVENT_INTS = {"GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "IsRootEvent", "QuadClass",
              "NumMentions", "NumSources", "NumArticles", "Actor1Geo_Type", "Actor2Geo_Type",
              "ActionGeo_Type", "DATEADDED"}
EVENT_FLOATS = {"FractionDate", "GoldsteinScale", "AvgTone", "Actor1Geo_Lat", "Actor1Geo_Long",
                "Actor2Geo_Lat", "Actor2Geo_Long", "ActionGeo_Lat", "ActionGeo_Long"}
MENTION_INTS = {"GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "SentenceID",
                "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset", "InRawText", "Confidence",
                "MentionDocLen"}
MENTION_FLOATS = {"MentionDocTone"}


def read_gdelt(path, columns, ints, floats):
    # The options of GDELT's own readers: tab-separated, no header, every code a string.
    frame = pd.read_csv(path, sep="\t", header=None, names=columns, dtype=typed(columns, ints, floats),
                        quoting=3, keep_default_na=False, na_values={c: [""] for c in ints | floats})
    with open(path, encoding="utf-8") as f:
        widths = {line.rstrip("\n").count("\t") + 1 for line in f}
    assert widths == {len(columns)}, f"{path}: rows of {widths} columns, not {len(columns)}"
    return frame


def main():
    events_tsv, mentions_tsv, parquet_path, csv_path, plover_path, phoenix_path = sys.argv[1:7]
    n_events, n_mentions = int(sys.argv[7]), int(sys.argv[8])

    events = read_gdelt(events_tsv, EVENT_COLUMNS, EVENT_INTS, EVENT_FLOATS)
    assert len(events) == n_events, f"{len(events)} events, expected {n_events}"
    assert events["GLOBALEVENTID"].is_unique
    days = pd.to_datetime(events["SQLDATE"].astype(str), format="%Y%m%d")
    assert (days.dt.year == events["Year"]).all()
    assert (days.dt.year * 100 + days.dt.month == events["MonthYear"]).all()
    assert (events["FractionDate"].astype(int) == events["Year"]).all()
    pd.to_datetime(events["DATEADDED"].astype(str), format="%Y%m%d%H%M%S")
    assert events["EventCode"].str.fullmatch(r"\d{3,4}").all(), "EventCode keeps leading zeros"
    assert (events["EventRootCode"].str.len() == 2).all()
    assert (events["EventCode"].str[:3] == events["EventBaseCode"]).all()
    assert events["QuadClass"].between(1, 4).all()
    assert events["GoldsteinScale"].between(-10, 10).all()
    assert (events["NumMentions"] >= events["NumArticles"]).all()
    assert (events["NumArticles"] >= events["NumSources"]).all() and (events["NumSources"] >= 1).all()
    located = events[events["ActionGeo_Type"] > 0]
    assert located["ActionGeo_CountryCode"].str.fullmatch(r"[A-Z]{2}").all(), "FIPS country codes"
    assert located["ActionGeo_Lat"].between(-90, 90).all()
    print(f"pandas: gdelt-events ok ({len(events)} rows, {len(located)} with a place)")

    mentions = read_gdelt(mentions_tsv, MENTION_COLUMNS, MENTION_INTS, MENTION_FLOATS)
    assert len(mentions) == n_mentions, f"{len(mentions)} mentions, expected {n_mentions}"
    assert set(mentions["GLOBALEVENTID"]) == set(events["GLOBALEVENTID"])
    per_event = mentions.groupby("GLOBALEVENTID").size()
    num_mentions = events.set_index("GLOBALEVENTID")["NumMentions"]
    assert (per_event.sort_index() == num_mentions.sort_index()).all(), "NumMentions = mention rows"
    assert mentions["MentionType"].isin([1, 2]).all()
    assert (mentions["SentenceID"] >= 1).all()
    assert mentions["Confidence"].between(0, 100).all()
    assert (mentions["ActionCharOffset"] < mentions["MentionDocLen"]).all()
    print(f"pandas: gdelt-mentions ok ({len(mentions)} rows)")

    table = pq.read_table(parquet_path)
    schema = table.schema
    expected = {"id": pa.int64(), "date": pa.date32(), "cameo": pa.string(), "goldstein": pa.float32(),
                "quad_class": pa.int32(), "num_mentions": pa.int64(), "lat": pa.float64(),
                "published": pa.date32(), "place_fips": pa.string()}
    for name, kind in expected.items():
        assert schema.field(name).type == kind, f"{name}: {schema.field(name).type}, expected {kind}"
    assert not schema.field("id").nullable and schema.field("lat").nullable
    frame = table.to_pandas().set_index("id").sort_index()
    assert len(frame) == n_events
    gdelt = events.set_index("GLOBALEVENTID").sort_index()
    assert list(frame.index) == list(gdelt.index)
    assert (frame["num_mentions"].values == gdelt["NumMentions"].values).all()
    assert (pd.to_datetime(frame["date"]).dt.strftime("%Y%m%d").astype(int).values == gdelt["SQLDATE"].values).all()
    assert (frame["cameo"].str[:2].values == gdelt["EventRootCode"].values).all()
    print(f"pyarrow: parquet ok ({table.num_rows} rows, {len(schema)} typed columns)")

    csv = pd.read_csv(csv_path, dtype={"cameo": "string", "root": "string"})
    assert len(csv) == n_events and set(csv["id"]) == set(frame.index)
    assert csv["cameo"].str.fullmatch(r"\d{2,4}").all()
    with open(plover_path, encoding="utf-8") as f:
        plover = [json.loads(line) for line in f]
    assert {r["global_event_id"] for r in plover} == set(frame.index)
    phoenix = pd.read_csv(phoenix_path, sep="\t", header=None, dtype="string", quoting=3, keep_default_na=False)
    assert phoenix.shape == (n_events, 26), phoenix.shape
    print("pandas: csv, plover and phoenix ok")

    try:
        import duckdb
    except ImportError:
        print("duckdb: not installed, not checked")
        return
    con = duckdb.connect()
    count, mentions_sum = con.execute(
        "SELECT count(*), sum(num_mentions) FROM read_parquet(?)", [parquet_path]).fetchone()
    assert (count, mentions_sum) == (n_events, n_mentions), (count, mentions_sum)
    kind = con.execute("SELECT typeof(date), typeof(goldstein) FROM read_parquet(?) LIMIT 1",
                       [parquet_path]).fetchone()
    assert kind == ("DATE", "FLOAT"), kind
    print(f"duckdb: parquet ok ({count} rows)")


if __name__ == "__main__":
    main()
