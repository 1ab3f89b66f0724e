//! The verb dictionary loader: any TOML is compiled or refused with an error naming
//! the file and line, never a panic.
#![no_main]

use dyad_coder::VerbDictionary;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match VerbDictionary::from_sources([("verbs/fuzz.toml".to_string(), text.to_string())]) {
        Ok(dictionary) => {
            for code in dictionary.codes() {
                assert_eq!(dyad_model::EventCode::parse(code.as_str()), Ok(code));
            }
            for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).take(50) {
                let _ = dictionary.verb_patterns(word);
                let _ = dictionary.noun_patterns(word);
                let _ = dictionary.discard_for(&[word]);
            }
        }
        Err(err) => assert!(err.to_string().contains("verbs/fuzz.toml"), "an error without the file: {err}"),
    }
});
