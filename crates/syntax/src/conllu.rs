//! A CoNLL-U reader for training and evaluation.
//!
//! Only what the tagger and parser learn from is kept: form, lemma, UPOS, XPOS, head and
//! relation of each syntactic word, plus the `# text` comment. Multiword-token ranges
//! (`1-2`) and empty nodes (`1.1`) are skipped because the parser works on syntactic
//! words and basic trees. Anything else that does not look like CoNLL-U is an error
//! naming the file and line, so a truncated treebank never trains a model silently.

use std::path::{Path, PathBuf};

use crate::SyntaxError;

/// One syntactic word of a CoNLL-U sentence.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConlluWord {
    /// Surface form.
    pub form: String,
    /// Lemma (`_` when unknown).
    pub lemma: String,
    /// Universal POS tag.
    pub upos: String,
    /// Language-specific tag (Penn Treebank for English).
    pub xpos: String,
    /// Head as written in the file: 1-based word index, 0 for the root.
    pub head: usize,
    /// Universal dependency relation, with subtype (`nsubj:pass`).
    pub deprel: String,
    /// The MISC column (`_` when empty); GUM keeps its `Entity=` spans here.
    pub misc: String,
}

/// One sentence of a CoNLL-U file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConlluSentence {
    /// The `# sent_id` comment, if any.
    pub sent_id: Option<String>,
    /// The `# text` comment, if any.
    pub text: Option<String>,
    /// Syntactic words in order.
    pub words: Vec<ConlluWord>,
}

impl ConlluSentence {
    /// The word forms.
    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|word| word.form.as_str()).collect()
    }
}

/// Reads every sentence of a CoNLL-U file.
pub fn read_conllu(path: &Path) -> Result<Vec<ConlluSentence>, SyntaxError> {
    let text = std::fs::read_to_string(path)
        .map_err(|source| SyntaxError::Read { path: path.to_path_buf(), source })?;
    parse_conllu(&text, path)
}

/// Reads and concatenates several CoNLL-U files.
pub fn read_conllu_files(paths: &[PathBuf]) -> Result<Vec<ConlluSentence>, SyntaxError> {
    let mut sentences = Vec::new();
    for path in paths {
        sentences.extend(read_conllu(path)?);
    }
    Ok(sentences)
}

