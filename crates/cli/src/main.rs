//! `dyad`: the command line. Parses arguments, opens files, prints results and sets
//! the exit status; everything else happens in the library crates.

mod cmd;
mod inputs;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// News in, political event data out: who did what to whom, when and where.
#[derive(Parser)]
#[command(name = "dyad", version, about, long_about = None, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Code articles into events (CAMEO, PLOVER) and print them.
    #[command(long_about = "Code articles into events and print them.\n\n\
        Inputs are .txt files (one article each, dated with --date), .jsonl files (one \
        article per line: id, date, title, url, text), directories (read recursively) or - \
        for standard input. Bad records are reported on stderr with file and line; the \
        rest are still coded.\n\n\
        Example:\n  dyad code --format jsonl examples/seed-article.jsonl")]
    Code(cmd::code::CodeArgs),
    /// Code articles and store their events: idempotent, resumable, deduplicated across articles.
    #[command(long_about = "Code articles and store their events in a SQLite file (--db, default \
        ./dyad.db, created on first use).\n\n\
        Inputs are read as by `dyad code`. Documents already stored with the same content are \
        skipped; a new version of a document (same id or URL) replaces the old one's events. \
        Near-duplicate articles join one story, and the same event reported by several articles \
        becomes one event with several mentions. Documents are written in transactions of \
        --batch documents: after a crash or Ctrl-C, run the same command again.\n\n\
        Example:\n  dyad ingest --db news.db examples/seed-article.jsonl")]
    Ingest(cmd::ingest::IngestArgs),
    /// Find stored events by actor, dyad, code, date, place and words.
    #[command(long_about = "Find stored events by actor, dyad, code, date, place and words.\n\n\
        Actor codes match longer codes that start with them (USA matches USAGOV). --text \
        finds events reported by articles containing all the words.\n\n\
        Examples:\n  dyad query --dyad USA,IRQ --from 2021-07 --to 2021-07\n  \
        dyad query --actor IRN --code 19 --format csv --limit 100")]
    Query(cmd::query::QueryArgs),
    /// A dyad's time series from the store: events per QuadClass and Goldstein, by day, week or month.
    #[command(long_about = "A dyad's time series from the store's daily rollups: events per \
        QuadClass, Goldstein sum and mean, per day, week (named by its Monday) or month. Events \
        dated only to a month or year count on its first day.\n\n\
        Example:\n  dyad stats --dyad USA,IRQ --by week --json")]
    Stats(cmd::query::StatsArgs),
    /// Write stored events as GDELT 2.0 events or mentions, PLOVER, Phoenix, CSV or Parquet.
    #[command(long_about = "Write stored events to a file in the formats analysts' tools read.\n\n\
        gdelt-events and gdelt-mentions are GDELT 2.0's 61- and 16-column layouts (tab-separated, \
        no header, GDELT's date and code formats, FIPS country codes in the geo columns); plover \
        is PLOVER JSON, one record per line; phoenix is the Phoenix event data layout (26 \
        tab-separated columns); csv has a header; parquet has typed columns (dates, codes as \
        strings, Goldstein as float, counts as integers, coordinates as doubles). The filters \
        are those of `dyad query`. Events are streamed: exports of millions run in bounded \
        memory.\n\n\
        Examples:\n  dyad export --format gdelt-events --out events.tsv\n  \
        dyad export --format parquet --out usa-irq.parquet --dyad USA,IRQ --from 2021")]
    Export(cmd::export::ExportArgs),
    /// Show how Dyad read one sentence: tokens, parse, actors, events and the rules behind them.
    #[command(long_about = "Show how Dyad read a document or one of its sentences.\n\n\
        Without --sentence, lists the document's sentences, the boilerplate removed and \
        the events found. With --sentence N, shows that sentence's tokens and parse, the \
        actors found and why, and each event with the rule and dictionary entries that \
        made it.\n\n\
        Example:\n  dyad explain examples/seed-article.jsonl --sentence 3")]
    Explain(cmd::explain::ExplainArgs),
    /// Serve the JSON API and the web dashboard over a store.
    #[command(long_about = "Serve the JSON API (described at /openapi.json) and the web dashboard \
        (at /) over a store, on one address.\n\n\
        Read endpoints are open unless --private. Writes (POST /api/documents to code and \
        store articles, POST /api/admin/reload to read the dictionaries again) need the \
        token, sent as `Authorization: Bearer TOKEN`; without --token or DYAD_TOKEN the \
        server takes no writes.\n\n\
        Example:\n  dyad ingest --db news.db examples/seed-article.jsonl\n  \
        dyad serve --db news.db --addr 127.0.0.1:8080")]
    Serve(cmd::serve::ServeArgs),
    /// Keep a store current from RSS and Atom feeds: poll, fetch new articles, code and store them.
    #[command(long_about = "Keep a store current from RSS and Atom feeds.\n\n\
        Every --every (15m), fetches each feed of FEEDS.toml with a conditional GET, then \
        each new item's page, codes it and stores it. Requests to one host are spaced by \
        delay_seconds (2); failures are retried with exponential backoff; the user agent \
        names Dyad. The feeds' state (validators and the queue of items) is kept next to \
        the store, so a restart after a crash or a network failure loses and duplicates \
        nothing.\n\n\
        FEEDS.toml:\n  user_agent = \"dyad (news desk; contact@example.org)\"   # optional\n  \
        delay_seconds = 2\n  [[feed]]\n  url = \"https://news.example.org/world.rss\"\n  \
        name = \"Example World\"\n\n\
        Example:\n  dyad watch feeds.toml --db news.db --every 15m")]
    Watch(cmd::watch::WatchArgs),
    /// Measure accuracy on gold data.
    Eval(cmd::eval::EvalArgs),
    /// Query and check the actor knowledge base.
    Kb(cmd::kb::KbArgs),
    /// Read and convert TABARI/PETRARCH dictionaries (see --dict-format on `code` and `eval events`).
    Petrarch(cmd::petrarch::PetrarchArgs),
    /// Train models (the POS tagger and dependency parser).
    Train(cmd::train::TrainArgs),
    /// Build the place gazetteer from GeoNames data.
    Gazetteer(cmd::gazetteer::GazetteerArgs),
    /// Measure end-to-end speed on real inputs: one core, all cores, per stage.
    #[command(
        long_about = "Measure end-to-end speed on real inputs.\n\n        Reads the inputs into memory, then runs the whole pipeline over them on one thread         (timing each stage) and on all cores, and prints documents, sentences, words, MB and         events per second, the speed-up, the start-up time and the peak memory.\n\n        Example:\n  dyad bench --repeat 200 examples/seed-article.jsonl"
    )]
    Bench(cmd::bench::BenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Code(args) => cmd::code::run(args),
        Command::Ingest(args) => cmd::ingest::run(args),
        Command::Query(args) => cmd::query::run_query(args),
        Command::Stats(args) => cmd::query::run_stats(args),
        Command::Export(args) => cmd::export::run(args),
        Command::Explain(args) => cmd::explain::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Watch(args) => cmd::watch::run(args),
        Command::Eval(args) => cmd::eval::run(args),
        Command::Kb(args) => cmd::kb::run(args),
        Command::Petrarch(args) => cmd::petrarch::run(args),
        Command::Train(args) => cmd::train::run(args),
        Command::Gazetteer(args) => cmd::gazetteer::run(args),
        Command::Bench(args) => cmd::bench::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed pipe (`dyad code ... | head`) is the reader's choice, not a failure.
            if err.chain().any(|cause| {
                cause
                    .downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
