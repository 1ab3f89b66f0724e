//! Prints the times and quantities found in the first N records of a JSONL file with a
//! `text` field, for eyeballing: `cargo run --release -p dyad-timegeo --example
//! sample_stages -- FILE.jsonl [N]`.

use chrono::NaiveDate;
use dyad_model::{Doc, Document, Stage};
use dyad_timegeo::{QuantityStage, TimeStage};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: sample_stages FILE.jsonl [N]")?;
    let limit: usize = std::env::args().nth(2).map_or(Ok(200), |n| n.parse())?;
    for line in std::fs::read_to_string(path)?.lines().take(limit) {
        let record: serde_json::Value = serde_json::from_str(line)?;
        let mut document = Document::new("s", record["text"].as_str().unwrap_or(""));
        document.date = NaiveDate::from_ymd_opt(2018, 4, 5);
        let mut doc = Doc::new(document);
        let mut diags = Vec::new();
        dyad_text::SegmentStage::default().run(&mut doc, &mut diags);
        TimeStage::default().run(&mut doc, &mut diags);
        QuantityStage.run(&mut doc, &mut diags);
        for time in &doc.times {
            println!("TIME\t{}\t{}\t{}", doc.text_of(time.span), time.date.iso(), time.rule);
        }
        for quantity in &doc.quantities {
            println!(
                "QTY\t{}\t{:?}\t{}\t{}",
                doc.text_of(quantity.span),
                quantity.kind,
                quantity.value,
                quantity.approximate
            );
        }
    }
    Ok(())
}
