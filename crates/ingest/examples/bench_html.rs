//! Times HTML extraction on a set of pages (one thread): parsing alone, then the whole
//! extractor. `cargo run --release -p dossier-ingest --example bench_html -- PAGE.html.gz...`

use std::io::Read;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut pages = Vec::new();
    for path in std::env::args().skip(1) {
        let raw = std::fs::read(&path)?;
        let mut bytes = Vec::new();
        if raw.starts_with(&[0x1f, 0x8b]) {
            flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut bytes)?;
        } else {
            bytes = raw;
        }
        pages.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    let mb: f64 = pages.iter().map(|p| p.len() as f64).sum::<f64>() / 1e6;
    let rules = dossier_ingest::html_rules()?;
    let rounds = 3;
    let t = Instant::now();
    for _ in 0..rounds {
        for p in &pages {
            std::hint::black_box(scraper::Html::parse_document(p));
        }
    }
    let parse = t.elapsed().as_secs_f64() / rounds as f64;
    let t = Instant::now();
    for _ in 0..rounds {
        for p in &pages {
            std::hint::black_box(dossier_ingest::extract_html_with(p, &rules));
        }
    }
    let all = t.elapsed().as_secs_f64() / rounds as f64;
    let n = pages.len() as f64;
    println!(
        "{} pages, {mb:.1} MB of HTML: parse only {:.0} pages/s; extract {:.0} pages/s, {:.1} MB/s",
        pages.len(),
        n / parse,
        n / all,
        mb / all
    );
    Ok(())
}
