"""Dyad on Spark: code a corpus with the Rust core in every executor, merge the events
across articles by the same rules as ``dyad ingest``, write partitioned Parquet in the
schema of ``dyad export --format parquet``.

The job has three steps, each a plain DataFrame transformation::

    from dyad import spark as dyad_spark
    articles = dyad_spark.read_articles(spark, "news/*.jsonl")     # one row per JSONL line
    reports = dyad_spark.code_reports(articles, date="2021-07-13")   # one row per coded event
    events = dyad_spark.merge_events(reports)                       # one row per event
    dyad_spark.write_events(events, "events/")                      # Parquet, by year and month

- ``code_reports`` runs the coder with ``mapInArrow`` over batches of articles; each
  Python worker loads the coder once (under a second) and keeps it for every batch.
- ``merge_events`` keeps one version of each article (a repeat of the same id or URL
  with the same content is dropped, as the store skips it; of different versions the
  last is kept), then partitions the reports by the merge key (directed dyad, CAMEO
  root, modality, date precision), which no event crosses, and merges each partition
  in input order with the store's own code. Events are numbered 1, 2, ... in order
  of first report, as a fresh store numbers them (unless the input replaces an
  article by a newer version: the store had numbered the replaced version's events
  too); ``story_id`` (the store's grouping of near-duplicate articles) is null.

The order of the input is the order of ingest: ``read_articles`` numbers lines in
file order (``seq``); give ``seq`` yourself when articles come from elsewhere.
"""

from __future__ import annotations

import json
from typing import Any, Iterator, Optional

import pyarrow as pa

from . import COLUMNS, Coder, _native

#: One row per coded event (or per rejected article, with ``error`` set).
REPORT_FIELDS = [
    ("seq", "long"),
    ("report", "long"),
    ("doc_id", "string"),
    ("url", "string"),
    ("content_hash", "string"),
    ("source_code", "string"),
    ("target_code", "string"),
    ("root", "string"),
    ("modality", "string"),
    ("date_precision", "string"),
    ("place_key", "string"),
    ("document", "string"),
    ("event", "string"),
    ("error", "string"),
]

_SPARK_TYPES = {
    "int32": "int",
    "int64": "long",
    "float": "float",
    "double": "double",
    "date": "date",
    "string": "string",
}


def report_schema() -> str:
    """The DDL schema of ``code_reports``' output."""
    return ", ".join(f"{name} {kind}" for name, kind in REPORT_FIELDS)


def event_schema(extra: tuple[tuple[str, str], ...] = ()) -> str:
    """The DDL schema of the export (``dyad export --format parquet``), in order."""
    columns = [
        f"{name} {_SPARK_TYPES[kind]}{'' if nullable else ' NOT NULL'}" for name, kind, nullable, _ in COLUMNS
    ]
    columns += [f"{name} {kind}" for name, kind in extra]
    return ", ".join(columns)


def read_articles(spark, paths, *, min_partitions: Optional[int] = None):
    """Article records from JSONL files as rows ``(seq, line)``: each line is kept as
    written (Dyad's own reader parses it, exactly as ``dyad code`` would) and ``seq``
    grows in input order: files in name order (as ``dyad ingest`` reads a directory,
    and as a shell expands a glob), lines in file order. Blank lines are skipped, as
    Dyad's reader skips them. Counting the lines of each file split takes one scan of
    the input before the job."""
    from pyspark.sql import functions as F

    # Spark's row ids grow within a split of a file, but splits are scheduled by size
    # and small files share a task, so the ids alone do not follow the files. Each
    # (file, split) is a run of consecutive ids: number the runs in file order.
    frame = (
        spark.read.text(paths)
        .withColumn("_id", F.monotonically_increasing_id())
        .withColumn("_file", F.input_file_name())
        .withColumn("_split", F.shiftrightunsigned("_id", 33))
    )
    runs = frame.groupBy("_file", "_split").agg(F.min("_id").alias("_first"), F.count("*").alias("_lines"))
    offsets, total = [], 0
    for run in sorted(runs.collect(), key=lambda row: (row["_file"], row["_first"])):
        offsets.append((run["_file"], run["_split"], total - run["_first"]))
        total += run["_lines"]
    offsets_frame = spark.createDataFrame(offsets, "_file string, _split long, _offset long")
    frame = frame.join(F.broadcast(offsets_frame), ["_file", "_split"]).withColumn(
        "seq", F.col("_id") + F.col("_offset")
    )
    if min_partitions:
        frame = frame.repartition(min_partitions)
    return frame.where(F.trim("value") != "").select("seq", F.col("value").alias("line"))


