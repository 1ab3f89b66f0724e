"""The Spark job in local mode against the single-machine commands on the same input:
the coding step must give the events of `dyad code`, the merged events those of
`dyad ingest` + `dyad export --format parquet`, and the time series that of
`dyad stats`."""

import json
import shutil

import pytest

import dyad

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed")
if shutil.which("java") is None:
    pytest.skip("Spark needs a Java runtime (java not found)", allow_module_level=True)

from pyspark.sql import SparkSession  # noqa: E402

from dyad import spark as dyad_spark  # noqa: E402

from conftest import run_dyad  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    session = (
        SparkSession.builder.master("local[2]")
        .appName("dyad-tests")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def job(spark, articles_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("spark") / "events"
    # Two partitions of the input: the job must not depend on how the corpus is split.
    articles = dyad_spark.read_articles(spark, str(articles_path), min_partitions=2)
    reports = dyad_spark.code_reports(articles).cache()
    events = dyad_spark.merge_events(reports)
    dyad_spark.write_events(events, str(out))
    return reports, out


def test_the_coding_step_gives_the_events_of_dyad_code(job, cli_events):
    reports, _ = job
    rows = reports.where("error IS NULL AND report >= 0").orderBy("seq", "report").collect()
    ours = [json.loads(row.event) for row in rows]
    assert len(ours) == len(cli_events) > 10
    assert ours == cli_events


def test_rejected_articles_are_reported_with_the_reason(job):
    reports, _ = job
    errors = [row.error for row in reports.where("error IS NOT NULL").collect()]
    assert len(errors) == 2
    assert any("field `text`" in error for error in errors)


def test_the_merged_events_are_those_of_an_ingest(spark, job, ingested):
    _, out = job
    _, exported = ingested
    # The files hold exactly the export columns; year and month are folders.
    frame = pd.read_parquet(out).drop(columns=["year", "month"])
    assert sorted(frame.columns) == sorted(exported.columns)
    # Ids are in the same order; after a replaced version (the fixture has one) the
    # store's run ahead, as it numbered the replaced version's events too.
    columns = [c for c in exported.columns if c not in ("story_id", "id")]
    frame = frame.sort_values("id").reset_index(drop=True)
    exported = exported.sort_values("id").reset_index(drop=True)
    assert list(frame["id"]) == list(range(1, len(frame) + 1))
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    frame["published"] = pd.to_datetime(frame["published"]).dt.date
    pd.testing.assert_frame_equal(frame[columns], exported[columns], check_dtype=False)
    assert "north Iraq" in set(exported["place_name"]), "the fixture keeps the first name of a place"

    assert exported["num_articles"].max() >= 3
    partitions = sorted(p.name for p in out.glob("year=*/month=*"))
    assert partitions and all(p.startswith("month=") for p in partitions)


def test_the_time_series_is_that_of_dyad_stats(spark, job, ingested, dyad_bin):
    _, out = job
    db, _ = ingested
    events = spark.read.parquet(str(out))
    for source, target in [("IRQ", "IMG"), ("IGO", "IRQ"), ("TUR", "IRQ")]:
        series = dyad_spark.dyad_series(events, source, target, by="month").collect()
        stats = json.loads(
            run_dyad(dyad_bin, "stats", "--db", db, "--dyad", f"{source},{target}", "--by", "month", "--json")
            .strip()
            .splitlines()[-1]
        )
        expected = [
            (p["period"], p["events"], p["quad"], round(p["goldstein_sum"], 1)) for p in stats["periods"]
        ]
        ours = [(r.period, r.events, [r.quad1, r.quad2, r.quad3, r.quad4], r.goldstein_sum) for r in series]
        assert ours == expected, (source, target)
        assert ours, f"{source},{target} has events in the fixtures"


def test_spark_sql_reads_the_output(spark, job):
    _, out = job
    spark.read.parquet(str(out)).createOrReplaceTempView("events")
    rows = spark.sql(
        "SELECT root_code, count(*) AS n, sum(num_articles) AS articles FROM events GROUP BY root_code ORDER BY root_code"
    ).collect()
    assert {r.root_code for r in rows} >= {"19", "04"}


def test_lines_are_numbered_in_file_order_across_files_and_splits(spark, articles_path, tmp_path):
    # A small first file and a big second one, read in splits of a few lines: Spark
    # schedules the big file's splits first and packs small files together.
    lines = [line for line in articles_path.read_text().splitlines() if line.strip()]
    (tmp_path / "a.jsonl").write_text("\n".join(lines[:2]) + "\n")
    (tmp_path / "b.jsonl").write_text("\n".join(lines[2:] * 4) + "\n")
    keys = ("spark.sql.files.maxPartitionBytes", "spark.sql.files.openCostInBytes")
    previous = {key: spark.conf.get(key) for key in keys}
    spark.conf.set("spark.sql.files.maxPartitionBytes", "1500")
    spark.conf.set("spark.sql.files.openCostInBytes", "0")
    try:
        rows = dyad_spark.read_articles(spark, str(tmp_path)).collect()
        assert dyad_spark.read_articles(spark, str(tmp_path)).rdd.getNumPartitions() > 2
    finally:
        for key, value in previous.items():
            spark.conf.set(key, value)
    got = [row["line"] for row in sorted(rows, key=lambda row: row["seq"])]
    assert got == lines[:2] + lines[2:] * 4
    assert sorted(row["seq"] for row in rows) == list(range(len(rows)))


def test_the_command_runs_the_whole_job(articles_path, ingested, tmp_path):
    # `python -m dyad.spark`, as the README gives it, in a Spark of its own.
    import subprocess
    import sys

    _, exported = ingested
    out = tmp_path / "events"
    done = subprocess.run(
        [sys.executable, "-m", "dyad.spark", str(articles_path), "--out", str(out)]
        + ["--master", "local[1]", "--shuffle-partitions", "2"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    lines = [line for line in articles_path.read_text().splitlines() if line.strip()]
    assert counts["articles"] == len(lines)
    assert counts["rejected"] == 2
    assert counts["events"] == len(exported) == len(pd.read_parquet(out))
