//! The shipped dictionaries: they load, lint clean, and report errors with places.

use dyad_kb::{Kb, KbError, Source};

#[test]
fn shipped_dictionaries_lint_clean() {
    let kb = Kb::load_embedded().expect("the shipped dictionaries load");
    let issues = kb.lint();
    let listing: Vec<String> = issues.iter().map(|issue| issue.to_string()).collect();
    assert!(issues.is_empty(), "{} lint issues:\n{}", issues.len(), listing.join("\n"));
}

#[test]
fn shipped_dictionaries_cover_the_issue_figures() {
    let stats = Kb::load_embedded().expect("the shipped dictionaries load").stats();
    assert!(stats.entities > 1200, "{stats:?}");
    assert!(stats.dated_roles > 1200, "{stats:?}");
}

fn load(text: &str) -> Result<Kb, KbError> {
    let codes = Source::new("codes.toml", "[blocks]\nGOV = \"government\"\nELI = \"elites\"\n");
    let countries = Source::new("countries.toml", "[[country]]\ncode = \"IRQ\"\nname = \"Iraq\"\n");
    Kb::from_sources(&[codes, countries, Source::new("people.toml", text)])
}

#[test]
fn unknown_code_names_file_line_and_field() {
    let text = "[[person]]\nid = \"x\"\nname = \"X Y\"\ncountry = \"IRQ\"\nroles = [\n  { code = \"IRQGUV\", start = \"2020-01-01\" },\n]\n";
    let error = load(text).expect_err("GUV is not a block");
    assert_eq!(
        error.to_string(),
        "people.toml:6: field `roles.code`: unknown CAMEO code \"IRQGUV\" (block \"GUV\" is not declared)"
    );
}

#[test]
fn malformed_date_names_file_line_and_field() {
    let text = "[[person]]\nid = \"x\"\nname = \"X Y\"\ncountry = \"IRQ\"\nroles = [\n  { code = \"IRQGOV\", start = \"2020-13-01\" },\n]\n";
    let error = load(text).expect_err("month 13");
    assert_eq!(
        error.to_string(),
        "people.toml:6: field `start`: malformed date \"2020-13-01\" (expected YYYY-MM-DD)"
    );
}

#[test]
fn unknown_field_is_a_syntax_error_with_its_line() {
    let text = "[[person]]\nid = \"x\"\nname = \"X Y\"\ncountry = \"IRQ\"\nrols = []\n";
    let error = load(text).expect_err("rols is a typo");
    let message = error.to_string();
    assert!(message.starts_with("people.toml:5: unknown field `rols`"), "{message}");
}

#[test]
fn role_ending_before_it_starts_is_rejected() {
    let text = "[[person]]\nid = \"x\"\nname = \"X Y\"\ncountry = \"IRQ\"\nroles = [{ code = \"IRQGOV\", start = \"2020-01-01\", end = \"2019-01-01\" }]\n";
    assert!(matches!(load(text), Err(KbError::Invalid { line: 5, .. })));
}

#[test]
fn lint_finds_collisions_and_overlapping_offices() {
    let text = "[[person]]\nid = \"a\"\nname = \"Ali Hassan\"\naliases = [\"Hassan\"]\ncountry = \"IRQ\"\nroles = [{ office = \"prime minister\", code = \"IRQGOV\", start = \"2020-01-01\", end = \"2021-01-01\" }]\n\n[[person]]\nid = \"b\"\nname = \"Omar Hassan\"\naliases = [\"Hassan\"]\ncountry = \"GOV\"\nroles = [{ office = \"prime minister\", code = \"IRQGOV\", start = \"2020-06-01\" }]\n";
    let kb = load(text).expect("loads");
    let kinds: Vec<&str> = kb.lint().iter().map(|issue| issue.kind).collect();
    assert!(kinds.contains(&"alias-collision"), "{kinds:?}");
    assert!(kinds.contains(&"overlapping-office"), "{kinds:?}");
    assert!(kinds.contains(&"unknown-country"), "{kinds:?}");
}

#[test]
fn overlay_replaces_and_adds_entries() {
    let dir = std::env::temp_dir().join(format!("dyad-kb-overlay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(
        dir.join("mine.toml"),
        "[[person]]\nid = \"joe-biden\"\nname = \"Joe Biden\"\ncountry = \"USA\"\ncode = \"USAGOV\"\n\n[[group]]\nid = \"zz-front\"\ncode = \"IRQUAF\"\nname = \"Zarqa Front\"\n",
    )
    .expect("write overlay");
    let kb = Kb::load_with_overlay(&dir).expect("overlay loads");
    std::fs::remove_dir_all(&dir).ok();
    assert_eq!(kb.lookup("Joe Biden", None).map(|l| l.code), Some("USAGOV".to_string()));
    assert_eq!(kb.lookup("Zarqa Front", None).map(|l| l.entity), Some("group/zz-front".to_string()));
}

/// Office holders of G20 and Middle Eastern countries, as a reader would name them:
/// `(description, date, entity)`.
const OFFICE_HOLDERS: &[(&str, &str, &str)] = &[
    ("the Japanese emperor", "2020-06-01", "person/naruhito"),
    ("the Qatari emir", "2020-06-01", "person/tamim-bin-hamad-al-thani"),
    ("Oman's sultan", "2021-06-01", "person/haitham-bin-tariq"),
    ("the Indian foreign minister", "2010-06-01", "person/s-m-krishna"),
    ("the Jordanian foreign minister", "2015-06-01", "person/nasser-judeh"),
    ("the German chancellor", "2010-06-01", "person/angela-merkel"),
    ("the Canadian foreign minister", "2023-06-01", "person/melanie-joly"),
    ("the Egyptian president", "2012-10-01", "person/mohamed-morsi"),
];

#[test]
fn office_descriptions_find_their_holder_on_the_date() {
    let kb = Kb::load_embedded().expect("the shipped dictionaries load");
    for &(description, date, entity) in OFFICE_HOLDERS {
        let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        let found = kb.lookup(description, Some(date)).map(|l| l.entity);
        assert_eq!(found.as_deref(), Some(entity), "{description} on {date}");
    }
}