# One coder per Python worker process: loading it takes most of a second, and Spark
# calls the batch function many times in the same worker.
_CODERS: dict[str, Coder] = {}


def _coder(options_json: str) -> Coder:
    coder = _CODERS.get(options_json)
    if coder is None:
        coder = Coder(**json.loads(options_json))
        _CODERS[options_json] = coder
    return coder


def _report_batches(
    batches: Iterator[pa.RecordBatch], options_json: str, date: Optional[str]
) -> Iterator[pa.RecordBatch]:
    coder = _coder(options_json)
    names = [name for name, _ in REPORT_FIELDS]
    for batch in batches:
        seqs = batch.column("seq").to_pylist()
        lines = batch.column("line").to_pylist()
        if not lines:
            continue
        # Lines go to the native reader as they are, one per line: what `dyad code`
        # reads from the file.
        jsonl = "\n".join(lines) + "\n"
        outcomes = json.loads(coder._native.code_jsonl(jsonl, date, "articles"))
        rows: dict[str, list[Any]] = {name: [] for name in names}

        def add(**values: Any) -> None:
            for name in names:
                rows[name].append(values.get(name))

        for seq, outcome in zip(seqs, outcomes):
            document = outcome.get("document")
            if outcome.get("error") is not None:
                add(seq=seq, report=-1, error=f"line seq {seq}: {outcome['error']}")
                continue
            if not outcome.get("coded"):
                continue
            doc_json = json.dumps(document)
            events = outcome.get("events") or []
            keys = _native.merge_keys(json.dumps(events)) if events else []
            if not events:
                # An article without events still counts as read and stored.
                add(seq=seq, report=-1, doc_id=document["id"], url=document.get("url"),
                    content_hash=outcome.get("content_hash"), document=doc_json)
            for index, (event, key) in enumerate(zip(events, keys)):
                add(
                    seq=seq,
                    report=index,
                    doc_id=document["id"],
                    url=document.get("url"),
                    content_hash=outcome.get("content_hash"),
                    source_code=key[0],
                    target_code=key[1],
                    root=key[2],
                    modality=key[3],
                    date_precision=key[4],
                    place_key=key[5],
                    document=doc_json,
                    event=json.dumps(event),
                )
        yield pa.RecordBatch.from_pydict(
            rows,
            schema=pa.schema(
                [(name, pa.int64() if kind == "long" else pa.string()) for name, kind in REPORT_FIELDS]
            ),
        )


def code_reports(articles, *, date: Optional[str] = None, **coder_options: Any):
    """Codes articles (rows ``seq, line`` as from :func:`read_articles`) in the
    executors. One row per coded event; an article that could not be read is one row
    with ``error`` set (filter ``error IS NOT NULL`` to see them), an article without
    events one row with ``report = -1``. ``date`` dates articles that carry none;
    ``coder_options`` go to :class:`dyad.Coder`."""
    options_json = json.dumps(coder_options, sort_keys=True)
    return articles.select("seq", "line").mapInArrow(
        lambda batches: _report_batches(batches, options_json, date), report_schema()
    )


