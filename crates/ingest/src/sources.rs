use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::{read_feed, read_html, read_jsonl, read_text, read_warc, Article, IngestError, ReadOptions};

/// Where articles come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file or a directory (read recursively, in name order).
    Path(PathBuf),
    /// Standard input.
    Stdin,
}

impl Input {
    /// `-` is stdin; anything else is a path.
    pub fn from_arg(arg: &str) -> Input {
        if arg == "-" {
            Input::Stdin
        } else {
            Input::Path(PathBuf::from(arg))
        }
    }
}

/// An input format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One article per file.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// One HTML page; the article body is extracted.
    Html,
    /// An RSS or Atom feed: one article per item.
    Feed,
    /// A WARC archive, plain or gzipped: one article per HTML response.
    Warc,
}

impl Format {
    /// The format an extension names, if it names one.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "txt" | "text" => Some(Format::Text),
            "jsonl" | "ndjson" => Some(Format::Jsonl),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            // `.xml` may also hold an HTML page; the feed branch checks the content.
            "rss" | "atom" | "xml" => Some(Format::Feed),
            "warc" => Some(Format::Warc),
            "gz" if path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .is_some_and(|stem| stem.ends_with(".warc")) =>
            {
                Some(Format::Warc)
            }
            _ => None,
        }
    }

    /// The format of content whose name did not say: a JSON object on the first line
    /// means JSONL.
    pub fn sniff(head: &[u8]) -> Format {
        let first =
            head.iter().copied().find(|b| !b.is_ascii_whitespace() && *b != 0xef && *b != 0xbb && *b != 0xbf);
        let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
        let lower = head[start..head.len().min(start + 1024)].to_ascii_lowercase();
        if head.starts_with(&[0x1f, 0x8b]) || lower.starts_with(b"warc/") {
            Format::Warc
        } else if first == Some(b'{') {
            Format::Jsonl
        } else if first == Some(b'<')
            && [&b"<rss"[..], b"<feed", b"<rdf:rdf"].iter().any(|tag| contains(&lower, tag))
        {
            Format::Feed
        } else if first == Some(b'<')
            && [&b"<html"[..], b"<!doctype html", b"<head", b"<body"].iter().any(|tag| contains(&lower, tag))
        {
            Format::Html
        } else {
            Format::Text
        }
    }
}

/// Streams the articles of every input in order. Directories are walked recursively in
/// name order, so runs are reproducible; inside a directory only files with a known
/// extension are read, and the others are reported as skipped. A named file with an
/// unknown extension is read by sniffing its content.
pub fn read_inputs(
    inputs: Vec<Input>,
    options: ReadOptions,
) -> impl Iterator<Item = Result<Article, IngestError>> {
    Articles { pending: inputs.into_iter().map(Pending::Named).collect(), current: None, options }
}

enum Pending {
    Named(Input),
    Found(PathBuf),
}

struct Articles {
    pending: VecDeque<Pending>,
    current: Option<Box<dyn Iterator<Item = Result<Article, IngestError>>>>,
    options: ReadOptions,
}

impl Iterator for Articles {
    type Item = Result<Article, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(records) = &mut self.current {
                match records.next() {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let result = match self.pending.pop_front()? {
                Pending::Named(Input::Stdin) => {
                    self.open_stream(Box::new(BufReader::new(std::io::stdin())), "-", None)
                }
                Pending::Named(Input::Path(path)) => self.open_path(path, true),
                Pending::Found(path) => self.open_path(path, false),
            };
            if let Some(item) = result {
                return Some(item);
            }
        }
    }
}

impl Articles {
    /// Opens one path: queues a directory's entries, starts a JSONL stream, or reads a
    /// text file whole. Returns an item when there is one to report right away.
    fn open_path(&mut self, path: PathBuf, named: bool) -> Option<Result<Article, IngestError>> {
        let metadata = match std::fs::metadata(&path) {
            Ok(metadata) => metadata,
            Err(source) => return Some(Err(IngestError::Read { path, source })),
        };
        if metadata.is_dir() {
            return match list_directory(&path) {
                Ok(entries) => {
                    for entry in entries.into_iter().rev() {
                        self.pending.push_front(Pending::Found(entry));
                    }
                    None
                }
                Err(source) => Some(Err(IngestError::Read { path, source })),
            };
        }
        let format = Format::from_extension(&path);
        if format.is_none() && !named {
            return Some(Err(IngestError::BadField {
                origin: path.display().to_string(),
                line: 1,
                field: "format",
                reason: "skipped: unknown file extension (known: .txt, .text, .jsonl, .ndjson, .html, .htm, \
                         .xhtml, .rss, .atom, .xml, .warc, .warc.gz)"
                    .into(),
            }));
        }
        let file = match File::open(&path) {
            Ok(file) => file,
            Err(source) => return Some(Err(IngestError::Read { path, source })),
        };
        let origin = path.display().to_string();
        self.open_stream(Box::new(BufReader::new(file)), &origin, format)
    }

