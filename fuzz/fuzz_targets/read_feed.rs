#![no_main]
//! The feed reader and the cleaner never panic, whatever the bytes.

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = dossier_ingest::ReadOptions { max_size: 1 << 20 };
    let Ok(rules) = dossier_ingest::clean_rules() else { return };
    for doc in dossier_ingest::read_bytes("feed.rss", Some("feed.rss"), data, &opts).into_iter().flatten() {
        let _ = dossier_ingest::clean(&doc, &rules);
    }
});