def kept_documents(reports):
    """The (seq) of the article versions the store would keep: a repeat of an earlier
    article with the same id or URL and the same content is dropped; of versions with
    different content, the last one in input order is kept."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    docs = reports.where(F.col("error").isNull()).select("seq", "doc_id", "url", "content_hash").distinct()
    first_of = lambda *cols: Window.partitionBy(*cols).orderBy("seq")  # noqa: E731
    docs = (
        docs.withColumn("repeat_id", F.row_number().over(first_of("doc_id", "content_hash")) > 1)
        .withColumn(
            "repeat_url",
            F.when(F.col("url").isNull(), F.lit(False)).otherwise(
                F.row_number().over(first_of("url", "content_hash")) > 1
            ),
        )
        .where(~F.col("repeat_id") & ~F.col("repeat_url"))
    )
    last_of = lambda col: F.max("seq").over(Window.partitionBy(col))  # noqa: E731
    docs = docs.withColumn("last_id", last_of("doc_id")).withColumn(
        "last_url", F.when(F.col("url").isNull(), F.col("seq")).otherwise(last_of("url"))
    )
    return docs.where((F.col("seq") == F.col("last_id")) & (F.col("seq") == F.col("last_url"))).select("seq")


#: The merge key: no two reports with different keys are ever one event.
MERGE_KEY = ("source_code", "target_code", "root", "modality", "date_precision")


def _merge_partition(batches: Iterator[pa.RecordBatch], day_window: int) -> Iterator[pa.RecordBatch]:
    """Merges every report of a partition at once. The partition holds all reports of
    each of its merge keys (it was partitioned by the key), and the store's merger keeps
    keys apart itself, so one native call per partition gives what one per key would,
    without the per-group cost (most keys have a single report)."""
    import io

    import pyarrow.parquet as pq

    table = pa.Table.from_batches(list(batches))
    if table.num_rows == 0:
        return
    table = table.sort_by([("seq", "ascending"), ("report", "ascending")])
    coded: list[dict[str, Any]] = []
    origins: list[tuple[int, int]] = []
    last_seq = None
    names = ("seq", "report", "document", "event", "first_location")
    columns = [table.column(name).to_pylist() for name in names]
    for seq, report, document, event, first_location in zip(*columns):
        if seq != last_seq:
            coded.append({"document": json.loads(document), "events": []})
            last_seq = seq
        event = json.loads(event)
        if first_location is not None:
            event["location"] = json.loads(first_location)
        coded[-1]["events"].append(event)
        origins.append((seq, report))
    data, first = _native.merge_parquet(json.dumps(coded), day_window)
    merged = pq.read_table(io.BytesIO(data))
    merged = merged.append_column("first_seq", pa.array([origins[i][0] for i in first], pa.int64()))
    merged = merged.append_column("first_report", pa.array([origins[i][1] for i in first], pa.int64()))
    yield from merged.to_batches()


def merge_events(reports, *, day_window: int = 1, partitions: Optional[int] = None):
    """Merges reports into events as ``dyad ingest`` does (one row per event, with
    NumMentions, NumSources, NumArticles), numbered as a fresh store numbers them.
    ``partitions``: how many tasks merge (default ``spark.sql.shuffle.partitions``)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    coded = reports.where(F.col("error").isNull() & (F.col("report") >= 0))
    # The store keeps one row per place, as first recorded under its key ("north Iraq"
    # and "Iraq" are one GeoNames id): every event takes its place from the first
    # report of that place, in any stored version of any article.
    first = Window.partitionBy("place_key").orderBy("seq", "report")
    first_places = (
        coded.where(F.col("place_key").isNotNull())
        .withColumn("rank", F.row_number().over(first))
        .where(F.col("rank") == 1)
        .select("place_key", F.get_json_object("event", "$.location").alias("first_location"))
    )
    events = coded.join(kept_documents(reports), "seq").join(first_places, "place_key", "left")
    events = events.repartition(partitions, *MERGE_KEY) if partitions else events.repartition(*MERGE_KEY)
    extra = (("first_seq", "long"), ("first_report", "long"))
    merged = events.mapInArrow(lambda batches: _merge_partition(batches, day_window), event_schema(extra))
    # Ids as a store gives them: in order of each event's first report.
    columns = [name for name, *_ in COLUMNS]
    return _number_in_order(merged, "id", "first_seq", "first_report").select(*columns)


