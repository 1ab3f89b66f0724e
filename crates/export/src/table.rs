//! A table a person can read in a terminal.

use std::io::{self, Write};

use dyad_model::Event;

/// Writes events as aligned columns, with a header before the first.
#[derive(Debug, Default)]
pub struct TableWriter {
    wrote_header: bool,
}

fn cell(text: &str, width: usize) -> String {
    let mut out: String = text.chars().take(width).collect();
    let len = out.chars().count();
    if text.chars().count() > width && width > 1 {
        out = out.chars().take(width - 1).collect::<String>() + "…";
    }
    out + &" ".repeat(width.saturating_sub(len))
}

impl TableWriter {
    /// Writes one event row.
    pub fn write_event(&mut self, out: &mut impl Write, event: &Event) -> io::Result<()> {
        if !self.wrote_header {
            writeln!(
                out,
                "{} {} {} {} {} {} {} TRIGGER / SENTENCE",
                cell("DATE", 10),
                cell("SOURCE", 10),
                cell("TARGET", 10),
                cell("CAMEO", 5),
                cell("Q", 1),
                cell("GOLD", 5),
                cell("MODALITY", 12),
            )?;
            self.wrote_header = true;
        }
        let code =
            |actor: &Option<dyad_model::Actor>| actor.as_ref().map_or("-".to_string(), |a| a.code.clone());
        let trigger =
            event.provenance.spans.iter().find(|s| s.role == "trigger").map_or("", |s| s.text.as_str());
        let sentence: String = event.text.split_whitespace().collect::<Vec<_>>().join(" ");
        writeln!(
            out,
            "{} {} {} {} {} {} {} {}",
            cell(&event.date.iso(), 10),
            cell(&code(&event.source), 10),
            cell(&code(&event.target), 10),
            cell(event.cameo.as_str(), 5),
            event.quad,
            cell(&format!("{:+.1}", event.goldstein), 5),
            cell(event.modality.as_str(), 12),
            cell(&format!("[{trigger}] {sentence}"), 70).trim_end()
        )
    }
}
