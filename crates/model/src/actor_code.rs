//! CAMEO actor codes: 3-letter blocks, a country or transnational kind first, then
//! roles (`IRQGOV`, `IGOUNO`, `USAMIL`).

/// Blocks that open a transnational actor code instead of a country.
pub const TRANSNATIONAL_CODES: &[&str] = &["IGO", "NGO", "IMG", "MNC", "NGM", "UIS", "INT"];

/// CAMEO role (sector) blocks.
pub const ROLE_CODES: &[&str] = &[
    "GOV", "MIL", "COP", "JUD", "LEG", "OPP", "PTY", "REB", "UAF", "SPY", "BUS", "MED", "EDU", "CVL", "CRM",
    "REF", "HLH", "AGR", "LAB", "ELI", "REL", "IGO", "NGO", "IMG", "MNC", "SEP", "INS", "MOD", "RAD", "DEV",
    "HRI", "ENV", "AMN", "IRC", "GRP",
];

/// Whether a code names only a role, with no country or organisation: `"GOV"` for "a
/// government spokesman" of no stated country. Such an actor cannot anchor an event.
pub fn is_role_only(code: &str) -> bool {
    code.len() == 3 && ROLE_CODES.contains(&code) && !TRANSNATIONAL_CODES.contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_only_codes_have_no_country() {
        assert!(is_role_only("GOV"));
        assert!(is_role_only("CVL"));
        assert!(!is_role_only("IRQ"));
        assert!(!is_role_only("IRQGOV"));
        assert!(!is_role_only("IGO"));
    }
}
