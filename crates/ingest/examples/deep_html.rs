//! Times the extractor on pathologically deep markup: `deep_html N`.
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10000);
    let html = "<div>word, more words here.".repeat(n);
    let t = std::time::Instant::now();
    let parsed = scraper::Html::parse_document(&html);
    let parse = t.elapsed();
    drop(parsed);
    let t = std::time::Instant::now();
    let d = dossier_ingest::extract_html(&html);
    println!(
        "{n}: parse {parse:?}; {} blocks in {:?} all told",
        d.blocks.len(),
        t.elapsed()
    );
}
