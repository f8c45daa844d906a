#![no_main]
//! Clean + analyse never panic and every span slices to its text, whatever the text.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(rules) = dossier_ingest::clean_rules() else { return };
    let Ok(res) = dossier_extract::Resources::shared() else { return };
    let opts = dossier_ingest::ReadOptions { max_size: 1 << 20 };
    for doc in dossier_ingest::read_bytes("a.txt", None, text.as_bytes(), &opts).into_iter().flatten() {
        if let Ok(article) = dossier_ingest::clean(&doc, &rules) {
            let rec = dossier_extract::analyse(&article, &res);
            for (group, span, item) in rec.spanned_items() {
                assert_eq!(span.slice(&rec.text), item, "{group}");
            }
        }
    }
});
