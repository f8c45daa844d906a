//! Token features of the NER tagger. Training (`cargo xtask train-ner`) and tagging both call
//! [`doc_features`], so a model always sees at run time the features it was trained on.
//!
//! Features are hashed to `u64` keys: no feature dictionary has to be loaded or kept in sync.
//! They look only at token strings (no POS, no CoNLL-only conventions): the word, its shape,
//! affixes, a window of neighbours, the casing of the whole sentence, document-level casing
//! evidence and word lexicons (clusters, name lists, frequencies) loaded from `data/ner/`.

use std::collections::HashSet;

use super::lexicon::Lexicon;

/// Feature templates; the discriminant goes into the hash.
#[derive(Clone, Copy)]
#[repr(u8)]
enum T {
    Bias = 1,
    Form,
    Lower,
    Prefix,
    Suffix,
    Shape,
    Class,
    Prev1,
    Next1,
    Prev2,
    Next2,
    ClassWindow,
    BigramPrev,
    BigramNext,
    First,
    SentCase,
    LowerSeen,
    CapSeen,
    Lex,
    Length,
    Inner,
    Agg,
}

/// FNV-1a over the template, its parts and separators, finished with a 64-bit mixer. Stable
/// across platforms and releases: the model's keys depend on it.
#[derive(Clone, Copy)]
struct H(u64);

impl H {
    fn new(t: T) -> H {
        H(0xcbf2_9ce4_8422_2325).byte(t as u8)
    }
    fn byte(self, b: u8) -> H {
        H((self.0 ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3))
    }
    fn str(self, s: &str) -> H {
        s.bytes().fold(self, H::byte).byte(0xff)
    }
    fn num(self, x: i64) -> H {
        x.to_le_bytes().into_iter().fold(self, H::byte)
    }
    fn finish(self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        let z = z ^ (z >> 31);
        z.max(1) // 0 marks an empty slot in the model's table
    }
}

/// The hash key of a lexicon value as a feature at `offset` from the token. Lexicons
/// precompute `value_key(name, value, 0)` and [`shift`] moves it to other offsets.
pub fn value_key(lexicon: &str, value: &str) -> u64 {
    H::new(T::Lex).str(lexicon).str(value).finish()
}

/// The hash of a word as a lexicon key.
pub(crate) fn word_key(word: &str) -> u64 {
    H::new(T::Bias).str(word).finish()
}

fn shift(key: u64, offset: i64) -> u64 {
    H(key).num(offset).finish()
}

/// Coarse casing class of a token.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Lower,
    Title,
    Upper,
    Mixed,
    Digit,
    Punct,
    Other,
}

impl Class {
    fn of(w: &str) -> Class {
        let mut letters = 0;
        let mut upper = 0;
        let mut digits = 0;
        let mut first_upper = false;
        for (i, c) in w.chars().enumerate() {
            if c.is_alphabetic() {
                letters += 1;
                if c.is_uppercase() {
                    upper += 1;
                    if i == 0 {
                        first_upper = true;
                    }
                }
            } else if c.is_numeric() {
                digits += 1;
            }
        }
        if letters == 0 {
            if digits > 0 {
                Class::Digit
            } else if w.chars().all(|c| c.is_ascii_punctuation() || is_punct(c)) {
                Class::Punct
            } else {
                Class::Other
            }
        } else if upper == 0 {
            Class::Lower
        } else if upper == letters && letters > 1 {
            Class::Upper
        } else if first_upper && upper == 1 {
            Class::Title
        } else if first_upper {
            Class::Mixed
        } else {
            Class::Other
        }
    }
    fn tag(self) -> &'static str {
        match self {
            Class::Lower => "x",
            Class::Title => "Xx",
            Class::Upper => "X",
            Class::Mixed => "XxX",
            Class::Digit => "d",
            Class::Punct => ".",
            Class::Other => "?",
        }
    }
    fn capitalised(self) -> bool {
        matches!(self, Class::Title | Class::Upper | Class::Mixed)
    }
}

fn is_punct(c: char) -> bool {
    matches!(
        c,
        '…' | '–'
            | '—'
            | '‐'
            | '‑'
            | '‒'
            | '·'
            | '«'
            | '»'
            | '“'
            | '”'
            | '„'
            | '‘'
            | '’'
            | '‚'
    )
}

