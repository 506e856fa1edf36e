//! .xls: the compound file (through `cfb`) and its BIFF records read before
//! calamine reads them.

use super::{Span, MAX_DENSE_CELLS};
use crate::ingest::FileError;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

/// What the pre-read of an .xls found: sheets that hold no cells to read.
#[derive(Debug, Default)]
pub(crate) struct XlsPlan {
    /// (sheet name, reason) for chart, macro, dialog and module sheets.
    pub skip: Vec<(String, String)>,
    /// The code page calamine must decode strings by, when the declared one
    /// would garble them (see [`codepage_to_force`]).
    pub force_codepage: Option<u16>,
}

/// The code page to read a workbook's strings by. In BIFF8 every string
/// says itself whether it is one byte per UTF-16 unit (Latin-1) or UTF-16LE;
/// the CODEPAGE record only matters to BIFF5 and older. calamine applies a
/// declared 1252 to BIFF8 strings too, which puts a NUL after every letter
/// of a wide string: BIFF8 is read as 1200 whatever it declares. BIFF5's
/// 0x8000 and 0x8001 (MS-XLS: Mac Roman and Windows-1252) are not code page
/// numbers calamine knows: they are given as 10000 and 1252.
fn codepage_to_force(biff8: bool, declared: Option<u16>) -> Option<u16> {
    match (biff8, declared) {
        (true, Some(cp)) if cp != 1200 => Some(1200),
        (false, Some(0x8000)) => Some(10000),
        (false, Some(0x8001)) => Some(1252),
        _ => None,
    }
}

/// Reads an .xls's record stream before calamine does: refuses encryption,
/// unknown code pages and sheets whose cells span more than the dense-range
/// budget; lists the sheets that are not worksheets.
pub(crate) fn check_xls(path: &Path) -> Result<XlsPlan, FileError> {
    let file = File::open(path).map_err(FileError::Io)?;
    let mut cf = cfb::CompoundFile::open(BufReader::new(file))
        .map_err(|e| FileError::Corrupt(format!("its compound-file structure is damaged ({e})")))?;
    let stream = ["/Workbook", "/Book", "/WORKBOOK", "/BOOK"]
        .into_iter()
        .find(|s| cf.is_stream(s))
        .ok_or(FileError::WrongFormat(
            "an Office compound file that holds no workbook",
        ))?;
    let mut bytes = Vec::new();
    cf.open_stream(stream)
        .and_then(|mut s| s.read_to_end(&mut bytes))
        .map_err(|e| FileError::Corrupt(format!("its compound-file structure is damaged ({e})")))?;
    scan_biff(&bytes)
}

/// Record types read by [`scan_biff`].
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FILEPASS: u16 = 0x002F;
const CODEPAGE: u16 = 0x0042;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
/// Cell records, each starting with a 16-bit row and column.
const CELLS: [u16; 11] = [
    0x0203, 0x0204, 0x00FD, 0x027E, 0x00BD, 0x0201, 0x00BE, 0x0006, 0x0205, 0x0207, 0x00D6,
];

/// The cells calamine reserves for a DIMENSIONS record, computed as it does
/// (32-bit row arithmetic that wraps when the first row is past the last).
fn declared_cells(data: &[u8]) -> u64 {
    let u16_at = |i: usize| match data.get(i..i + 2) {
        Some(&[a, b]) => u32::from(u16::from_le_bytes([a, b])),
        _ => 0,
    };
    let u32_at = |i: usize| match data.get(i..i + 4) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
        _ => 0,
    };
    let (rf, rl, mut cf, cl) = match data.len() {
        10 => (u16_at(0), u16_at(2), u16_at(4), u16_at(6)),
        14 | 16 => (u32_at(0), u32_at(4), u16_at(8), u16_at(10)),
        _ => return 0,
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    if rl == 0 || cl == 0 {
        return 1;
    }
    let rows = (rl - 1).wrapping_sub(rf).wrapping_add(1);
    let cols = (cl - 1).wrapping_sub(cf).wrapping_add(1);
    u64::from(rows) * u64::from(cols)
}

