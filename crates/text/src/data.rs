use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// A resource file under `data/` that is missing or malformed.
#[derive(Debug, Clone, thiserror::Error)]
pub enum DataError {
    #[error("cannot read data file {path}: {message}")]
    Io { path: PathBuf, message: String },
    #[error("malformed data file {path}: {message}")]
    Parse { path: PathBuf, message: String },
}

/// The directory holding Dossier's compiled resources (`data/` in the repository).
///
/// Looked up once: `$DOSSIER_DATA` if set, else a `data/` directory beside or above the
/// running binary (so `target/release/dossier` finds the checkout's `data/`), else the
/// checkout this crate was built from.
pub fn data_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        if let Some(dir) = std::env::var_os("DOSSIER_DATA") {
            return PathBuf::from(dir);
        }
        if let Ok(exe) = std::env::current_exe() {
            for anc in exe.ancestors().skip(1).take(4) {
                let cand = anc.join("data");
                if cand.join("lang").is_dir() {
                    return cand;
                }
            }
        }
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data")
    })
}

/// Reads `data/<rel>` as UTF-8 text.
pub fn read_data(rel: &str) -> Result<String, DataError> {
    let path = data_dir().join(rel);
    std::fs::read_to_string(&path).map_err(|e| DataError::Io {
        path,
        message: e.to_string(),
    })
}

/// Reads and parses `data/<rel>` as TOML into `T`.
pub fn load_toml<T: serde::de::DeserializeOwned>(rel: &str) -> Result<T, DataError> {
    let text = read_data(rel)?;
    toml::from_str(&text).map_err(|e| DataError::Parse {
        path: data_dir().join(rel),
        message: e.to_string(),
    })
}