/// The token as the features see it: quotes, apostrophes and dashes in one style, digits as
/// `0`, so typography and numbers do not split what the model learns.
fn normalise(w: &str) -> String {
    w.chars()
        .map(|c| match c {
            '“' | '”' | '„' | '‟' | '«' | '»' | '‹' | '›' | '`' => '"',
            '‘' | '’' | '‚' | '‛' => '\'',
            '–' | '—' | '‐' | '‑' | '‒' => '-',
            c if c.is_numeric() => '0',
            c => c,
        })
        .collect()
}

/// Word shape with runs collapsed: `Ryan` → `Xx`, `IS-strijders` → `X-x`, `U.S.` → `X.X.`,
/// `3.500` → `0.0`. Long shapes are cut so rare ones do not become word ids.
fn shape(w: &str) -> String {
    let mut out = String::with_capacity(8);
    let mut last = '\0';
    for c in w.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_alphabetic() {
            'x'
        } else if c.is_numeric() {
            '0'
        } else {
            c
        };
        if s != last {
            out.push(s);
            last = s;
        }
        if out.len() >= 8 {
            break;
        }
    }
    out
}

/// Casing of a whole sentence: headlines in title case or capitals make capitalisation a weak
/// cue, and the model needs to know.
fn sentence_case(classes: &[Class], words: &[&str]) -> &'static str {
    let mut long = 0;
    let mut title = 0;
    let mut upper = 0;
    for (c, w) in classes.iter().zip(words) {
        if w.chars().count() < 4 || !w.chars().any(char::is_alphabetic) {
            continue;
        }
        long += 1;
        match c {
            Class::Upper => upper += 1,
            Class::Title | Class::Mixed => title += 1,
            _ => {}
        }
    }
    if long < 3 {
        "short"
    } else if upper * 10 >= long * 8 {
        "upper"
    } else if (title + upper) * 10 >= long * 8 {
        "title"
    } else {
        "normal"
    }
}

/// Per-token feature keys for one sentence: `keys[offsets[i]..offsets[i + 1]]` are token i's.
#[derive(Clone, Debug, Default)]
pub struct SentenceFeatures {
    pub keys: Vec<u64>,
    pub offsets: Vec<u32>,
}

