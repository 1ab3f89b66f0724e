//! Language identification with `whatlang`, reported as ISO 639-1 codes.

/// Bytes of text handed to the detector: the opening of an article identifies its
/// language as well as the whole does, and a 50 MB article would otherwise cost seconds.
const SAMPLE_BYTES: usize = 4096;

/// Shortest sample on which a language other than English is reported.
const MIN_FOREIGN_SAMPLE_BYTES: usize = 120;

/// Below this confidence the detector is guessing (short or mixed text); such documents
/// keep `language: None` rather than a wrong code.
const MIN_CONFIDENCE: f64 = 0.5;

/// The ISO 639-1 code of the text's language, when the detector is confident.
///
/// ```
/// let text = "The meeting is expected to discuss the withdrawal of US troops from Iraq.";
/// assert_eq!(dyad_text::detect_language(text).as_deref(), Some("en"));
/// ```
pub fn detect_language(text: &str) -> Option<String> {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // Most of what Dyad reads is English; the trigram detector is the costliest part
    // of cleaning a short document, and text dense in English function words needs it
    // not.
    if is_clearly_english(&text[..end]) {
        return Some("en".to_string());
    }
    let info = whatlang::detect(&text[..end])?;
    if !info.is_reliable() && info.confidence() < MIN_CONFIDENCE {
        return None;
    }
    // A non-English verdict keeps a document from being coded, so it needs more
    // evidence than one short sentence gives (single English sentences are now and then
    // taken for Afrikaans or Catalan).
    if info.lang() != whatlang::Lang::Eng && (!info.is_reliable() || end < MIN_FOREIGN_SAMPLE_BYTES) {
        return None;
    }
    Some(iso_639_1(info.lang().code()).unwrap_or(info.lang().code()).to_string())
}

/// Function words frequent in English and rare as words of other Latin-script
/// languages.
const ENGLISH_MARKERS: &[&str] =
    &["the", "of", "and", "to", "that", "for", "with", "said", "from", "have", "has", "were", "by", "which"];

/// Whether a sample is English beyond doubt: almost all ASCII, at least three distinct
/// English function words, and those words at least 15% of its first 200 words.
fn is_clearly_english(sample: &str) -> bool {
    let non_ascii = sample.bytes().filter(|b| !b.is_ascii()).count();
    if non_ascii * 50 > sample.len() {
        return false;
    }
    let (mut words, mut hits, mut distinct) = (0usize, 0usize, 0u32);
    for word in sample.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| !w.is_empty()).take(200) {
        words += 1;
        if let Some(i) = ENGLISH_MARKERS.iter().position(|marker| marker.eq_ignore_ascii_case(word)) {
            hits += 1;
            distinct |= 1 << i;
        }
    }
    words >= 6 && distinct.count_ones() >= 3 && hits * 100 >= words * 15
}

/// Maps whatlang's ISO 639-3 codes to ISO 639-1 where a two-letter code exists.
fn iso_639_1(code3: &str) -> Option<&'static str> {
    Some(match code3 {
        "epo" => "eo",
        "eng" => "en",
        "rus" => "ru",
        "cmn" => "zh",
        "spa" => "es",
        "por" => "pt",
        "ita" => "it",
        "ben" => "bn",
        "fra" => "fr",
        "deu" => "de",
        "ukr" => "uk",
        "kat" => "ka",
        "ara" => "ar",
        "hin" => "hi",
        "jpn" => "ja",
        "heb" => "he",
        "yid" => "yi",
        "pol" => "pl",
        "amh" => "am",
        "jav" => "jv",
        "kor" => "ko",
        "nob" => "nb",
        "dan" => "da",
        "swe" => "sv",
        "fin" => "fi",
        "tur" => "tr",
        "nld" => "nl",
        "hun" => "hu",
        "ces" => "cs",
        "ell" => "el",
        "bul" => "bg",
        "bel" => "be",
        "mar" => "mr",
        "kan" => "kn",
        "ron" => "ro",
        "slv" => "sl",
        "hrv" => "hr",
        "srp" => "sr",
        "mkd" => "mk",
        "lit" => "lt",
        "lav" => "lv",
        "est" => "et",
        "tam" => "ta",
        "vie" => "vi",
        "urd" => "ur",
        "tha" => "th",
        "guj" => "gu",
        "uzb" => "uz",
        "pan" => "pa",
        "aze" => "az",
        "ind" => "id",
        "tel" => "te",
        "pes" => "fa",
        "mal" => "ml",
        "ori" => "or",
        "mya" => "my",
        "nep" => "ne",
        "sin" => "si",
        "khm" => "km",
        "tuk" => "tk",
        "aka" => "ak",
        "zul" => "zu",
        "sna" => "sn",
        "afr" => "af",
        "lat" => "la",
        "slk" => "sk",
        "cat" => "ca",
        "tgl" => "tl",
        "hye" => "hy",
        "cym" => "cy",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_spanish_news_are_identified() {
        let en = "Iraqi Prime Minister Mustafa al-Kazemi will travel to the United States where he \
                  will meet with US President Joe Biden on 26 July.";
        assert_eq!(detect_language(en).as_deref(), Some("en"));
        let es = "El primer ministro iraquí viajará a Estados Unidos, donde se reunirá con el \
                  presidente Joe Biden el 26 de julio para hablar de la retirada de las tropas.";
        assert_eq!(detect_language(es).as_deref(), Some("es"));
    }

    #[test]
    fn only_text_dense_in_english_function_words_skips_the_detector() {
        assert!(is_clearly_english("The minister said that talks with the rebels were held in Doha."));
        // Spanish, Dutch, German and French news, and English too short to be sure of.
        for text in [
            "El presidente dijo que las conversaciones con los rebeldes se celebraron en Doha.",
            "De minister zei dat de gesprekken met de rebellen in Doha werden gehouden.",
            "Der Minister sagte, dass die Gespräche mit den Rebellen in Doha stattfanden.",
            "Le ministre a dit que les pourparlers avec les rebelles ont eu lieu à Doha.",
            "Talks held in Doha.",
        ] {
            assert!(!is_clearly_english(text), "{text}");
        }
    }

    #[test]
    fn text_without_letters_has_no_language() {
        assert_eq!(detect_language("12 345 -- 678"), None);
        assert_eq!(detect_language(""), None);
    }

    #[test]
    fn sample_cut_respects_char_boundaries() {
        let text = "é".repeat(SAMPLE_BYTES);
        // Must not panic when SAMPLE_BYTES falls inside a two-byte character.
        let _ = detect_language(&format!("a{text}"));
    }
}
