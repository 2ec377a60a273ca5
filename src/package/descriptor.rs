//! The parts of a Frictionless Data Package (v1) that aimarket writes: the
//! package, its sources, and each CSV file as a tabular data resource with
//! its Table Schema. Field order here is the order of the JSON keys.

use serde::Serialize;
use serde_json::Value;

/// A tabular data package: `datapackage.json`.
#[derive(Clone, Debug, Serialize)]
pub struct Package {
    pub profile: &'static str,
    pub name: String,
    pub title: String,
    pub description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    pub resources: Vec<Resource>,
}

impl Package {
    pub fn new(name: &str, title: &str, description: &str, resources: Vec<Resource>) -> Package {
        Package {
            profile: "tabular-data-package",
            name: name.into(),
            title: title.into(),
            description: description.into(),
            sources: Vec::new(),
            resources,
        }
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("a package serializes");
        text.push('\n');
        text
    }
}

/// Where the package's data comes from: a title, and its address when it has one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Source {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// One CSV file of the package.
#[derive(Clone, Debug, Serialize)]
pub struct Resource {
    pub profile: &'static str,
    pub name: String,
    pub path: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub format: &'static str,
    pub mediatype: &'static str,
    pub encoding: &'static str,
    pub schema: Schema,
}

impl Resource {
    /// A UTF-8 CSV file at `path`, named `name`.
    pub fn csv(name: &str, path: &str, schema: Schema) -> Resource {
        Resource {
            profile: "tabular-data-resource",
            name: name.into(),
            path: path.into(),
            title: String::new(),
            description: String::new(),
            format: "csv",
            mediatype: "text/csv",
            encoding: "utf-8",
            schema,
        }
    }
}

/// A Table Schema: the fields in the file's column order. An empty cell is
/// the only missing value.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    pub fields: Vec<Field>,
    pub missing_values: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub primary_key: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub foreign_keys: Vec<ForeignKey>,
}

impl Schema {
    pub fn new(fields: Vec<Field>) -> Schema {
        Schema {
            fields,
            missing_values: vec![String::new()],
            primary_key: Vec::new(),
            foreign_keys: Vec::new(),
        }
    }
}

/// The Table Schema types aimarket writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Type {
    String,
    Number,
    Integer,
    Date,
}

#[derive(Clone, Debug, Serialize)]
pub struct Field {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: Type,
    pub format: &'static str,
    pub description: String,
    #[serde(skip_serializing_if = "Constraints::is_empty")]
    pub constraints: Constraints,
}

impl Field {
    pub fn new(name: &str, kind: Type, description: impl Into<String>) -> Field {
        Field {
            name: name.into(),
            kind,
            format: "default",
            description: description.into(),
            constraints: Constraints::default(),
        }
    }
}

/// What every non-empty cell of a field must satisfy (`required`: none is empty).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Constraints {
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub minimum: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub maximum: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(rename = "enum", skip_serializing_if = "Vec::is_empty")]
    pub one_of: Vec<String>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// Cells of `fields` that name a row of another resource by its `reference.fields`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ForeignKey {
    pub fields: Vec<String>,
    pub reference: Reference,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reference {
    pub resource: String,
    pub fields: Vec<String>,
}
