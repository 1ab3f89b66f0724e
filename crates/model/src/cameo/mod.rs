//! The CAMEO event code table: every code of the CAMEO codebook (GDELT and ICEWS
//! variants, 312 codes) with its name, QuadClass, both Goldstein values and the PLOVER
//! crosswalk.
//!
//! Codes are validated once, at the edge ([`EventCode::parse`] for CAMEO codes,
//! [`EventCode::custom`] for the codes of a user's own dictionary); after that an
//! [`EventCode`] is a valid code and downstream code never re-checks it. A code outside
//! the codebook (PETRARCH dictionaries may define their own, such as `174K`) takes its
//! QuadClass and Goldstein value from its nearest codebook ancestor (`174`), or has none
//! (QuadClass 0, Goldstein 0) when no prefix of it is a CAMEO code.

mod table;

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One row of the CAMEO codebook.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CameoEntry {
    /// The code with its leading zero: `"036"`, `"1822"`.
    pub code: &'static str,
    /// 0 for a root (`"03"`), 1 for three digits, 2 for four digits.
    pub level: u8,
    /// QuadClass: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
    /// 4 material conflict.
    pub quad: u8,
    /// The CAMEO name of the code.
    pub name: &'static str,
    /// GDELT's name, where GDELT uses the code.
    pub gdelt_name: Option<&'static str>,
    /// Goldstein value as published with CAMEO/ICEWS.
    pub goldstein_icews: f32,
    /// Goldstein value as GDELT publishes it, where GDELT uses the code.
    pub goldstein_gdelt: Option<f32>,
    /// Whether GDELT 2.0 uses this code.
    pub in_gdelt: bool,
    /// Whether ICEWS uses this code.
    pub in_icews: bool,
    /// PLOVER event type from the CAMEO crosswalk (`None` for codes PLOVER drops, such as
    /// plain statements).
    pub plover_event: Option<&'static str>,
    /// PLOVER modes the crosswalk gives for this code.
    pub plover_mode: &'static [&'static str],
    /// PLOVER contexts the crosswalk gives for this code.
    pub plover_context: &'static [&'static str],
}

impl CameoEntry {
    /// The two-digit root code (`"03"` for `"0311"`).
    pub fn root(&self) -> &'static str {
        &self.code[..2]
    }

    /// The default Goldstein value: GDELT's, falling back to the ICEWS value for codes
    /// GDELT does not use.
    pub fn goldstein(&self) -> f32 {
        self.goldstein_gdelt.unwrap_or(self.goldstein_icews)
    }
}

/// Which Goldstein scale to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GoldsteinScale {
    /// GDELT's published values (the default).
    #[default]
    Gdelt,
    /// The CAMEO/ICEWS values.
    Icews,
}

/// Every code in the table, in codebook order.
pub fn all_codes() -> &'static [CameoEntry] {
    &table::ENTRIES
}

fn find(code: &str) -> Option<&'static CameoEntry> {
    // The table is in codebook order, which is lexicographic (a test checks it).
    table::ENTRIES.binary_search_by(|entry| entry.code.cmp(code)).ok().map(|at| &table::ENTRIES[at])
}

/// The row a code outside the codebook reports when no prefix of it is a CAMEO code.
static NOT_IN_CODEBOOK: CameoEntry = CameoEntry {
    code: "",
    level: 0,
    quad: 0,
    name: "not in the CAMEO codebook",
    gdelt_name: None,
    goldstein_icews: 0.0,
    goldstein_gdelt: None,
    in_gdelt: false,
    in_icews: false,
    plover_event: None,
    plover_mode: &[],
    plover_context: &[],
};

/// A code that is not in the CAMEO table.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown CAMEO event code {code:?} (expected a code of the CAMEO codebook such as \"036\" or \"190\")"
)]
pub struct UnknownCode {
    /// The text that was given.
    pub code: String,
}

/// Text that cannot be an event code even outside the codebook.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid event code {code:?} (expected 2 to {MAX_CODE_LEN} ASCII letters and digits, such as \"036\" or \"174K\")")]
pub struct InvalidCode {
    /// The text that was given.
    pub code: String,
}

/// The longest event code: CAMEO's are at most four characters; user dictionaries get
/// a little room for codes of their own.
pub const MAX_CODE_LEN: usize = 6;

