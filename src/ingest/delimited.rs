//! CSV, TSV and TXT registers: text encoding (UTF-8 with or without BOM,
//! UTF-16 with BOM, Windows-1252 fall-back) and delimiter detection.

use super::table::{ReadError, Row, RowResult};
use super::value::Value;
use super::FileError;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use std::borrow::Cow;

/// The delimiters tried, in order of preference on a tie.
const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];
/// Lines sampled for delimiter detection.
const SAMPLE_LINES: usize = 50;

/// Decoded text and a notice when the encoding had to be guessed.
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
    pub notice: Option<String>,
}

/// Decodes bytes by BOM, else as UTF-8, else as Windows-1252.
pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    // UTF-32's byte-order marks begin with UTF-16's: check them first.
    if let Some(decoded) = decode_utf32(bytes) {
        return decoded;
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) =
            encoding.decode_without_bom_handling(bytes.get(bom_len..).unwrap_or_default());
        return Decoded {
            text,
            encoding: encoding.name(),
            notice: None,
        };
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        return Decoded {
            text,
            encoding: encoding.name(),
            notice: Some(format!(
                "no byte-order mark; the zero bytes say {}, read as such",
                encoding.name()
            )),
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: Cow::Borrowed(text),
            encoding: UTF_8.name(),
            notice: None,
        },
        Err(e) => {
            let (text, _, _) = WINDOWS_1252.decode(bytes);
            Decoded {
                text,
                encoding: WINDOWS_1252.name(),
                notice: Some(format!(
                    "not valid UTF-8 (first bad byte at offset {}); read as Windows-1252. \
                     Save the file as CSV UTF-8 if accented names look wrong",
                    e.valid_up_to()
                )),
            }
        }
    }
}

/// UTF-32 text with a byte-order mark (`FF FE 00 00` little-endian,
/// `00 00 FE FF` big-endian). `encoding_rs` does not decode UTF-32; it is four
/// bytes a character, so it is done here. Invalid code points become U+FFFD
/// with a notice.
fn decode_utf32(bytes: &[u8]) -> Option<Decoded<'static>> {
    let (little, name) = if bytes.starts_with(&[0xFF, 0xFE, 0, 0]) {
        (true, "UTF-32LE")
    } else if bytes.starts_with(&[0, 0, 0xFE, 0xFF]) {
        (false, "UTF-32BE")
    } else {
        return None;
    };
    let body = bytes.get(4..).unwrap_or_default();
    let mut text = String::with_capacity(body.len() / 4);
    let mut bad = 0usize;
    for unit in body.chunks(4) {
        let word = match <[u8; 4]>::try_from(unit) {
            Ok(w) if little => u32::from_le_bytes(w),
            Ok(w) => u32::from_be_bytes(w),
            Err(_) => {
                bad += 1;
                continue;
            }
        };
        text.push(char::from_u32(word).unwrap_or_else(|| {
            bad += 1;
            char::REPLACEMENT_CHARACTER
        }));
    }
    let notice = (bad > 0).then(|| {
        format!("{bad} invalid UTF-32 characters were replaced by U+FFFD; check the file's export")
    });
    Some(Decoded {
        text: Cow::Owned(text),
        encoding: name,
        notice,
    })
}

