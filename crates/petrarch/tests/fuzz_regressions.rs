//! Inputs the `petrarch_dict` fuzz target once failed on: each is read as every kind of
//! dictionary, and what the readers accept must convert without an error or a panic.

use dyad_petrarch::{Dictionaries, Kind};

fn read_as_every_kind(text: &str) {
    let mut dictionaries = Dictionaries::default();
    for (kind, name) in [
        (Kind::Actors, "fuzz.actors.txt"),
        (Kind::Agents, "fuzz.agents.txt"),
        (Kind::Verbs, "fuzz.verbs.txt"),
        (Kind::Discards, "fuzz.discards.txt"),
    ] {
        dictionaries.add(kind, name, text);
    }
    let lines = text.lines().count();
    for diagnostic in &dictionaries.diagnostics {
        assert!(diagnostic.line <= lines, "{diagnostic} is past the last line ({lines})");
    }
    if let Err(err) = dyad_petrarch::convert(&dictionaries) {
        panic!("accepted dictionaries do not compile: {err:?}");
    }
}

/// A verb pattern `[~FRY]` after a synset name, and a plural in braces with a code
/// ending in `~`, in a file that is also read as actors and agents.
#[test]
fn synset_pattern_with_tilde_codes() {
    read_as_every_kind(
        "RIVERTOWN_  [RVT]   # our own sample\n+RIVERTOWNERS\nOLD_MILLER_\n\t[RVTGOV 990101 - 20031231]\n\t.[RVT]\n!FOLK! = MAN, WOMAN\nFERRY!FOLK! [~FRY]\nGOOSE {GEESE} [AID~]\n",
    );
}

/// A name whose only letter folds to nothing (a Cyrillic soft sign): the entry is left
/// out and reported, and the rest still converts.
#[test]
fn name_that_folds_to_nothing() {
    read_as_every_kind(
        "RIVT] our own samp0102 - 20031231]\n\u{42c}\u{19}\0\0\0\0\0\t[RVT]\n!FOLK! = MAN, WOMAERF\nRNY!FOLK! [~FRY\0\0\0a]\nGOOSE {GEEsE} [AID{GEESE} [AID~]\n",
    );
}

/// A reverse code that is not a code (`[042:0-4]`) on a verb line of its own: the line
/// is reported and the conversion goes on.
#[test]
fn reverse_code_that_is_not_a_code() {
    read_as_every_kind(
        "&OSBAT\n+FERRY\n+RIVER_BARGE\n\n--- SAIL [040] ---\n[042:0-4]\n3 NEVER * [-b\0\0\0~ a a( b SAIL) SAY = a b42:0-4]\n3 NEVER * [-b\0\0\0~ a a( b SAIL) SAY = a b 010\n+REGATTA\nCHES + [-b\0\0\0D\n",
    );
}
