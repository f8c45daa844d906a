//! Word-level normalisation shared by the matchers: folding and splitting into words.

use unicode_normalization::UnicodeNormalization;

/// Lower-cased, without diacritics, curly apostrophes made straight: `État` → `etat`.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == '’' { '\'' } else { c })
        .collect()
}

/// The folded words of `s`, with their byte ranges in `s`. Hyphens and apostrophes inside a
/// word keep it whole (`is-strijders`, `auto's`), except a short elided article, which is a
/// word of its own (`l'etat` → `l'`, `etat`).
pub fn words_with_offsets(s: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let is_inner = |i: usize| -> bool {
        let (_, c) = chars[i];
        (c == '-' || c == '\'' || c == '’')
            && i > 0
            && i + 1 < chars.len()
            && chars[i - 1].1.is_alphanumeric()
            && chars[i + 1].1.is_alphanumeric()
    };
    let push = |out: &mut Vec<(String, usize, usize)>, a: usize, b: usize| {
        let w = &s[a..b];
        // Split a short elided article: l'État, d'asile, qu'il.
        if let Some(p) = w.find(['\'', '’']) {
            let head = &w[..p];
            let q = p + w[p..].chars().next().map_or(1, char::len_utf8);
            if !head.is_empty()
                && head.chars().count() <= 2
                && head.chars().all(char::is_alphabetic)
                && w[q..].chars().count() >= 2
            {
                out.push((format!("{}'", fold(head)), a, a + q));
                out.push((fold(&w[q..]), a + q, b));
                return;
            }
        }
        out.push((fold(w), a, b));
    };
    for (i, &(b, c)) in chars.iter().enumerate() {
        let part = c.is_alphanumeric() || (start.is_some() && is_inner(i));
        match (part, start) {
            (true, None) => start = Some(b),
            (false, Some(a)) => {
                push(&mut out, a, b);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(a) = start {
        push(&mut out, a, s.len());
    }
    out
}

/// The folded words of `s`.
pub fn words(s: &str) -> Vec<String> {
    words_with_offsets(s)
        .into_iter()
        .map(|(w, _, _)| w)
        .collect()
}

/// Byte offset of every code point of `text`, and the text's length at the end, so contract
/// spans (code points) can slice the text.
pub fn char_offsets(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

/// The bytes of a code-point span, clamped to the text.
pub fn byte_range(offsets: &[usize], start: usize, end: usize) -> (usize, usize) {
    let last = offsets.len().saturating_sub(1);
    let a = offsets.get(start.min(last)).copied().unwrap_or(0);
    let b = offsets.get(end.min(last)).copied().unwrap_or(a);
    (a, b.max(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_compounds_and_split_elisions() {
        assert_eq!(
            words("Zo'n 250 IS-strijders, l'État islamique (FDS)."),
            vec![
                "zo'n",
                "250",
                "is-strijders",
                "l'",
                "etat",
                "islamique",
                "fds"
            ]
        );
        assert_eq!(words("auto’s — Kämpfer"), vec!["auto's", "kampfer"]);
    }

    #[test]
    fn offsets_slice_the_words() {
        let s = "Rund 250 IS-Kämpfer";
        for (w, a, b) in words_with_offsets(s) {
            assert_eq!(fold(&s[a..b]), w);
        }
        let off = char_offsets("é1");
        assert_eq!(byte_range(&off, 1, 2), (2, 3));
        assert_eq!(byte_range(&off, 1, 9), (2, 3));
    }
}