/// An event code: a CAMEO code of the table, or a code of a user's own dictionary.
///
/// The text is stored inline, so a code is `Copy` and costs no allocation; the derived
/// order is the order of the text (zero padding sorts before any character).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventCode {
    text: [u8; MAX_CODE_LEN],
    len: u8,
}

impl EventCode {
    /// Validates a code such as `"036"`. Leading and trailing spaces are ignored; a
    /// missing leading zero is not guessed at, because `"36"` and `"036"` are different
    /// codes in some dictionaries.
    pub fn parse(code: &str) -> Result<EventCode, UnknownCode> {
        find(code.trim())
            .map(|entry| EventCode::inline(entry.code))
            .ok_or_else(|| UnknownCode { code: code.to_string() })
    }

    /// A code as a user's dictionary writes it: a CAMEO code, or a code of its own of 2
    /// to [`MAX_CODE_LEN`] ASCII letters and digits that the codebook does not know.
    pub fn custom(code: &str) -> Result<EventCode, InvalidCode> {
        let text = code.trim();
        if (2..=MAX_CODE_LEN).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(EventCode::inline(text))
        } else {
            Err(InvalidCode { code: code.to_string() })
        }
    }

    fn inline(code: &str) -> EventCode {
        let mut text = [0; MAX_CODE_LEN];
        text[..code.len()].copy_from_slice(code.as_bytes());
        EventCode { text, len: code.len() as u8 }
    }

    /// The code as a string with leading zero.
    pub fn as_str(&self) -> &str {
        // Only ASCII is ever stored (see `parse` and `custom`).
        std::str::from_utf8(&self.text[..usize::from(self.len)]).unwrap_or_default()
    }

    /// Whether the code is in the CAMEO codebook.
    pub fn is_cameo(&self) -> bool {
        find(self.as_str()).is_some()
    }

    /// The table row of this code; for a code outside the codebook, the row of its
    /// nearest CAMEO ancestor (`174K` -> `174`), or a row with QuadClass 0 and
    /// Goldstein 0 when it has none.
    pub fn entry(&self) -> &'static CameoEntry {
        let code = self.as_str();
        (2..=code.len()).rev().find_map(|len| find(&code[..len])).unwrap_or(&NOT_IN_CODEBOOK)
    }

    /// The two-digit root code.
    pub fn root(&self) -> EventCode {
        EventCode::inline(&self.as_str()[..2])
    }

    /// The three-digit base code (GDELT's `EventBaseCode`): the code itself for roots and
    /// three-digit codes.
    pub fn base(&self) -> EventCode {
        if self.len > 3 {
            EventCode::inline(&self.as_str()[..3])
        } else {
            *self
        }
    }

    /// QuadClass (1-4; 0 for a code outside the codebook with no CAMEO ancestor).
    pub fn quad(&self) -> u8 {
        self.entry().quad
    }

    /// Goldstein value on the chosen scale.
    pub fn goldstein(&self, scale: GoldsteinScale) -> f32 {
        let entry = self.entry();
        match scale {
            GoldsteinScale::Gdelt => entry.goldstein(),
            GoldsteinScale::Icews => entry.goldstein_icews,
        }
    }
}

impl fmt::Debug for EventCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EventCode({})", self.as_str())
    }
}

impl fmt::Display for EventCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for EventCode {
    type Err = UnknownCode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventCode::parse(s)
    }
}