def _number_in_order(frame, name: str, *order: str):
    """``frame`` with ``name`` = 1, 2, ... in the order of the columns ``order``,
    computed without moving every row to one task (which a window over the whole frame
    would do): rows are range-partitioned on ``order``, numbered within their
    partition, and each partition's count offsets the next. Runs one small job now, to
    count the partitions."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    within = Window.partitionBy("_part").orderBy(*order)
    parts = (
        frame.repartitionByRange(*order)
        .withColumn("_part", F.spark_partition_id())
        .withColumn("_row", F.row_number().over(within))
        # Kept, so that the counts below and the rows numbered later are one partitioning.
        .persist()
    )
    counts = sorted((row["_part"], row["count"]) for row in parts.groupBy("_part").count().collect())
    offsets, total = [], 0
    for part, count in counts:
        offsets.append((part, total))
        total += count
    offsets_frame = frame.sparkSession.createDataFrame(offsets, "_part int, _offset long")
    return (
        parts.join(F.broadcast(offsets_frame), "_part")
        .withColumn(name, (F.col("_offset") + F.col("_row")).cast("long"))
        .drop("_part", "_row", "_offset")
    )


def write_events(events, path: str, *, mode: str = "overwrite") -> None:
    """Writes events as Parquet partitioned by ``year`` and ``month`` of the event
    date; the files hold exactly the export columns."""
    from pyspark.sql import functions as F

    (
        events.withColumn("year", F.year("date"))
        .withColumn("month", F.month("date"))
        .write.mode(mode)
        .partitionBy("year", "month")
        .parquet(path)
    )


def dyad_series(events, source: str, target: str, *, by: str = "month"):
    """A dyad's time series over events (as ``dyad stats --dyad SOURCE,TARGET --by
    BY``): per period, the events, the count per QuadClass and the Goldstein sum and
    mean. Codes match as prefixes (``USA`` matches ``USAGOV``)."""
    from pyspark.sql import functions as F

    if by == "month":
        period = F.date_format("date", "yyyy-MM")
    elif by == "week":
        period = F.date_format(F.date_trunc("week", "date"), "yyyy-MM-dd")
    elif by == "day":
        period = F.date_format("date", "yyyy-MM-dd")
    else:
        raise ValueError(f"by={by!r}: expected day, week or month")
    dyad = events.where(
        F.col("source_code").startswith(source.upper()) & F.col("target_code").startswith(target.upper())
    )
    return (
        dyad.groupBy(period.alias("period"))
        .agg(
            F.count("*").alias("events"),
            *[F.sum(F.when(F.col("quad_class") == q, 1).otherwise(0)).alias(f"quad{q}") for q in (1, 2, 3, 4)],
            F.round(F.sum("goldstein"), 1).alias("goldstein_sum"),
        )
        .withColumn("goldstein_mean", F.col("goldstein_sum") / F.col("events"))
        .orderBy("period")
    )


def run(spark, inputs, output: str, *, date: Optional[str] = None, day_window: int = 1) -> dict[str, int]:
    """The whole job: read, code, merge, write. Returns counts (articles, rejected,
    reports, events) for the log."""
    from pyspark.sql import functions as F

    articles = read_articles(spark, inputs)
    reports = code_reports(articles, date=date).cache()
    events = merge_events(reports, day_window=day_window).cache()
    write_events(events, output)
    counts = {
        "articles": articles.count(),
        "rejected": reports.where(F.col("error").isNotNull()).count(),
        "reports": reports.where(F.col("error").isNull() & (F.col("report") >= 0)).count(),
        "events": events.count(),
    }
    reports.unpersist()
    events.unpersist()
    return counts


def main(argv: Optional[list[str]] = None) -> None:
    """``python -m dyad.spark INPUT... --out DIR [--date D] [--master local[2]]
    [--shuffle-partitions N]``: the whole job, then its counts as one JSON line."""
    import argparse

    from pyspark.sql import SparkSession

    parser = argparse.ArgumentParser(prog="python -m dyad.spark", description=main.__doc__)
    parser.add_argument("inputs", nargs="+", help="JSONL article files (globs allowed)")
    parser.add_argument("--out", required=True, help="output folder for Parquet")
    parser.add_argument("--date", help="publication date for articles without one (YYYY-MM-DD)")
    parser.add_argument("--master", default=None, help="Spark master (default: from spark-submit)")
    parser.add_argument(
        "--shuffle-partitions",
        type=int,
        help="tasks for the merge (spark.sql.shuffle.partitions; Spark's default of 200 is"
        " too many for one machine: a few per core there, a few per GB of reports on a cluster)",
    )
    args = parser.parse_args(argv)
    builder = SparkSession.builder.appName("dyad")
    if args.master:
        builder = builder.master(args.master)
    if args.shuffle_partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(args.shuffle_partitions))
    spark = builder.getOrCreate()
    counts = run(spark, args.inputs, args.out, date=args.date)
    print(json.dumps(counts))
    spark.stop()


if __name__ == "__main__":
    main()