/// Parses CoNLL-U text; `path` is only used in error messages.
pub fn parse_conllu(text: &str, path: &Path) -> Result<Vec<ConlluSentence>, SyntaxError> {
    let error =
        |line: usize, message: String| SyntaxError::Conllu { path: path.to_path_buf(), line, message };
    let mut sentences = Vec::new();
    let mut current = ConlluSentence::default();
    // Line numbers of the words in `current`, so a bad head can be reported where it is.
    let mut word_lines: Vec<usize> = Vec::new();

    let mut finish = |current: &mut ConlluSentence, word_lines: &mut Vec<usize>| -> Result<(), SyntaxError> {
        let sentence = std::mem::take(current);
        let lines = std::mem::take(word_lines);
        if sentence.words.is_empty() {
            return Ok(());
        }
        let n_words = sentence.words.len();
        for (word, line) in sentence.words.iter().zip(&lines) {
            if word.head > n_words {
                return Err(error(
                    *line,
                    format!("field `head`: {} points past the sentence's {n_words} words", word.head),
                ));
            }
        }
        sentences.push(sentence);
        Ok(())
    };

    for (line_idx, raw_line) in text.lines().enumerate() {
        let line_number = line_idx + 1;
        let line = raw_line.trim_end_matches('\r');
        if line.trim().is_empty() {
            finish(&mut current, &mut word_lines)?;
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim_start();
            if let Some(value) = comment.strip_prefix("text =") {
                current.text = Some(value.trim().to_string());
            } else if let Some(value) = comment.strip_prefix("sent_id =") {
                current.sent_id = Some(value.trim().to_string());
            }
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != 10 {
            return Err(error(
                line_number,
                format!("expected 10 tab-separated fields, found {}", fields.len()),
            ));
        }
        let id = fields[0];
        if id.contains('-') || id.contains('.') {
            // Multiword-token ranges and empty nodes are not syntactic words of the basic
            // tree; still check that they are well formed.
            let parts_ok =
                id.split(['-', '.']).all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
            if !parts_ok {
                return Err(error(line_number, format!("field `id`: malformed id {id:?}")));
            }
            continue;
        }
        let id_value: usize = id
            .parse()
            .map_err(|_| error(line_number, format!("field `id`: expected a number, found {id:?}")))?;
        if id_value != current.words.len() + 1 {
            return Err(error(
                line_number,
                format!("field `id`: expected word {}, found {id_value}", current.words.len() + 1),
            ));
        }
        let head: usize = fields[6].parse().map_err(|_| {
            error(line_number, format!("field `head`: expected a number, found {:?}", fields[6]))
        })?;
        if head == id_value {
            return Err(error(line_number, "field `head`: a word cannot be its own head".to_string()));
        }
        if fields[1].is_empty() {
            return Err(error(line_number, "field `form`: empty".to_string()));
        }
        current.words.push(ConlluWord {
            form: fields[1].to_string(),
            lemma: fields[2].to_string(),
            upos: fields[3].to_string(),
            xpos: fields[4].to_string(),
            head,
            deprel: fields[7].to_string(),
            misc: fields[9].to_string(),
        });
        word_lines.push(line_number);
    }
    finish(&mut current, &mut word_lines)?;
    Ok(sentences)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "# sent_id = s1\n# text = I can't go.\n\
1\tI\tI\tPRON\tPRP\t_\t4\tnsubj\t_\t_\n\
2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tca\tcan\tAUX\tMD\t_\t4\taux\t_\t_\n\
3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_\n\
4\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n\
4.1\tgone\tgo\tVERB\tVBN\t_\t_\t_\t_\t_\n\
5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_\n\
\n\
1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t_\t_\n";

    #[test]
    fn reader_skips_ranges_and_empty_nodes() {
        let sentences = parse_conllu(GOOD, Path::new("good.conllu")).unwrap();
        assert_eq!(sentences.len(), 2);
        assert_eq!(sentences[0].forms(), ["I", "ca", "n't", "go", "."]);
        assert_eq!(sentences[0].text.as_deref(), Some("I can't go."));
        assert_eq!(sentences[0].sent_id.as_deref(), Some("s1"));
        assert_eq!(sentences[0].words[2].lemma, "not");
        assert_eq!(sentences[0].words[3].head, 0);
        assert_eq!(sentences[0].words[3].deprel, "root");
        assert_eq!(sentences[1].words[0].xpos, "UH");
    }

    #[test]
    fn malformed_line_names_file_and_line() {
        let bad = "1\tI\tI\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n2\tgo\tgo\tVERB\n";
        let error = parse_conllu(bad, Path::new("bad.conllu")).unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("bad.conllu:2:"), "{message}");
        assert!(message.contains("10 tab-separated fields"), "{message}");
    }

    #[test]
    fn bad_head_is_reported_on_its_own_line() {
        let bad =
            "# text = x\n1\tI\tI\tPRON\tPRP\t_\t7\tnsubj\t_\t_\n2\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n\n";
        let message = parse_conllu(bad, Path::new("b.conllu")).unwrap_err().to_string();
        assert!(message.starts_with("b.conllu:2:"), "{message}");
        assert!(message.contains("head"), "{message}");
        let not_number = "1\tI\tI\tPRON\tPRP\t_\tx\tnsubj\t_\t_\n";
        let message = parse_conllu(not_number, Path::new("c.conllu")).unwrap_err().to_string();
        assert!(message.starts_with("c.conllu:1:"), "{message}");
    }

    #[test]
    fn out_of_order_ids_are_errors() {
        let bad = "1\tI\tI\tPRON\tPRP\t_\t0\troot\t_\t_\n3\tgo\tgo\tVERB\tVB\t_\t1\tdep\t_\t_\n";
        let message = parse_conllu(bad, Path::new("d.conllu")).unwrap_err().to_string();
        assert!(message.starts_with("d.conllu:2:"), "{message}");
    }

    #[test]
    fn missing_file_is_a_read_error() {
        let error = read_conllu(Path::new("/nonexistent/x.conllu")).unwrap_err();
        assert!(error.to_string().contains("/nonexistent/x.conllu"));
    }
}