impl Serialize for EventCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for EventCode {
    /// Data written by Dyad may carry the codes of a user's dictionary, so reading
    /// accepts any valid code, not only CAMEO's.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        EventCode::custom(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_holds_every_codebook_code() {
        assert_eq!(all_codes().len(), 312);
        let roots = all_codes().iter().filter(|e| e.level == 0).count();
        assert_eq!(roots, 20);
    }

    #[test]
    fn every_code_has_a_root_quad_and_goldstein_in_range() {
        for entry in all_codes() {
            let code = EventCode::parse(entry.code).unwrap();
            let root = code.root().entry();
            assert_eq!(root.level, 0, "{} has root {}", entry.code, root.code);
            assert_eq!(root.quad, entry.quad, "{} quad differs from its root", entry.code);
            assert!((1..=4).contains(&entry.quad), "{} quad {}", entry.code, entry.quad);
            for value in [entry.goldstein_icews, entry.goldstein()] {
                assert!((-10.0..=10.0).contains(&value), "{} goldstein {}", entry.code, value);
            }
            assert_eq!(entry.code.len(), usize::from(entry.level) + 2);
            if entry.level == 2 {
                // Four-digit codes sit under a three-digit one.
                assert!(EventCode::parse(&entry.code[..3]).is_ok(), "{}", entry.code);
            }
        }
    }

    #[test]
    fn codes_are_unique() {
        let mut codes: Vec<_> = all_codes().iter().map(|e| e.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all_codes().len());
    }

    #[test]
    fn known_values_match_the_codebook() {
        let meet = EventCode::parse("036").unwrap();
        assert_eq!(meet.quad(), 1);
        assert_eq!(meet.root().as_str(), "03");
        let fight = EventCode::parse("190").unwrap();
        assert_eq!(fight.goldstein(GoldsteinScale::Gdelt), -10.0);
        assert_eq!(fight.quad(), 4);
        assert_eq!(EventCode::parse("0311").unwrap().base().as_str(), "031");
    }

    #[test]
    fn gdelt_goldstein_is_default_and_icews_is_kept() {
        let statement = EventCode::parse("1213").unwrap();
        // An ICEWS-only code falls back to the ICEWS value.
        assert!(statement.entry().goldstein_gdelt.is_none());
        assert_eq!(statement.goldstein(GoldsteinScale::Gdelt), statement.goldstein(GoldsteinScale::Icews));
        let differs = all_codes()
            .iter()
            .find(|e| e.goldstein_gdelt.is_some_and(|g| g != e.goldstein_icews))
            .expect("the two scales differ somewhere");
        let code = EventCode::parse(differs.code).unwrap();
        assert_ne!(code.goldstein(GoldsteinScale::Gdelt), code.goldstein(GoldsteinScale::Icews));
    }

    #[test]
    fn unknown_codes_are_rejected_with_the_code_in_the_message() {
        for bad in ["", "36", "999", "21", "0361x", "abc"] {
            let err = EventCode::parse(bad).unwrap_err();
            assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
        }
    }

    #[test]
    fn event_code_round_trips_through_json() {
        let code = EventCode::parse("0311").unwrap();
        let json = serde_json::to_string(&code).unwrap();
        assert_eq!(json, "\"0311\"");
        let back: EventCode = serde_json::from_str(&json).unwrap();
        assert_eq!(back, code);
        let custom: EventCode = serde_json::from_str("\"174K\"").unwrap();
        assert!(!custom.is_cameo());
        assert!(serde_json::from_str::<EventCode>("\"17 4\"").is_err());
    }

    #[test]
    fn table_is_sorted_for_binary_search() {
        assert!(all_codes().windows(2).all(|pair| pair[0].code < pair[1].code));
    }

    #[test]
    fn custom_codes_take_their_nearest_cameo_ancestor() {
        let refined = EventCode::custom("174K").unwrap();
        assert_eq!(refined.as_str(), "174K");
        assert_eq!(refined.root().as_str(), "17");
        assert_eq!(refined.base().as_str(), "174");
        assert_eq!(refined.entry().code, "174");
        assert_eq!(refined.quad(), 4);
        let stranger = EventCode::custom("903").unwrap();
        assert_eq!((stranger.quad(), stranger.goldstein(GoldsteinScale::Gdelt)), (0, 0.0));
        assert_eq!(EventCode::custom("036").unwrap(), EventCode::parse("036").unwrap());
        for bad in ["", "9", "1234567", "03-6", "0 36"] {
            let err = EventCode::custom(bad).unwrap_err();
            assert!(err.to_string().contains(&format!("{bad:?}")), "{err}");
        }
        assert!(EventCode::parse("903").is_err(), "parse stays strict");
    }

    #[test]
    fn codes_order_as_their_text() {
        let mut codes: Vec<EventCode> = ["190", "0311", "03", "036", "1711", "174K"]
            .iter()
            .map(|c| EventCode::custom(c).unwrap())
            .collect();
        codes.sort();
        let text: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
        assert_eq!(text, ["03", "0311", "036", "1711", "174K", "190"]);
    }
}
