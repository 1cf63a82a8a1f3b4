//! Front matter exactly as written: strings and options with their spans.
//! Validation into model types happens in `convert`.

use serde::Deserialize;
use toml::Spanned;

pub type Text = Spanned<String>;
/// A date is a string or a TOML date literal: both are checked in `convert`.
pub type RawDate = Spanned<toml::Value>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub title: Option<Text>,
    pub description: Option<String>,
    pub base_url: Option<Text>,
    pub language: Option<String>,
    pub editor: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawArticle {
    pub title: Option<Text>,
    pub source: Option<Text>,
    pub published: Option<RawDate>,
    pub author: Option<String>,
    pub url: Option<String>,
    pub retrieved: Option<RawDate>,
    pub summary: Option<String>,
    #[serde(default)]
    pub countries: Vec<Text>,
    #[serde(default)]
    pub people: Vec<Text>,
    #[serde(default)]
    pub events: Vec<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    pub name: Option<Text>,
    #[serde(default)]
    pub aliases: Vec<Text>,
    pub country: Option<Text>,
    #[serde(default)]
    pub roles: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCountry {
    pub name: Option<Text>,
    #[serde(default)]
    pub aliases: Vec<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub title: Option<Text>,
    pub date: Option<RawDate>,
    pub end: Option<RawDate>,
    pub place: Option<String>,
    #[serde(default)]
    pub countries: Vec<Text>,
    #[serde(default)]
    pub people: Vec<Text>,
    #[serde(default)]
    pub sources: Vec<Text>,
    #[serde(default)]
    pub aliases: Vec<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawNote {
    pub article: Option<Text>,
    pub quote: Option<Text>,
    pub author: Option<String>,
    pub date: Option<RawDate>,
}
