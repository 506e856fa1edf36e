//! MHTML ("single file web page", `.mht`, and what Excel's "Web Archive"
//! saves, often named `.xls`): a MIME multipart message whose first
//! `text/html` part is the page. Its transfer encoding (quoted-printable or
//! base64) and charset are undone here; the page is then read as HTML.

/// The HTML part of an MHTML message, decoded; `None` when `bytes` is not
/// one.
pub(super) fn html_part(bytes: &[u8]) -> Option<String> {
    let head = String::from_utf8_lossy(bytes.get(..bytes.len().min(8192))?);
    let lower = head.to_ascii_lowercase();
    if !lower.contains("mime-version:") || !lower.contains("multipart/related") {
        return None;
    }
    let text = String::from_utf8_lossy(bytes);
    let boundary = boundary(&text)?;
    let marker = format!("--{boundary}");
    for part in text.split(marker.as_str()).skip(1) {
        let (headers, body) = split_headers(part)?;
        let h = headers.to_ascii_lowercase();
        if !h.contains("content-type: text/html") {
            continue;
        }
        let raw: Vec<u8> = if h.contains("content-transfer-encoding: quoted-printable") {
            quoted_printable(body)
        } else if h.contains("content-transfer-encoding: base64") {
            base64(body)
        } else {
            body.as_bytes().to_vec()
        };
        let charset = h
            .find("charset=")
            .map(|at| {
                h[at + 8..]
                    .trim_start_matches(['"', '\''])
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                    .collect::<String>()
            })
            .and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes()));
        return Some(match charset {
            Some(encoding) => encoding.decode_without_bom_handling(&raw).0.into_owned(),
            None => super::html::decode(&raw),
        });
    }
    None
}

/// The multipart boundary, from the top-level Content-Type header.
fn boundary(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let at = lower.find("boundary=")? + "boundary=".len();
    let rest = text.get(at..)?;
    let value = match rest.strip_prefix('"') {
        Some(quoted) => quoted.split('"').next()?,
        None => rest.split([';', '\r', '\n', ' ']).next()?,
    };
    (!value.is_empty()).then(|| value.to_string())
}

/// A part's headers and body, split at the first blank line.
fn split_headers(part: &str) -> Option<(&str, &str)> {
    part.split_once("\r\n\r\n")
        .or_else(|| part.split_once("\n\n"))
}

fn quoted_printable(body: &str) -> Vec<u8> {
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b != b'=' {
            out.push(b);
            i += 1;
            continue;
        }
        match (bytes.get(i + 1), bytes.get(i + 2)) {
            // A soft line break.
            (Some(b'\r'), Some(b'\n')) => i += 3,
            (Some(b'\n'), _) => i += 2,
            (Some(&h), Some(&l)) => {
                if let (Some(h), Some(l)) = (hex(h), hex(l)) {
                    out.push(h << 4 | l);
                    i += 3;
                } else {
                    out.push(b);
                    i += 1;
                }
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

fn hex(b: u8) -> Option<u8> {
    char::from(b)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

fn base64(body: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(body.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for v in body.bytes().filter_map(value) {
        acc = acc << 6 | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_and_base64_bodies_are_decoded() {
        assert_eq!(
            quoted_printable("Univ=C3=A9 =\r\nLyon=3D"),
            "Univé Lyon=".as_bytes()
        );
        assert_eq!(base64("VW5pdsOpIEx5b24="), "Univé Lyon".as_bytes());
    }

    #[test]
    fn the_html_part_of_an_mhtml_message_is_found() {
        let message = "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"----=_NextPart_01\"\r\n\r\n------=_NextPart_01\r\nContent-Location: file:///C:/x.htm\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html; charset=\"utf-8\"\r\n\r\n<table><tr><td>Univ=C3=A9</td></tr></table>\r\n------=_NextPart_01--\r\n";
        let html = html_part(message.as_bytes()).unwrap();
        assert!(html.contains("<td>Univé</td>"), "{html}");
        assert_eq!(html_part(b"<html></html>"), None);
    }
}
