//! Prints how the HTML extractor read a page: `cargo run -p dossier-ingest --example
//! explain_html PAGE.html[.gz]`.

use std::io::Read;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: explain_html PAGE.html[.gz]")?;
    let raw = std::fs::read(&path)?;
    let mut bytes = Vec::new();
    if raw.starts_with(&[0x1f, 0x8b]) {
        flate2::read::MultiGzDecoder::new(&raw[..]).read_to_end(&mut bytes)?;
    } else {
        bytes = raw;
    }
    let text = String::from_utf8_lossy(&bytes);
    print!("{}", dossier_ingest::explain_html(&text));
    Ok(())
}
