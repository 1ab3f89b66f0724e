//! Dates: publication dates as feeds, pages and records write them
//! (`dyad_ingest::parse_date`), and time expressions in text resolved against a
//! document date anywhere in chrono's range (`dyad_timegeo`).
#![no_main]

use chrono::{Datelike, NaiveDate};
use dyad_fuzz::{check_doc, text_of};
use dyad_model::{Doc, Document, Stage};
use dyad_timegeo::{tokens::tokenize_doc, Tense, TimeStage};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 5 {
        return;
    }
    let (head, rest) = data.split_at(5);
    let text = text_of(rest, 16 * 1024);
    if let Some(date) = dyad_ingest::parse_date(&text) {
        // Exports write four-digit years (GDELT's SQLDATE is YYYYMMDD).
        assert!((1..=9999).contains(&date.year()), "implausible year {date} from {text:?}");
    }
    // A document date anywhere in chrono's range, the extremes included: relative
    // expressions must not step past them.
    let days = i32::from_le_bytes([head[0], head[1], head[2], head[3]]);
    let date = NaiveDate::from_num_days_from_ce_opt(days).unwrap_or(NaiveDate::MAX);
    let date = match head[4] % 8 {
        0 => NaiveDate::MIN,
        1 => NaiveDate::MAX,
        _ => date,
    };
    let tense = match head[4] / 8 % 3 {
        0 => Tense::Infer,
        1 => Tense::Past,
        _ => Tense::Future,
    };
    let mut document = Document::new("fuzz", text.clone());
    document.date = Some(date);
    let mut doc = Doc::new(document);
    tokenize_doc(&mut doc);
    TimeStage { tense }.run(&mut doc, &mut Vec::new());
    check_doc(&doc, &text);
});
