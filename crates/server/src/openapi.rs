//! The OpenAPI 3.1 document: paths and parameters are written by hand in `openapi.json`;
//! the schemas are generated here from the response types and the `dossier/1` record, so a
//! changed type changes the document. Tests check real responses against it.

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value};

use crate::types::{
    ClaimList, EntityDetail, EntityList, ErrorBody, Facets, Health, PlaceList, QuoteList,
    SearchPage, SpeakerList, StoreStats, StoryList, UploadReport,
};

const PATHS: &str = include_str!("../openapi.json");

fn add<T: JsonSchema>(
    generator: &mut schemars::SchemaGenerator,
    name: &str,
    out: &mut Map<String, Value>,
) {
    let schema = generator.subschema_for::<T>();
    let value = schema.to_value();
    // A named type comes back as a reference to its definition; keep the name the paths use.
    let referenced = value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
        .map(str::to_string);
    match referenced {
        Some(def) if def == name => {}
        _ => {
            out.insert(name.to_string(), value);
        }
    }
}

/// The whole document as a JSON value.
pub fn document() -> Value {
    let mut doc: Value = serde_json::from_str(PATHS).expect("openapi.json is valid JSON (tested)");
    let mut generator = SchemaSettings::draft2020_12()
        .with(|s| s.definitions_path = "/components/schemas".into())
        .for_serialize()
        .into_generator();
    let mut named = Map::new();
    add::<dossier_model::Record>(&mut generator, "Record", &mut named);
    add::<ErrorBody>(&mut generator, "Error", &mut named);
    add::<Health>(&mut generator, "Health", &mut named);
    add::<StoreStats>(&mut generator, "StoreStats", &mut named);
    add::<SearchPage>(&mut generator, "SearchPage", &mut named);
    add::<Facets>(&mut generator, "Facets", &mut named);
    add::<EntityList>(&mut generator, "EntityList", &mut named);
    add::<EntityDetail>(&mut generator, "EntityDetail", &mut named);
    add::<PlaceList>(&mut generator, "PlaceList", &mut named);
    add::<QuoteList>(&mut generator, "QuoteList", &mut named);
    add::<SpeakerList>(&mut generator, "SpeakerList", &mut named);
    add::<UploadReport>(&mut generator, "UploadReport", &mut named);
    add::<StoryList>(&mut generator, "StoryList", &mut named);
    add::<dossier_relate::report::StoryReport>(&mut generator, "StoryReport", &mut named);
    add::<ClaimList>(&mut generator, "ClaimList", &mut named);
    let mut schemas = generator.take_definitions(true);
    for (name, schema) in named {
        // An alias must not replace a generated definition of the same name.
        assert!(
            !schemas.contains_key(&name),
            "schema name {name} used twice"
        );
        schemas.insert(name, schema);
    }
    if let Some(slot) = doc.pointer_mut("/components/schemas") {
        *slot = Value::Object(schemas);
    }
    doc
}

pub fn document_string() -> String {
    serde_json::to_string(&document()).unwrap_or_else(|_| "{}".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    out.push(r);
                }
                m.values().for_each(|x| refs(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }

    #[test]
    fn every_reference_resolves() {
        let doc = document();
        let mut all = Vec::new();
        refs(&doc, &mut all);
        assert!(all.len() > 30);
        for r in all {
            let pointer = r.strip_prefix('#').expect("local reference");
            assert!(doc.pointer(pointer).is_some(), "{r} does not resolve");
        }
        assert!(
            doc.pointer("/components/schemas/Record/properties/entities")
                .is_some()
        );
        assert!(doc.pointer("/components/schemas/Error").is_some());
        // Type names are global in the document: the record's `Stats` stays the record's.
        assert!(
            doc.pointer("/components/schemas/Stats/properties/chars")
                .is_some()
        );
        assert!(
            doc.pointer("/components/schemas/StoreStats/properties/by_lang")
                .is_some()
        );
    }
}
