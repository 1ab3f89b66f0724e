"""The Spark job against `dyad ingest` on the same corpus: time of each, and whether
their events agree. The README's figures come from it:

    python python/examples/spark_bench.py --dyad target/release/dyad --repeat 9 --json

The corpus is built from a JSONL file of news sentences (``text`` fields; by default
``../shared/news/event_location_dev.jsonl``): 15 sentences to an article, dated over a
year, the whole repeated ``--repeat`` times with new ids and URLs. Both runs get the
same file. The Spark run is timed by phase (start, numbering the input, coding,
merging, writing); the last line with ``--json`` is one JSON object.
"""

import argparse
import datetime
import json
import subprocess
import tempfile
import time
from pathlib import Path


def build_corpus(news: Path, repeat: int, out: Path) -> int:
    texts = [json.loads(line)["text"] for line in news.read_text().splitlines() if line.strip()]
    count = 0
    start = datetime.date(2021, 1, 1)
    with out.open("w") as corpus:
        for copy in range(repeat):
            for first in range(0, len(texts), 15):
                record = {
                    "id": f"a{count}",
                    "date": (start + datetime.timedelta(days=count % 365)).isoformat(),
                    "url": f"https://news{count % 7}.example/{copy}/a{count}",
                    "text": " ".join(texts[first : first + 15]),
                }
                corpus.write(json.dumps(record) + "\n")
                count += 1
    return count


def differing_rows(left, right) -> int:
    """Rows (by id) whose values differ in any column but the store's own ones."""
    columns = [c for c in left.columns if c not in ("story_id", "date_added")]
    left = left.sort_values("id").reset_index(drop=True)[columns]
    right = right.sort_values("id").reset_index(drop=True)[columns]
    if len(left) != len(right):
        return abs(len(left) - len(right)) + min(len(left), len(right))

    def cell(value):
        return "NA" if value is None or value != value else str(value)

    differ = None
    for column in columns:
        mask = left[column].map(cell) != right[column].map(cell)
        differ = mask if differ is None else differ | mask
    return int(differ.sum())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dyad", default="target/release/dyad", help="the dyad binary")
    parser.add_argument("--news", default="../shared/news/event_location_dev.jsonl")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--shuffle-partitions", type=int, default=8)
    parser.add_argument("--json", action="store_true", help="end with one JSON object")
    args = parser.parse_args()

    import pandas as pd
    from pyspark.sql import SparkSession

    from dyad import spark as dyad_spark

    work = Path(tempfile.mkdtemp(prefix="dyad-spark-bench-"))
    corpus = work / "corpus.jsonl"
    articles = build_corpus(Path(args.news), args.repeat, corpus)
    print(f"{articles} articles, {corpus.stat().st_size / 1e6:.1f} MB in {corpus}")

    began = time.perf_counter()
    subprocess.run([args.dyad, "ingest", "--db", str(work / "store.db"), str(corpus)], check=True)
    ingest_secs = time.perf_counter() - began
    subprocess.run(
        [args.dyad, "export", "--db", str(work / "store.db"), "--format", "parquet", "--out", str(work / "store.parquet")],
        check=True,
    )
    print(f"dyad ingest: {ingest_secs:.1f} s, {articles / ingest_secs:.0f} articles/s")

    phases = {}
    began = mark = time.perf_counter()

    def phase(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        phases[name] = round(now - mark, 2)
        mark = now

    spark = (
        SparkSession.builder.master(args.master)
        .config("spark.sql.shuffle.partitions", str(args.shuffle_partitions))
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    phase("start")
    lines = dyad_spark.read_articles(spark, str(corpus))
    phase("number")
    reports = dyad_spark.code_reports(lines).cache()
    report_count = reports.count()
    phase("code")
    events = dyad_spark.merge_events(reports).cache()
    event_count = events.count()
    phase("merge")
    dyad_spark.write_events(events, str(work / "spark-events"))
    phase("write")
    spark_secs = time.perf_counter() - began
    spark.stop()
    print(f"Spark ({args.master}): {spark_secs:.1f} s, {articles / spark_secs:.0f} articles/s; phases {phases}")

    stored = pd.read_parquet(work / "store.parquet")
    ours = pd.read_parquet(work / "spark-events").drop(columns=["year", "month"])
    differ = differing_rows(stored, ours)
    print(f"events: {len(stored)} from dyad ingest, {event_count} from Spark; {differ} rows differ")
    if args.json:
        print(
            json.dumps(
                {
                    "articles": articles,
                    "reports": report_count,
                    "events": event_count,
                    "rows_differing": differ,
                    "ingest_secs": round(ingest_secs, 2),
                    "ingest_docs_per_sec": round(articles / ingest_secs, 1),
                    "spark_secs": round(spark_secs, 2),
                    "spark_docs_per_sec": round(articles / spark_secs, 1),
                    "spark_code_docs_per_sec": round(articles / phases["code"], 1),
                    "spark_phases_secs": phases,
                }
            )
        )


if __name__ == "__main__":
    main()