fn scan_biff(bytes: &[u8]) -> Result<XlsPlan, FileError> {
    let mut plan = XlsPlan::default();
    let mut at = 0usize;
    let mut depth = 0u32;
    let mut spans: Vec<Span> = Vec::new();
    let mut biff8 = true;
    // The globals' BIFF version, and the code page they declare.
    let mut globals_biff8: Option<bool> = None;
    let mut declared: Option<u16> = None;
    while let Some(&[k0, k1, l0, l1]) = bytes.get(at..at + 4) {
        let kind = u16::from_le_bytes([k0, k1]);
        let len = usize::from(u16::from_le_bytes([l0, l1]));
        // A record inside a substream that runs past the stream: the file is
        // cut short (padding after the last EOF is zeros, type 0).
        if depth > 0 && kind != 0 && at + 4 + len > bytes.len() {
            return Err(FileError::BiffPastStream {
                kind,
                offset: at,
                declared: len,
                left: bytes.len().saturating_sub(at + 4),
            });
        }
        let data = bytes.get(at + 4..at + 4 + len).unwrap_or_default();
        at += 4 + len;
        let u16_at = |i: usize| match data.get(i..i + 2) {
            Some(&[a, b]) => Some(u16::from_le_bytes([a, b])),
            _ => None,
        };
        match kind {
            BOF => {
                depth += 1;
                // A stream that opens on a chart, with no workbook globals
                // before it, is a Microsoft Graph chart saved as .xls.
                if globals_biff8.is_none() && u16_at(2) == Some(0x0020) {
                    return Err(FileError::WrongFormat(
                        "a Microsoft Graph chart saved as .xls: it holds a chart and no worksheet; copy the chart's data into a worksheet and save that",
                    ));
                }
                biff8 = u16_at(0) == Some(0x0600);
                globals_biff8.get_or_insert(biff8);
                // Every substream but the globals holds one sheet's cells.
                if depth == 1 && u16_at(2) != Some(0x0005) {
                    spans.push(Span::default());
                }
            }
            EOF => depth = depth.saturating_sub(1),
            FILEPASS => {
                return Err(FileError::XlsEncrypted(match u16_at(0) {
                    Some(0) => "XOR obfuscation",
                    _ => match u16_at(2) {
                        Some(1) => "RC4",
                        _ => "RC4 CryptoAPI",
                    },
                }))
            }
            CODEPAGE => {
                if let Some(cp) = u16_at(0) {
                    declared.get_or_insert(cp);
                    if cp != 1200
                        && cp != 0x8000
                        && cp != 0x8001
                        && codepage::to_encoding(cp).is_none()
                    {
                        return Err(FileError::Codepage(cp));
                    }
                }
            }
            BOUNDSHEET => {
                if let Some((name, kind)) = boundsheet(data, biff8) {
                    let reason = match kind {
                        0 => None,
                        1 => Some("an Excel 4.0 macro sheet (formulas, not records)"),
                        2 => Some("a chart sheet (a chart, no cells)"),
                        6 => Some("a Visual Basic module (code, no cells)"),
                        _ => Some("not a worksheet"),
                    };
                    if let Some(reason) = reason {
                        plan.skip.push((name, reason.to_string()));
                    }
                }
            }
            DIMENSIONS if depth >= 1 => {
                if let Some(span) = spans.last_mut() {
                    span.declared = span.declared.max(declared_cells(data));
                }
            }
            k if CELLS.contains(&k) && depth >= 1 => {
                if let (Some(row), Some(col), Some(span)) = (u16_at(0), u16_at(2), spans.last_mut())
                {
                    span.add(u32::from(row), u32::from(col));
                    // MULRK and MULBLANK end with their last column.
                    if k == 0x00BD || k == 0x00BE {
                        if let Some(last) = data.len().checked_sub(2).and_then(u16_at) {
                            span.add(u32::from(row), u32::from(last));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    let total: u64 = spans.iter().map(Span::cells).sum();
    if total > MAX_DENSE_CELLS {
        return Err(FileError::DenseRange {
            requested: usize::try_from(total).unwrap_or(usize::MAX),
            max: MAX_DENSE_CELLS as usize,
        });
    }
    plan.force_codepage = codepage_to_force(globals_biff8.unwrap_or(true), declared);
    Ok(plan)
}

/// A BOUNDSHEET record's sheet name and type (0 worksheet, 1 macro sheet,
/// 2 chart, 6 VB module).
fn boundsheet(data: &[u8], biff8: bool) -> Option<(String, u8)> {
    let kind = *data.get(5)?;
    let len = usize::from(*data.get(6)?);
    let name = if biff8 {
        let wide = data.get(7)? & 1 == 1;
        let raw = data.get(8..)?;
        if wide {
            let units: Vec<u16> = raw
                .chunks_exact(2)
                .take(len)
                .filter_map(|c| match c {
                    &[a, b] => Some(u16::from_le_bytes([a, b])),
                    _ => None,
                })
                .collect();
            String::from_utf16_lossy(&units)
        } else {
            raw.iter().take(len).map(|&b| char::from(b)).collect()
        }
    } else {
        data.get(7..)?
            .iter()
            .take(len)
            .map(|&b| char::from(b))
            .collect()
    };
    Some((name, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn biff_records_reveal_encryption_macro_sheets_and_far_cells() {
        let record = |kind: u16, data: &[u8]| -> Vec<u8> {
            let mut r = kind.to_le_bytes().to_vec();
            r.extend((data.len() as u16).to_le_bytes());
            r.extend(data);
            r
        };
        let bof = |dt: u16| {
            record(
                BOF,
                &[&0x0600u16.to_le_bytes()[..], &dt.to_le_bytes(), &[0; 12]].concat(),
            )
        };
        let sheet = |name: &str, kind: u8| {
            let mut d = vec![0, 0, 0, 0, 0, kind, name.len() as u8, 0];
            d.extend(name.bytes());
            record(BOUNDSHEET, &d)
        };
        let number = |row: u16, col: u16| {
            record(
                0x0203,
                &[&row.to_le_bytes()[..], &col.to_le_bytes(), &[0; 10]].concat(),
            )
        };
        let eof = record(EOF, &[]);
        let book = [
            bof(5),
            sheet("Data", 0),
            sheet("Macro1", 1),
            eof.clone(),
            bof(0x10),
            number(0, 0),
            number(9, 3),
            eof.clone(),
        ]
        .concat();
        let plan = scan_biff(&book).unwrap();
        assert_eq!(
            plan.skip,
            [(
                "Macro1".to_string(),
                "an Excel 4.0 macro sheet (formulas, not records)".to_string()
            )]
        );
        let far = [
            bof(5),
            eof.clone(),
            bof(0x10),
            number(0, 0),
            number(65535, 255),
            eof.clone(),
        ]
        .concat();
        assert!(matches!(
            scan_biff(&far),
            Err(FileError::DenseRange {
                requested: 16_777_216,
                ..
            })
        ));
        // A DIMENSIONS record claiming 4 billion rows (or a first row past
        // its last) would make calamine reserve them.
        let mut dims = 0u32.to_le_bytes().to_vec();
        dims.extend(u32::MAX.to_le_bytes());
        dims.extend([0, 0, 3, 0, 0, 0]);
        let huge = [
            bof(5),
            eof.clone(),
            bof(0x10),
            record(DIMENSIONS, &dims),
            eof.clone(),
        ]
        .concat();
        assert!(matches!(
            scan_biff(&huge),
            Err(FileError::DenseRange { .. })
        ));
        let mut backwards = 9u32.to_le_bytes().to_vec();
        backwards.extend(2u32.to_le_bytes());
        backwards.extend([0, 0, 3, 0, 0, 0]);
        let wrapped = [
            bof(5),
            eof.clone(),
            bof(0x10),
            record(DIMENSIONS, &backwards),
            eof.clone(),
        ]
        .concat();
        assert!(matches!(
            scan_biff(&wrapped),
            Err(FileError::DenseRange { .. })
        ));
        let xor = [bof(5), record(FILEPASS, &[0, 0, 0, 0]), eof.clone()].concat();
        assert_eq!(
            scan_biff(&xor).unwrap_err().to_string(),
            FileError::XlsEncrypted("XOR obfuscation").to_string()
        );
        let cp = [bof(5), record(CODEPAGE, &0xD7CCu16.to_le_bytes()), eof].concat();
        assert!(matches!(scan_biff(&cp), Err(FileError::Codepage(0xD7CC))));
    }
}
