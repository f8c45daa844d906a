use crate::ReadProblem;

/// Text decoded from bytes, with the name of the encoding it was in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
}

/// Decodes bytes as text. UTF-8 (with or without BOM) is taken as is; UTF-16 with a BOM is
/// decoded; other bytes go to Firefox's detector (`chardetng`) unless `declared` names a
/// charset (an HTML `<meta charset>`). Bytes that are partly valid UTF-8 and partly not are
/// refused rather than guessed, since mis-decoding them silently would corrupt names.
/// Binary data (NUL bytes, many control characters) is refused.
pub fn decode(bytes: &[u8], declared: Option<&str>) -> Result<Decoded, ReadProblem> {
    if bytes.is_empty() || bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ReadProblem::Empty);
    }
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return check_text(text.into_owned(), enc.name());
    }
    looks_binary(bytes)?;
    match std::str::from_utf8(bytes) {
        Ok(s) => check_text(s.to_string(), "UTF-8"),
        Err(e) => {
            let declared_enc =
                declared.and_then(|d| encoding_rs::Encoding::for_label(d.as_bytes()));
            if let Some(enc) = declared_enc.filter(|e| *e != encoding_rs::UTF_8) {
                let (text, _, _) = enc.decode(bytes);
                return check_text(text.into_owned(), enc.name());
            }
            if has_utf8_multibyte(bytes) || declared_enc == Some(encoding_rs::UTF_8) {
                return Err(ReadProblem::InvalidUtf8 {
                    offset: e.valid_up_to(),
                });
            }
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(bytes, true);
            let enc = det.guess(None, chardetng::Utf8Detection::Deny);
            let (text, _, _) = enc.decode(bytes);
            check_text(text.into_owned(), enc.name())
        }
    }
}

fn check_text(text: String, encoding: &'static str) -> Result<Decoded, ReadProblem> {
    if text.trim().is_empty() {
        return Err(ReadProblem::Empty);
    }
    Ok(Decoded { text, encoding })
}

fn looks_binary(bytes: &[u8]) -> Result<(), ReadProblem> {
    let head = &bytes[..bytes.len().min(8192)];
    if let Some(pos) = head.iter().position(|&b| b == 0) {
        return Err(ReadProblem::Binary(format!("NUL byte at offset {pos}")));
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    if control * 20 > head.len() {
        return Err(ReadProblem::Binary(format!(
            "{control} control bytes in the first {} bytes",
            head.len()
        )));
    }
    Ok(())
}

/// Whether the bytes hold at least one well-formed multi-byte UTF-8 sequence.
fn has_utf8_multibyte(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let n = match b {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => {
                i += 1;
                continue;
            }
        };
        if i + n <= bytes.len() && std::str::from_utf8(&bytes[i..i + n]).is_ok() {
            return true;
        }
        i += 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        let d = decode("Syrië".as_bytes(), None).unwrap();
        assert_eq!((d.text.as_str(), d.encoding), ("Syrië", "UTF-8"));
        let d = decode(b"\xEF\xBB\xBFSyri\xC3\xAB", None).unwrap();
        assert_eq!(d.text, "Syrië");
    }

    #[test]
    fn windows_1252_dutch_is_detected() {
        let bytes = b"De co\xf6rdinatie van de re\xefntegratie in Belgi\xeb kost \x80 3,5 miljoen, zegt het ministerie. Dat is \x93veel\x94 geld.";
        let d = decode(bytes, None).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("België kost € 3,5 miljoen"), "{}", d.text);
        assert!(d.text.contains("“veel”"));
    }

    #[test]
    fn declared_charset_wins() {
        let d = decode(b"Caf\xe9", Some("iso-8859-1")).unwrap();
        assert_eq!(d.text, "Café");
    }

    #[test]
    fn bad_inputs_are_refused() {
        assert_eq!(decode(b"", None), Err(ReadProblem::Empty));
        assert_eq!(decode(b" \n\t", None), Err(ReadProblem::Empty));
        assert!(matches!(
            decode(b"PK\x03\x04\x00\x00binary", None),
            Err(ReadProblem::Binary(_))
        ));
        assert_eq!(
            decode(
                "Syrië en \u{e9}"
                    .as_bytes()
                    .iter()
                    .chain(b" \xff rest")
                    .copied()
                    .collect::<Vec<_>>()
                    .as_slice(),
                None
            ),
            Err(ReadProblem::InvalidUtf8 { offset: 13 })
        );
    }
}
