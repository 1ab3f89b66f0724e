//! `dyad kb`: the actor knowledge base.

use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Args, Subcommand};
use dyad_kb::Kb;

#[derive(Args, Debug)]
pub struct KbArgs {
    #[command(subcommand)]
    what: KbWhat,
    /// A folder of your own actor dictionaries, read on top of the built-in ones.
    #[arg(long, value_name = "DIR", global = true)]
    kb: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum KbWhat {
    /// Look up a name: which entity it is and its actor code on a date.
    #[command(long_about = "Look up a name: which entity it is and its actor code on a date.\n\n\
        Examples:\n  dyad kb lookup \"Joe Biden\" --date 2021-07-13\n  dyad kb lookup \"the Iraqi prime minister\" --date 2021-07-13 --json")]
    Lookup {
        /// The name, as it would appear in text.
        name: String,
        /// The date the code should hold on (default: the code without dated roles).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<NaiveDate>,
        /// Print one JSON object on the last line: entity, name, code, rule.
        #[arg(long)]
        json: bool,
    },
    /// Check the dictionaries: duplicate aliases, overlapping role dates, unknown codes,
    /// aliases that collide across entities. Exits non-zero when there are problems.
    Lint {
        /// Print one JSON object on the last line with the counts and problems.
        #[arg(long)]
        json: bool,
    },
}

fn load(overlay: &Option<PathBuf>) -> Result<Kb> {
    match overlay {
        Some(dir) => Kb::load_with_overlay(dir)
            .with_context(|| format!("loading actor dictionaries from {}", dir.display())),
        None => Kb::load_embedded().context("loading the built-in actor dictionaries"),
    }
}

pub fn run(args: KbArgs) -> Result<()> {
    let kb = load(&args.kb)?;
    match args.what {
        KbWhat::Lookup { name, date, json } => {
            let found = kb.lookup(&name, date);
            match &found {
                Some(hit) => {
                    println!("name    {}", hit.name);
                    println!("entity  {}", hit.entity);
                    println!(
                        "code    {}{}",
                        hit.code,
                        date.map(|d| format!(" (on {d})")).unwrap_or_default()
                    );
                    println!("rule    {}", hit.rule);
                }
                None => println!("{name:?}: no actor in the knowledge base"),
            }
            if json {
                let value = match found {
                    Some(hit) => serde_json::json!({
                        "query": name, "entity": hit.entity, "name": hit.name, "code": hit.code, "rule": hit.rule,
                    }),
                    None => serde_json::json!({
                        "query": name, "entity": null, "name": null, "code": null, "rule": null,
                    }),
                };
                println!("{value}");
            }
            Ok(())
        }
        KbWhat::Lint { json } => {
            let issues = kb.lint();
            let stats = kb.stats();
            for issue in &issues {
                println!("{issue}");
            }
            println!(
                "{} entities, {} aliases, {} dated roles, {} agent forms; {} problem(s)",
                stats.entities,
                stats.aliases,
                stats.dated_roles,
                stats.agent_forms,
                issues.len()
            );
            if json {
                let value = serde_json::json!({
                    "entities": stats.entities,
                    "aliases": stats.aliases,
                    "dated_roles": stats.dated_roles,
                    "agent_forms": stats.agent_forms,
                    "problems": issues.iter().map(|i| i.to_string()).collect::<Vec<_>>(),
                });
                println!("{value}");
            }
            if issues.is_empty() {
                Ok(())
            } else {
                anyhow::bail!("{} problem(s) in the actor dictionaries", issues.len())
            }
        }
    }
}
