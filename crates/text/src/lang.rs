/// The language of a text as an ISO 639-1 code, with the detector's confidence (0..1).
#[derive(Clone, Debug, PartialEq)]
pub struct LangGuess {
    pub code: &'static str,
    pub confidence: f32,
}

/// Detects the language of `text`; `und` with confidence 0 when it cannot be told (too short,
/// no letters, or a language the detector does not know).
pub fn detect_language(text: &str) -> LangGuess {
    // The first few thousand chars decide it; whole books are not needed.
    let end = text
        .char_indices()
        .nth(4000)
        .map(|(b, _)| b)
        .unwrap_or(text.len());
    let sample = &text[..end];
    let info = whatlang::detect(sample).map(|info| {
        // A short text is often mistaken for a neighbouring language (`Mr. King said the
        // vote was close.` → Afrikaans). When the guess is not reliable, the languages
        // Dossier has analysers for are far more likely in news, so they decide.
        if info.is_reliable() {
            return info;
        }
        whatlang::Detector::with_allowlist(ANALYSED.to_vec())
            .detect(sample)
            .unwrap_or(info)
    });
    // Too short for trigrams (`"We want change," Jeff Weaver said.` read as Dutch): the
    // analysed language whose function words the text uses most decides, when one leads.
    if let Some(i) = &info
        && !i.is_reliable()
        && let Some(code) = function_word_vote(sample)
    {
        return LangGuess {
            code,
            confidence: i.confidence() as f32,
        };
    }
    match info {
        Some(info) => match iso639_1(info.lang()) {
            Some(code) => LangGuess {
                code,
                confidence: info.confidence() as f32,
            },
            None => LangGuess {
                code: "und",
                confidence: 0.0,
            },
        },
        None => LangGuess {
            code: "und",
            confidence: 0.0,
        },
    }
}

/// The analysed language with the most function words in `text` (`function_words` in
/// `data/lang/<code>/tokenizer.toml`), if one has strictly more than every other.
fn function_word_vote(text: &str) -> Option<&'static str> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphabetic() && c != '\'' && c != '’')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut votes: Vec<(usize, &'static str)> = ANALYSED
        .iter()
        .filter_map(|&l| iso639_1(l))
        .map(|code| {
            let rules = crate::rules_for(code);
            let n = words
                .iter()
                .filter(|w| rules.function_words.contains(w.as_str()))
                .count();
            (n, code)
        })
        .collect();
    votes.sort_by_key(|v| std::cmp::Reverse(v.0));
    match votes.as_slice() {
        [(n, code), (m, _), ..] if *n > 0 && n > m => Some(code),
        _ => None,
    }
}

/// The languages with analysers under `data/lang/` (see `data/lang/*/`).
const ANALYSED: [whatlang::Lang; 6] = [
    whatlang::Lang::Nld,
    whatlang::Lang::Eng,
    whatlang::Lang::Deu,
    whatlang::Lang::Fra,
    whatlang::Lang::Spa,
    whatlang::Lang::Ita,
];

fn iso639_1(lang: whatlang::Lang) -> Option<&'static str> {
    use whatlang::Lang::*;
    Some(match lang {
        Nld => "nl",
        Eng => "en",
        Deu => "de",
        Fra => "fr",
        Spa => "es",
        Ita => "it",
        Por => "pt",
        Rus => "ru",
        Ukr => "uk",
        Pol => "pl",
        Tur => "tr",
        Ara => "ar",
        Pes => "fa",
        Swe => "sv",
        Dan => "da",
        Nob => "nb",
        Fin => "fi",
        Ces => "cs",
        Slk => "sk",
        Ron => "ro",
        Hun => "hu",
        Ell => "el",
        Heb => "he",
        Cmn => "zh",
        Jpn => "ja",
        Kor => "ko",
        Hin => "hi",
        Afr => "af",
        Cat => "ca",
        Hrv => "hr",
        Srp => "sr",
        Bul => "bg",
        Slv => "sl",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Ind => "id",
        Vie => "vi",
        Tha => "th",
        Urd => "ur",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_the_four_first_languages() {
        let cases = [
            (
                "nl",
                "Een gewapend konvooi met enkele van de beruchtste IS-leden verliet midden oktober de Syrische stad.",
            ),
            (
                "en",
                "An armed convoy carrying some of the most notorious members of the group left the city in mid October.",
            ),
            (
                "de",
                "Ein bewaffneter Konvoi mit einigen der berüchtigtsten Mitglieder verließ Mitte Oktober die syrische Stadt.",
            ),
            (
                "fr",
                "Un convoi armé transportant certains des membres les plus connus a quitté la ville syrienne à la mi-octobre.",
            ),
        ];
        for (code, text) in cases {
            let g = detect_language(text);
            assert_eq!(g.code, code, "{text}");
            assert!(g.confidence > 0.3, "{code}: {}", g.confidence);
        }
    }

    #[test]
    fn short_texts_lean_to_the_analysed_languages() {
        assert_eq!(
            detect_language("Mr. King said the vote was close.").code,
            "en"
        );
        assert_eq!(
            detect_language("De stemming was krap, zei King.").code,
            "nl"
        );
        assert_eq!(
            detect_language("\"We want change,\" Jeff Weaver said.").code,
            "en"
        );
        assert_eq!(
            detect_language("Test\n\n\"We willen verandering,\" zei Jeff Weaver.").code,
            "nl"
        );
        // A long text in another language keeps its language.
        let pt = "O governo anunciou ontem novas medidas para conter a inflação, que atingiu o nível mais alto em duas décadas, segundo os dados oficiais publicados pelo instituto de estatística.";
        assert_eq!(detect_language(pt).code, "pt");
    }

    #[test]
    fn no_letters_is_undetermined() {
        assert_eq!(detect_language("1234 5678 !!").code, "und");
        assert_eq!(detect_language("").code, "und");
    }
}
