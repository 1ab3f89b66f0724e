//! Armed groups, parties, NGOs and groupings of states in sentences, and the
//! abbreviations that must not fire on ordinary words or on other organisations.

use chrono::NaiveDate;
use dyad_kb::{simple_tokens, Kb};

fn kb() -> &'static Kb {
    static KB: std::sync::OnceLock<Kb> = std::sync::OnceLock::new();
    KB.get_or_init(|| Kb::load_embedded().expect("the shipped dictionaries load"))
}

/// `(surface, code, entity)` of every mention in `text` on `date`.
fn mentions(text: &str, date: &str) -> Vec<(String, String, Option<String>)> {
    let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("a date");
    let tokens = simple_tokens(text);
    kb().match_sentence(&tokens, 0, 0, Some(date))
        .into_iter()
        .map(|m| (text[m.span.start..m.span.end].to_string(), m.actor.code, m.actor.entity))
        .collect()
}

/// Asserts that each `(surface, code)` is a mention of `text`.
fn check(text: &str, date: &str, expected: &[(&str, &str)]) {
    let found = mentions(text, date);
    for (surface, code) in expected {
        assert!(
            found.iter().any(|(s, c, _)| s == surface && c == code),
            "{text:?}: expected {surface:?} -> {code}; found {found:?}"
        );
    }
}

/// Asserts that no mention of `text` comes from `entity`.
fn check_not(text: &str, entity: &str) {
    let found = mentions(text, "2024-01-01");
    assert!(
        found.iter().all(|(.., e)| e.as_deref() != Some(entity)),
        "{text:?}: {entity} should not be found; found {found:?}"
    );
}

#[test]
fn the_islamic_state_by_its_long_names() {
    check(
        "The Islamic State of Iraq and al-Sham (ISIS) attacked Deir Ezzor; the Islamic State in Iraq and Sham denied it.",
        "2016-01-01",
        &[("Islamic State of Iraq and al-Sham", "IMGMUSISI"), ("Islamic State in Iraq and Sham", "IMGMUSISI")],
    );
}

#[test]
fn armed_groups_in_news_sentences() {
    check(
        "The ELN and FARC dissidents clashed in Arauca while Shining Path remnants hid in the VRAEM.",
        "2024-01-01",
        &[("ELN", "COLREBELN"), ("FARC dissidents", "COLREB"), ("Shining Path", "PERREBSLU")],
    );
    check(
        "M23 rebels seized Goma as CODECO and Mai-Mai militias attacked villages in Ituri.",
        "2025-01-28",
        &[("M23 rebels", "CODREBMTT"), ("CODECO", "CODUAF"), ("Mai-Mai militias", "CODUAF")],
    );
    check(
        "The Tigray People's Liberation Front signed the truce; Fano fighters and the OLA fought on.",
        "2022-11-02",
        &[
            ("Tigray People's Liberation Front", "ETHREBTPL"),
            ("Fano fighters", "ETHUAF"),
            ("OLA", "ETHREBOLA"),
        ],
    );
    check(
        "JNIM claimed the attack; Jaish al-Adl, the Arakan Army, ULFA and the New People's Army also fight.",
        "2024-01-01",
        &[
            ("JNIM", "IMGMUSAQI"),
            ("Jaish al-Adl", "IRNREBADL"),
            ("Arakan Army", "MMRREBARA"),
            ("ULFA", "INDREBULF"),
            ("New People's Army", "PHLREBNPA"),
        ],
    );
    check(
        "Troops killed Abu Sayyaf militants and members of the Maute group in Marawi.",
        "2017-06-01",
        &[("Abu Sayyaf militants", "PHLREBASG"), ("Maute group", "PHLREB")],
    );
}