/// UTF-16 text saved without a BOM shows a zero in every other byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = bytes.get(..bytes.len().min(512) & !1).unwrap_or_default();
    if sample.len() < 8 {
        return None;
    }
    let pairs = sample.len() / 2;
    let even_zero = sample.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_zero = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();
    if odd_zero * 10 >= pairs * 9 && even_zero == 0 {
        Some(UTF_16LE)
    } else if even_zero * 10 >= pairs * 9 && odd_zero == 0 {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Picks the delimiter that splits the first lines most consistently.
pub fn detect_delimiter(text: &str, preferred: Option<u8>) -> u8 {
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(SAMPLE_LINES)
        .collect();
    let mut best = (preferred.unwrap_or(b','), 0usize, 0usize);
    for &d in preferred.iter().chain(DELIMITERS.iter()) {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let mut freq = std::collections::HashMap::new();
        for &c in counts.iter().filter(|&&c| c > 0) {
            *freq.entry(c).or_insert(0usize) += 1;
        }
        let Some((&mode, &agree)) = freq.iter().max_by_key(|(c, n)| (**n, **c)) else {
            continue;
        };
        if (agree, mode) > (best.1, best.2) {
            best = (d, agree, mode);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, delimiter: u8) -> usize {
    let mut in_quotes = false;
    let mut count = 0;
    for &b in line.as_bytes() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if b == delimiter && !in_quotes {
            count += 1;
        }
    }
    count
}

/// A quote that opens a field and never closes: it would swallow every line
/// after it, to the end of the file, into one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnclosedQuote {
    /// One-based line where the quote opens.
    pub line: u64,
    /// Lines after it that it would have swallowed.
    pub swallowed: u64,
}

impl UnclosedQuote {
    pub fn describe(&self) -> String {
        format!(
            "a quote opens a field on line {} and never closes: it would swallow the {} {} after it into one cell; read as a quote character, and the lines after it as rows",
            self.line,
            self.swallowed,
            if self.swallowed == 1 { "line" } else { "lines" }
        )
    }
}

/// Stands in for an unclosed quote while the text is parsed, so that the
/// quote is read as a character; put back by [`rows`]. A private-use
/// character, so no register text holds it (one that does turns the repair
/// off rather than be misread).
const LITERAL_QUOTE: char = '\u{E000}';

/// Most unclosed quotes repaired in one file; past them the file is parsed as is.
const MAX_REPAIRS: usize = 1_000;

/// Finds the quotes that open a field and never close, and makes each a
/// literal character, so that the lines after it are read as rows rather
/// than one cell. The text is unchanged when every quote closes.
pub fn repair_quotes(text: Cow<'_, str>, delimiter: u8) -> (Cow<'_, str>, Vec<UnclosedQuote>) {
    let mut text = text;
    let mut found = Vec::new();
    if text.contains(LITERAL_QUOTE) {
        return (text, found);
    }
    let mut from = 0;
    while found.len() < MAX_REPAIRS {
        let Some(at) = unclosed_quote(text.as_bytes(), from, delimiter) else {
            break;
        };
        let before = text.as_bytes().get(..at).unwrap_or_default();
        let after = text.as_bytes().get(at..).unwrap_or_default();
        found.push(UnclosedQuote {
            line: line_breaks(before) + 1,
            swallowed: line_breaks(after.trim_ascii_end()),
        });
        text.to_mut()
            .replace_range(at..=at, LITERAL_QUOTE.encode_utf8(&mut [0; 4]));
        from = at;
    }
    (text, found)
}

/// The byte offset of a quote, at or after `from`, that opens a field and is
/// still open at the end of the text (as the csv reader reads quotes: only at
/// a field's start, `""` inside).
fn unclosed_quote(bytes: &[u8], from: usize, delimiter: u8) -> Option<usize> {
    let mut in_quotes = false;
    let mut field_start = true;
    let mut opened = 0;
    let mut i = from;
    while let Some(&b) = bytes.get(i) {
        if in_quotes {
            if b == b'"' {
                if bytes.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            }
        } else if b == b'"' && field_start {
            in_quotes = true;
            opened = i;
        }
        field_start = !in_quotes && (b == delimiter || b == b'\n' || b == b'\r');
        i += 1;
    }
    in_quotes.then_some(opened)
}

/// Rows of delimited text. Row indices follow what a spreadsheet shows on
/// opening the file: blank lines count, a quoted multi-line field is one row.
pub fn rows(text: &str, delimiter: u8) -> impl Iterator<Item = RowResult> + '_ {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let bytes = text.as_bytes();
    // Newlines before the current record, and those inside quoted fields so far.
    let mut scanned = 0usize;
    let mut lines_before: u64 = 0;
    let mut extra_lines: u64 = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        match reader.read_record(&mut record) {
            Ok(true) => {
                // A record after blank lines is reported at the first blank
                // line; its row is where its text starts.
                let mut start = record.position().map_or(0, |p| p.byte() as usize);
                while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
                    start += 1;
                }
                let start = start.max(scanned).min(bytes.len());
                lines_before += line_breaks(bytes.get(scanned..start).unwrap_or_default());
                scanned = start;
                let index = lines_before.saturating_sub(extra_lines);
                extra_lines += record
                    .iter()
                    .map(|f| line_breaks(f.as_bytes()))
                    .sum::<u64>();
                let cells = record
                    .iter()
                    .map(|f| {
                        if f.trim().is_empty() {
                            Value::Empty
                        } else if f.contains(LITERAL_QUOTE) {
                            Value::Text(f.replace(LITERAL_QUOTE, "\""))
                        } else {
                            Value::Text(f.to_string())
                        }
                    })
                    .collect();
                if let Ok(index) = u32::try_from(index) {
                    Some(Ok(Row { index, cells }))
                } else {
                    done = true;
                    Some(Err(ReadError::TooManyRows))
                }
            }
            Ok(false) => None,
            Err(e) => {
                done = true;
                Some(Err(ReadError::Record(e.to_string())))
            }
        }
    })
}

/// Line breaks as a spreadsheet counts them: `\r\n`, `\n` or a lone `\r`.
fn line_breaks(bytes: &[u8]) -> u64 {
    let mut n = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            n += 1;
        }
    }
    n
}

