use unicode_normalization::UnicodeNormalization;

/// The text an id is computed from: NFC, case-folded, whitespace runs collapsed, so that the
/// same article copied twice (different line endings, trailing spaces) gets the same id.
pub fn normalise_for_id(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfc().flat_map(char::to_lowercase) {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// A stable record id from the cleaned article text: 16 hex digits of its BLAKE3 hash.
pub fn content_id(text: &str) -> String {
    let hash = blake3::hash(normalise_for_id(text).as_bytes());
    hash.to_hex()[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_and_case_do_not_change_the_id() {
        assert_eq!(
            content_id("Raqqa  deal\r\nBBC "),
            content_id("raqqa deal\nBBC")
        );
        assert_ne!(content_id("Raqqa deal"), content_id("Raqqa deals"));
        assert_eq!(content_id("x").len(), 16);
    }
}