#[test]
fn parties_ngos_and_groupings_in_news_sentences() {
    check(
        "Democrats and Republicans in Congress traded blame, Labour Party officials said.",
        "2024-01-01",
        &[("Democrats", "USAPTYDEM"), ("Republicans", "USAPTYREP"), ("Congress", "LEG")],
    );
    check(
        "The BJP beat the Congress party, and the AKP lost Istanbul to the CHP.",
        "2024-06-04",
        &[("BJP", "INDPTYBJP"), ("Congress party", "INDPTYINC"), ("AKP", "TURPTYAKP"), ("CHP", "TURPTYCHP")],
    );
    check(
        "Amnesty International, Human Rights Watch and Doctors Without Borders condemned the strikes.",
        "2024-01-01",
        &[
            ("Amnesty International", "NGOHRIAMN"),
            ("Human Rights Watch", "NGOHRIHRW"),
            ("Doctors Without Borders", "NGOHLHMSF"),
        ],
    );
    check(
        "BRICS leaders met as the G7 and the G20 prepared their summits and AUKUS partners talked.",
        "2024-01-01",
        &[("BRICS leaders", "IGOBRC"), ("G7", "IGOWSTGSV"), ("G20", "IGOBUSGTW"), ("AUKUS", "IGOWSTAUK")],
    );
}

#[test]
fn names_with_a_possessive_inside_match() {
    check(
        "The Lord's Resistance Army and the Kurdistan Workers' Party were named.",
        "2024-01-01",
        &[("Lord's Resistance Army", "UGAREB"), ("Kurdistan Workers' Party", "TURREBPKK")],
    );
    // A possessive the alias does not have still ends a name.
    check("Iraq's prime minister spoke.", "2024-01-01", &[("Iraq's prime minister", "IRQGOV")]);
}

#[test]
fn leaders_follow_their_dated_roles() {
    check("Timochenko spoke.", "2015-01-01", &[("Timochenko", "COLREBFRC")]);
    check("Timochenko spoke.", "2020-01-01", &[("Timochenko", "COLPTYCMN")]);
    check("Kemal Kilicdaroglu spoke.", "2015-01-01", &[("Kemal Kilicdaroglu", "TURPTYCHP")]);
    check("Kemal Kilicdaroglu spoke.", "2024-01-01", &[("Kemal Kilicdaroglu", "TURELI")]);
    check("Iyad Ag Ghaly spoke.", "2013-01-01", &[("Iyad Ag Ghaly", "MLIREB")]);
    check("Iyad Ag Ghaly spoke.", "2018-01-01", &[("Iyad Ag Ghaly", "IMGMUSAQI")]);
}

#[test]
fn ambiguous_abbreviations_do_not_fire_on_words_or_other_organisations() {
    // "ADF" is also the Australian Defence Force: only "ADF rebels" and the like are the
    // Allied Democratic Forces.
    check_not("The ADF sent two frigates to the Pacific.", "group/adf");
    check("ADF rebels killed 40 villagers near Beni.", "2024-01-01", &[("ADF rebels", "UGAREBADF")]);
    // "Fano" is an Italian town as well as the Amhara militia.
    check_not("The festival in Fano drew tourists from Rome.", "group/fano");
    // "PTI" is the Press Trust of India.
    check_not("PTI reported that the minister resigned.", "group/pti");
    check(
        "Pakistan Tehreek-e-Insaf supporters marched.",
        "2024-01-01",
        &[("Pakistan Tehreek-e-Insaf", "PAKPTYPTI")],
    );
    // "NPA" is also South Africa's prosecuting authority.
    check_not("The NPA dropped the charges against him.", "group/new-peoples-army");
    // Ordinary words: an amnesty, labour law, a quad bike.
    check_not("The government offered an amnesty to rebels who surrender.", "group/amnesty-international");
    check_not("The Ministry of Labour set a new minimum wage.", "group/uk-labour-party");
    check_not("he rode a quad bike", "igo/quad");
    // "Social Democrats" of any country are no US Democrats.
    check_not("Denmark's Social Democrats won the vote.", "group/us-democratic-party");
}

#[test]
fn acronyms_are_not_read_into_capitalised_words() {
    // "ISGS" (Islamic State in the Greater Sahara) shares its consonants with "Isaacs".
    check_not("The sportswriter Stan Isaacs wrote about it.", "group/islamic-state-sahel");
}

#[test]
fn portfolios_police_officers_and_armed_men_are_roles() {
    check(
        "The Kenyan finance minister met Iraq's oil minister after armed men kidnapped two Nigerian police officers.",
        "2022-07-13",
        &[
            ("Kenyan finance minister", "KENGOV"),
            ("Iraq's oil minister", "IRQGOV"),
            ("armed men", "UAF"),
            ("Nigerian police officers", "NGACOP"),
        ],
    );
}