/// Reads the whole file; delimited registers are decoded as a unit.
pub fn read_bytes(path: &std::path::Path) -> Result<Vec<u8>, FileError> {
    std::fs::read(path).map_err(FileError::Io)
}

#[cfg(test)]
mod quote_tests {
    use super::*;

    #[test]
    fn an_unclosed_quote_is_read_as_a_character_and_the_lines_after_as_rows() {
        let text = "Member,Badge\n\"A \"\"x\"\"\",Display\n\"B,Display\nC,Display\nD,Collect\n";
        let (fixed, found) = repair_quotes(Cow::Borrowed(text), b',');
        assert_eq!(
            found,
            [UnclosedQuote {
                line: 3,
                swallowed: 2
            }]
        );
        let cells: Vec<String> = rows(&fixed, b',')
            .map(|r| r.unwrap().get(0).display())
            .collect();
        assert_eq!(cells, ["Member", "A \"x\"", "\"B", "C", "D"]);
        let fine = "a,\"b\nc\",d\n";
        let (same, none) = repair_quotes(Cow::Borrowed(fine), b',');
        assert!(matches!(same, Cow::Borrowed(_)) && none.is_empty());
    }
}

#[cfg(test)]
mod utf32_tests {
    use super::decode;

    #[test]
    fn utf32_with_a_bom_is_decoded_not_read_as_utf16() {
        let text = "Member,Badge\nUniversité,Display\n";
        let mut le = vec![0xFF, 0xFE, 0, 0];
        let mut be = vec![0, 0, 0xFE, 0xFF];
        for ch in text.chars() {
            le.extend((ch as u32).to_le_bytes());
            be.extend((ch as u32).to_be_bytes());
        }
        for (bytes, name) in [(le, "UTF-32LE"), (be, "UTF-32BE")] {
            let d = decode(&bytes);
            assert_eq!(d.encoding, name);
            assert_eq!(d.text, text);
            assert_eq!(d.notice, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_boms_and_falls_back_to_windows_1252() {
        let utf8 = decode(b"\xEF\xBB\xBFMember,Badge\n");
        assert_eq!(utf8.text, "Member,Badge\n");
        assert!(utf8.notice.is_none());

        let mut utf16: Vec<u8> = vec![0xFF, 0xFE];
        for unit in "Université,Sync\n".encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        let d = decode(&utf16);
        assert_eq!(d.text, "Université,Sync\n");
        assert_eq!(d.encoding, "UTF-16LE");

        let cp1252 = decode(b"Universit\xE9 de Li\xE8ge,Display\n");
        assert_eq!(cp1252.text, "Université de Liège,Display\n");
        assert_eq!(cp1252.encoding, "windows-1252");
        assert!(cp1252
            .notice
            .unwrap()
            .starts_with("not valid UTF-8 (first bad byte at offset 9)"));
    }

    #[test]
    fn utf16_without_bom_is_recognised() {
        let mut bytes = Vec::new();
        for unit in "Member,Badge\nA,Sync\n".encode_utf16() {
            bytes.extend(unit.to_le_bytes());
        }
        let d = decode(&bytes);
        assert_eq!(d.text, "Member,Badge\nA,Sync\n");
        assert!(d.notice.is_some());
    }

    #[test]
    fn detects_each_delimiter() {
        assert_eq!(detect_delimiter("a,b,c\n1,2,3\n", None), b',');
        assert_eq!(detect_delimiter("a;b;c\n1;2,5;3\n", None), b';');
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n", None), b'\t');
        assert_eq!(detect_delimiter("a|b|c\n1|2|3\n", None), b'|');
        assert_eq!(detect_delimiter("\"x,y\";b\n\"1,2\";3\n", None), b';');
        assert_eq!(detect_delimiter("single\ncolumn\n", Some(b'\t')), b'\t');
    }

    #[test]
    fn lone_carriage_returns_end_rows_too() {
        let rows: Vec<u32> = rows("h\r\na\nb\rc\r\n", b',')
            .map(|r| r.unwrap().index)
            .collect();
        assert_eq!(rows, vec![0, 1, 2, 3]);
    }

    #[test]
    fn row_indices_count_blank_lines_and_multiline_fields_once() {
        let text = "h1,h2\n\n\"two\nlines\",x\nlast,y\n";
        let rows: Vec<Row> = rows(text, b',').map(Result::unwrap).collect();
        let indices: Vec<u32> = rows.iter().map(|r| r.index).collect();
        assert_eq!(indices, vec![0, 2, 3]);
        assert_eq!(rows[1].cells[0], Value::Text("two\nlines".into()));
    }
}
