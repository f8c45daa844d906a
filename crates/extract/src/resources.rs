use std::sync::{Arc, OnceLock};

use dossier_text::DataError;

use crate::{entities, ner, places, quantities, quotes, times};

/// Everything the analysers read: models, gazetteer, lexicons. Loaded once, shared by all
/// threads; nothing is rebuilt per article.
pub struct Resources {
    pub ner: ner::NerModels,
    pub gazetteer: places::Gazetteer,
    pub aliases: entities::AliasTable,
    pub quantities: quantities::QuantityLexicons,
    pub times: times::TimeLexicons,
    pub quotes: quotes::QuoteLexicons,
}

impl Resources {
    /// Loads every resource from the data directory (see [`dossier_text::data_dir`]).
    pub fn load() -> Result<Self, DataError> {
        Ok(Resources {
            ner: ner::NerModels::load()?,
            gazetteer: places::Gazetteer::load()?,
            aliases: entities::AliasTable::load()?,
            quantities: quantities::QuantityLexicons::load()?,
            times: times::TimeLexicons::load()?,
            quotes: quotes::QuoteLexicons::load()?,
        })
    }

    /// The process-wide resources, loaded on first use.
    pub fn shared() -> Result<Arc<Resources>, DataError> {
        static SHARED: OnceLock<Result<Arc<Resources>, DataError>> = OnceLock::new();
        SHARED
            .get_or_init(|| Resources::load().map(Arc::new))
            .clone()
    }
}