    fn open_stream(
        &mut self,
        mut reader: Box<dyn BufRead>,
        origin: &str,
        format: Option<Format>,
    ) -> Option<Result<Article, IngestError>> {
        let format = match format {
            Some(format) => format,
            None => match reader.fill_buf() {
                Ok(head) => Format::sniff(head),
                Err(source) => return Some(Err(IngestError::Read { path: origin.into(), source })),
            },
        };
        match format {
            Format::Jsonl => {
                self.current = Some(Box::new(read_jsonl(reader, origin, &self.options)));
                None
            }
            Format::Warc => {
                self.current = Some(Box::new(read_warc(reader, origin, &self.options)));
                None
            }
            Format::Html | Format::Feed => {
                let limit = self.options.document_limit() as u64 + 1;
                let mut bytes = Vec::new();
                if let Err(source) = reader.take(limit).read_to_end(&mut bytes) {
                    return Some(Err(IngestError::Read { path: origin.into(), source }));
                }
                if format == Format::Html || Format::sniff(&bytes) == Format::Html {
                    return Some(read_html(&bytes, origin, None, &self.options));
                }
                self.current = Some(Box::new(read_feed(&bytes, origin, &self.options).into_iter()));
                None
            }
            Format::Text => {
                // Read one byte past the limit so an oversized file is reported as such
                // without ever holding more than the limit in memory.
                let limit = self.options.document_limit() as u64 + 1;
                let mut bytes = Vec::new();
                if let Err(source) = reader.take(limit).read_to_end(&mut bytes) {
                    return Some(Err(IngestError::Read { path: origin.into(), source }));
                }
                Some(read_text(&bytes, origin, &self.options))
            }
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|window| window == needle)
}

fn list_directory(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        let name = entry.file_name();
        // Hidden files and folders (.git, editor swap files) are not articles.
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        entries.push(entry.path());
    }
    entries.sort();
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids_and_errors(inputs: Vec<Input>) -> Vec<String> {
        read_inputs(inputs, ReadOptions::default())
            .map(|item| match item {
                Ok(article) => article.document.title.unwrap_or(article.document.id),
                Err(err) => format!("error: {err}"),
            })
            .collect()
    }

    #[test]
    fn directories_are_read_recursively_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("b.txt"), "Second article").unwrap();
        std::fs::write(
            dir.path().join("a.jsonl"),
            "{\"id\": \"j1\", \"text\": \"x\"}\n{\"id\": \"j2\", \"text\": \"y\"}\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("sub").join("c.txt"), "Third article").unwrap();
        std::fs::write(dir.path().join("notes.pdf"), "%PDF").unwrap();
        std::fs::write(dir.path().join(".hidden.txt"), "ignored").unwrap();
        let got = ids_and_errors(vec![Input::Path(dir.path().to_path_buf())]);
        assert_eq!(got.len(), 5, "{got:?}");
        assert_eq!(&got[..3], ["j1", "j2", "Second article"]);
        assert!(got[3].contains("notes.pdf") && got[3].contains("unknown file extension"), "{}", got[3]);
        assert_eq!(got[4], "Third article");
    }

    #[test]
    fn missing_files_are_errors_and_later_inputs_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.txt");
        std::fs::write(&good, "Still read").unwrap();
        let got = ids_and_errors(vec![Input::Path(dir.path().join("missing.txt")), Input::Path(good)]);
        assert!(got[0].starts_with("error: ") && got[0].contains("missing.txt: cannot read"), "{}", got[0]);
        assert_eq!(got[1], "Still read");
    }

    #[test]
    fn named_files_without_extension_are_sniffed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("feed");
        std::fs::write(&path, "{\"id\": \"s1\", \"text\": \"x\"}\n").unwrap();
        assert_eq!(ids_and_errors(vec![Input::Path(path)]), ["s1"]);
    }
}
