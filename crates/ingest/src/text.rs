use dyad_model::{content_id, Diagnostic, Document};

use crate::{Article, IngestError, ReadOptions};

/// Reads one plain-text article. The first non-empty line becomes the title; the whole
/// text, title included, is coded. Invalid UTF-8 is decoded with replacement
/// characters and a warning says so.
pub fn read_text(bytes: &[u8], origin: &str, options: &ReadOptions) -> Result<Article, IngestError> {
    if bytes.len() > options.document_limit() {
        return Err(IngestError::TooLarge {
            origin: origin.to_string(),
            line: 1,
            bytes: bytes.len(),
            limit: options.document_limit(),
        });
    }
    if looks_binary(bytes) {
        return Err(IngestError::Binary { origin: origin.to_string() });
    }
    let decoded = String::from_utf8_lossy(bytes);
    let lossy = matches!(decoded, std::borrow::Cow::Owned(_));
    let text = decoded.strip_prefix('\u{feff}').unwrap_or(&decoded).to_string();
    if text.trim().is_empty() {
        return Err(IngestError::NoText {
            origin: origin.to_string(),
            line: 1,
            reason: "the file is empty".into(),
        });
    }
    let title = text.lines().map(str::trim).find(|line| !line.is_empty()).map(str::to_string);
    let mut document = Document::new(content_id("doc-", text.as_bytes()), text);
    document.title = title;
    document.source = Some(origin.to_string());
    document.date = options.default_date;
    let mut warnings = Vec::new();
    if lossy {
        warnings.push(invalid_utf8_warning(origin));
    }
    Ok(Article { document, warnings })
}

pub(crate) fn invalid_utf8_warning(location: &str) -> Diagnostic {
    Diagnostic::warning("ingest", location, "invalid UTF-8 replaced with U+FFFD")
}

/// Text has almost no NUL bytes or C0 control characters other than whitespace; binary
/// formats (images, PDFs, archives) are full of them. Looking at the first 8 KiB is
/// enough to tell.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        return true;
    }
    let controls = head.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    controls * 20 > head.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_file_gets_title_hash_id_and_default_date() {
        let options = ReadOptions {
            default_date: chrono::NaiveDate::from_ymd_opt(2021, 7, 13),
            ..ReadOptions::default()
        };
        let article = read_text(b"\n  Headline here\n\nBody text.", "a.txt", &options).unwrap();
        let doc = article.document;
        assert_eq!(doc.title.as_deref(), Some("Headline here"));
        assert!(doc.id.starts_with("doc-"));
        assert_eq!(doc.date, options.default_date);
        assert_eq!(doc.source.as_deref(), Some("a.txt"));
        assert!(article.warnings.is_empty());
    }

    #[test]
    fn invalid_utf8_is_replaced_and_reported() {
        let article = read_text(b"Bagh\xffdad is a city.", "bad.txt", &ReadOptions::default()).unwrap();
        assert_eq!(article.warnings.len(), 1);
        assert_eq!(article.warnings[0].location, "bad.txt");
        assert!(article.document.text.contains('\u{fffd}'));
    }

    #[test]
    fn empty_and_binary_inputs_are_rejected_with_the_file_name() {
        let err = read_text(b"  \n\n", "empty.txt", &ReadOptions::default()).unwrap_err();
        assert_eq!(err.to_string(), "empty.txt:1: no text to code (the file is empty)");
        let err =
            read_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "pic.txt", &ReadOptions::default()).unwrap_err();
        assert!(err.to_string().starts_with("pic.txt: looks like binary"), "{err}");
    }

    #[test]
    fn oversized_documents_are_rejected() {
        let options = ReadOptions { max_document_bytes: Some(10), ..ReadOptions::default() };
        let err = read_text(b"this is longer than ten bytes", "big.txt", &options).unwrap_err();
        assert!(matches!(err, IngestError::TooLarge { bytes: 29, limit: 10, .. }));
    }
}