impl SentenceFeatures {
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn token(&self, i: usize) -> &[u64] {
        &self.keys[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

struct Tok {
    form: String,
    lower: String,
    class: Class,
    shape: String,
    lex: Vec<u64>,
}

/// Document-level evidence: which words occur in lower case, and which capitalised away from
/// the start of a sentence. `Bron` at the start of a line is a name only if the article also
/// writes it capitalised mid-sentence and never as `bron`.
struct DocEvidence {
    lower_seen: HashSet<String>,
    cap_inside: HashSet<String>,
}

impl DocEvidence {
    fn new(sentences: &[Vec<&str>]) -> Self {
        let mut lower_seen = HashSet::new();
        let mut cap_inside = HashSet::new();
        for s in sentences {
            let case = sentence_case(&s.iter().map(|w| Class::of(w)).collect::<Vec<_>>(), s);
            for (i, w) in s.iter().enumerate() {
                match Class::of(w) {
                    Class::Lower => {
                        lower_seen.insert(w.to_string());
                    }
                    c if c.capitalised() && i > 0 && case == "normal" && !is_opener(s[i - 1]) => {
                        cap_inside.insert(w.to_lowercase());
                    }
                    _ => {}
                }
            }
        }
        DocEvidence {
            lower_seen,
            cap_inside,
        }
    }
}

/// A token after which a capital does not mark a name (quotes, colons, dashes, brackets).
fn is_opener(w: &str) -> bool {
    matches!(Class::of(w), Class::Punct | Class::Other) && !matches!(w, "," | "&")
}

/// The feature keys of every token of a document, one [`SentenceFeatures`] per sentence.
pub fn doc_features(sentences: &[Vec<&str>], lexicons: &[Lexicon]) -> Vec<SentenceFeatures> {
    let evidence = DocEvidence::new(sentences);
    sentences
        .iter()
        .map(|s| sentence_features(s, lexicons, &evidence))
        .collect()
}

fn sentence_features(words: &[&str], lexicons: &[Lexicon], ev: &DocEvidence) -> SentenceFeatures {
    let toks: Vec<Tok> = words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let form = normalise(w);
            let lower = form.to_lowercase();
            let mut lex = Vec::new();
            for l in lexicons {
                l.values(w, &lower, i == 0, &mut lex);
            }
            Tok {
                class: Class::of(w),
                shape: shape(&form),
                form,
                lower,
                lex,
            }
        })
        .collect();
    let classes: Vec<Class> = toks.iter().map(|t| t.class).collect();
    let case = sentence_case(&classes, words);
    let n = toks.len();
    let mut out = SentenceFeatures {
        keys: Vec::with_capacity(n * 48),
        offsets: Vec::with_capacity(n + 1),
    };
    out.offsets.push(0);
    let lw = |j: isize| -> &str {
        if j < 0 {
            "<s>"
        } else if j as usize >= n {
            "</s>"
        } else {
            &toks[j as usize].lower
        }
    };
    let cl = |j: isize| -> &str {
        if j < 0 || j as usize >= n {
            "#"
        } else {
            toks[j as usize].class.tag()
        }
    };
    for (i, t) in toks.iter().enumerate() {
        let k = &mut out.keys;
        let ii = i as isize;
        let ct = t.class.tag();
        k.push(H::new(T::Bias).finish());
        k.push(H::new(T::Form).str(&t.form).finish());
        k.push(H::new(T::Lower).str(&t.lower).finish());
        k.push(H::new(T::Shape).str(&t.shape).finish());
        k.push(H::new(T::Class).str(ct).finish());
        let chars: Vec<(usize, char)> = t.lower.char_indices().collect();
        let nc = chars.len();
        k.push(H::new(T::Length).num(nc.min(8) as i64).finish());
        for len in 1..=4usize {
            if nc > len {
                let p = &t.lower[..chars[len].0];
                let s = &t.lower[chars[nc - len].0..];
                k.push(H::new(T::Prefix).str(p).finish());
                k.push(H::new(T::Suffix).str(s).finish());
            }
        }
        // The head of a compound: `IS` in `IS-strijders`, `VS` in `VS-leger`.
        if let Some(pos) = t.form.find(['-', '.', '\''])
            && pos > 0
            && pos + 1 < t.form.len()
        {
            k.push(H::new(T::Inner).str(&t.form[..pos]).finish());
        }
        k.push(H::new(T::Prev1).str(lw(ii - 1)).finish());
        k.push(H::new(T::Next1).str(lw(ii + 1)).finish());
        k.push(H::new(T::Prev2).str(lw(ii - 2)).finish());
        k.push(H::new(T::Next2).str(lw(ii + 2)).finish());
        k.push(H::new(T::BigramPrev).str(lw(ii - 1)).str(&t.lower).finish());
        k.push(H::new(T::BigramNext).str(&t.lower).str(lw(ii + 1)).finish());
        k.push(
            H::new(T::ClassWindow)
                .str(cl(ii - 1))
                .str(ct)
                .str(cl(ii + 1))
                .finish(),
        );
        k.push(H::new(T::ClassWindow).str(cl(ii - 1)).str(ct).finish());
        k.push(
            H::new(T::ClassWindow)
                .str(ct)
                .str(cl(ii + 1))
                .num(1)
                .finish(),
        );
        let first = i == 0 || (i == 1 && is_opener(words[0]));
        if first {
            k.push(H::new(T::First).str(ct).finish());
        }
        k.push(H::new(T::SentCase).str(case).str(ct).finish());
        if t.class.capitalised() {
            let seen_lower = ev.lower_seen.contains(&t.lower);
            k.push(
                H::new(T::LowerSeen)
                    .num(seen_lower as i64)
                    .str(case)
                    .finish(),
            );
            let cap = ev.cap_inside.contains(&t.lower);
            k.push(
                H::new(T::CapSeen)
                    .num(cap as i64)
                    .num(first as i64)
                    .finish(),
            );
        }
        for (off, j) in [(0i64, ii), (-1, ii - 1), (1, ii + 1)] {
            if j < 0 || j as usize >= n {
                continue;
            }
            for &v in &toks[j as usize].lex {
                k.push(if off == 0 { v } else { shift(v, off) });
                if off == 0 {
                    k.push(H(v).str(ct).finish());
                }
            }
        }
        out.offsets.push(k.len() as u32);
    }
    out
}

/// Document-level features from a first tagging pass (Ratinov & Roth's prediction
/// aggregation): what the other occurrences of a word in the article were tagged, what the
/// compounds it heads were tagged (`IS` in `IS-strijders`), and the first pass's own labels.
/// `first[s]` holds sentence `s`'s first-pass entity type per token (`None` outside).
pub fn add_aggregate_features(
    sentences: &[Vec<&str>],
    first: &[Vec<Option<&str>>],
    feats: &mut [SentenceFeatures],
) {
    use std::collections::HashMap;
    const TYPES: [&str; 5] = ["PER", "ORG", "LOC", "MISC", "O"];
    let idx = |t: Option<&str>| TYPES.iter().position(|&x| Some(x) == t).unwrap_or(4);
    let has_upper = |w: &str| w.chars().any(char::is_uppercase);
    let head = |w: &str| -> Option<String> {
        let (h, rest) = w.split_once('-')?;
        (!h.is_empty() && !rest.is_empty() && has_upper(h)).then(|| h.to_string())
    };
    let mut forms: HashMap<&str, [u32; 5]> = HashMap::new();
    let mut heads: HashMap<String, [u32; 5]> = HashMap::new();
    for (s, labels) in sentences.iter().zip(first) {
        for (w, t) in s.iter().zip(labels) {
            if !has_upper(w) {
                continue;
            }
            forms.entry(w).or_default()[idx(*t)] += 1;
            if let Some(h) = head(w) {
                heads.entry(h).or_default()[idx(*t)] += 1;
            }
        }
    }
    for ((s, labels), f) in sentences.iter().zip(first).zip(feats.iter_mut()) {
        let mut keys = Vec::with_capacity(f.keys.len() + s.len() * 8);
        let mut offsets = vec![0u32];
        for (i, w) in s.iter().enumerate() {
            keys.extend_from_slice(f.token(i));
            let own = idx(labels[i]);
            let tl = |j: isize| -> &str {
                if j < 0 || j as usize >= s.len() {
                    "#"
                } else {
                    TYPES[idx(labels[j as usize])]
                }
            };
            let ii = i as isize;
            keys.push(H::new(T::Agg).str("self").str(TYPES[own]).finish());
            keys.push(
                H::new(T::Agg)
                    .str("ctx")
                    .str(tl(ii - 1))
                    .str(TYPES[own])
                    .str(tl(ii + 1))
                    .finish(),
            );
            if has_upper(w) {
                let mut c = forms.get(w).copied().unwrap_or_default();
                c[own] = c[own].saturating_sub(1);
                let total: u32 = c.iter().sum();
                if total == 0 {
                    keys.push(H::new(T::Agg).str("alone").finish());
                }
                for (t, &n) in TYPES.iter().zip(&c) {
                    if n > 0 {
                        keys.push(H::new(T::Agg).str("other").str(t).finish());
                        if n * 2 > total {
                            keys.push(H::new(T::Agg).str("major").str(t).finish());
                        }
                    }
                }
                if let Some(c) = heads.get(*w) {
                    for (t, &n) in TYPES.iter().zip(c) {
                        if n > 0 {
                            keys.push(H::new(T::Agg).str("heads").str(t).finish());
                        }
                    }
                }
                if let Some(c) = head(w).and_then(|h| forms.get(h.as_str())) {
                    for (t, &n) in TYPES.iter().zip(c) {
                        if n > 0 {
                            keys.push(H::new(T::Agg).str("headed").str(t).finish());
                        }
                    }
                }
            }
            offsets.push(keys.len() as u32);
        }
        *f = SentenceFeatures { keys, offsets };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_classes() {
        assert_eq!(shape("Ryan"), "Xx");
        assert_eq!(shape("IS-strijders"), "X-x");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("3.500"), "0.0");
        assert!(Class::of("Raqqa") == Class::Title);
        assert!(Class::of("BBC") == Class::Upper);
        assert!(Class::of("IS-strijders") == Class::Mixed);
        assert!(Class::of(",") == Class::Punct);
        assert!(Class::of("“") == Class::Punct);
    }

    #[test]
    fn typography_does_not_change_features() {
        let a = doc_features(&[vec!["“", "Raqqa", "”"]], &[]);
        let b = doc_features(&[vec!["\"", "Raqqa", "\""]], &[]);
        assert_eq!(a[0].keys, b[0].keys);
    }

    #[test]
    fn headline_case_is_seen() {
        let words = ["Ryan", "Dillon", "Says", "Coalition", "Made", "Deal"];
        let classes: Vec<Class> = words.iter().map(|w| Class::of(w)).collect();
        assert_eq!(sentence_case(&classes, &words), "title");
        let words = ["De", "BBC", "sprak", "met", "tientallen", "mensen"];
        let classes: Vec<Class> = words.iter().map(|w| Class::of(w)).collect();
        assert_eq!(sentence_case(&classes, &words), "normal");
    }
}
