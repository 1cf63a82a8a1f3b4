//! Raw front matter → model types: required fields, dates, non-empty names.
//! Every problem in a file is reported, not just the first.

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{
    Article, Body, Config, Country, Event, Located, Note, PartialDate, Person, Ref, Slug,
};
use crate::source::{FileId, SourceFile, Span};

use super::raw::{RawArticle, RawConfig, RawCountry, RawDate, RawEvent, RawNote, RawPerson, Text};

/// One file being converted: spans in its front matter are shifted by `offset`.
pub struct FileContext<'a> {
    pub file: &'a SourceFile,
    pub id: FileId,
    pub offset: usize,
    pub body: Span,
    pub diagnostics: Vec<Diagnostic>,
}

impl FileContext<'_> {
    fn error(&mut self, span: Span, message: impl Into<String>) {
        let span = span.start + self.offset..span.end + self.offset;
        self.diagnostics
            .push(Diagnostic::error_at(self.file, span, message));
    }

    /// An error at a span already shifted to the file (a [`Located`] value's).
    fn error_in_file(&mut self, span: Span, message: impl Into<String>) {
        self.diagnostics
            .push(Diagnostic::error_at(self.file, span, message));
    }

    fn file_error(&mut self, message: impl Into<String>) {
        self.diagnostics.push(Diagnostic::for_file(
            Severity::Error,
            &self.file.path,
            message,
        ));
    }

    fn located(&self, text: Text) -> Located<String> {
        let span = text.span();
        Located {
            value: text.into_inner(),
            span: span.start + self.offset..span.end + self.offset,
        }
    }

    /// A required, non-empty text field.
    fn required(&mut self, field: Option<Text>, name: &str) -> Option<Located<String>> {
        let Some(text) = field else {
            self.file_error(format!("missing required field '{name}'"));
            return None;
        };
        if text.get_ref().trim().is_empty() {
            self.error(text.span(), format!("'{name}' cannot be empty"));
            return None;
        }
        Some(self.located(text))
    }

    fn required_date(&mut self, field: Option<RawDate>, name: &str) -> Option<PartialDate> {
        match field {
            Some(raw) => self.date(raw),
            None => {
                self.file_error(format!("missing required field '{name}'"));
                None
            }
        }
    }

    fn optional_date(&mut self, field: Option<RawDate>) -> Option<Option<PartialDate>> {
        match field {
            Some(raw) => self.date(raw).map(Some),
            None => Some(None),
        }
    }

    fn date(&mut self, raw: RawDate) -> Option<PartialDate> {
        let span = raw.span();
        let parsed = match raw.into_inner() {
            toml::Value::String(text) => PartialDate::parse(&text),
            toml::Value::Datetime(datetime) if datetime.time.is_none() => {
                PartialDate::parse(&datetime.to_string())
            }
            other => Err(format!(
                "invalid date {other}: expected \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\""
            )),
        };
        parsed.map_err(|message| self.error(span, message)).ok()
    }

    fn refs(&self, texts: Vec<Text>) -> Vec<Ref> {
        texts.into_iter().map(|t| self.located(t)).collect()
    }

    fn names(&mut self, texts: Vec<Text>, field: &str) -> Vec<Located<String>> {
        let mut names = Vec::new();
        for text in texts {
            if text.get_ref().trim().is_empty() {
                self.error(
                    text.span(),
                    format!("an entry of '{field}' cannot be empty"),
                );
            } else {
                names.push(self.located(text));
            }
        }
        names
    }

    fn body(&self) -> Body {
        Body {
            file: self.id,
            span: self.body.clone(),
        }
    }

    /// The converted value, or `None` if this file had an error.
    fn finish<T>(&self, value: Option<T>) -> Option<T> {
        value.filter(|_| !self.diagnostics.iter().any(Diagnostic::is_error))
    }
}

pub fn config(
    raw: RawConfig,
    base_url_override: Option<&str>,
    cx: &mut FileContext,
) -> Option<Config> {
    let title = cx.required(raw.title, "title");
    let base_url = match base_url_override {
        Some(url) => Some(url.to_string()),
        None => {
            cx.required(raw.base_url, "base_url")
                .and_then(|url| match check_base_url(&url.value) {
                    Ok(()) => Some(url.value),
                    Err(message) => {
                        cx.error_in_file(url.span, message);
                        None
                    }
                })
        }
    };
    let config = Config {
        title: title?.value,
        description: raw.description,
        base_url: with_trailing_slash(base_url?),
        language: raw.language.unwrap_or_else(|| "en".to_string()),
        editor: raw.editor,
    };
    cx.finish(Some(config))
}

/// A base URL must be absolute: it is used for permalinks and citations.
pub fn check_base_url(url: &str) -> Result<(), String> {
    if url.starts_with("https://") || url.starts_with("http://") {
        Ok(())
    } else {
        Err(format!(
            "base_url '{url}' must be an absolute URL starting with https:// or http://"
        ))
    }
}

fn with_trailing_slash(mut url: String) -> String {
    if !url.ends_with('/') {
        url.push('/');
    }
    url
}

pub fn article(slug: Option<Slug>, raw: RawArticle, cx: &mut FileContext) -> Option<Article> {
    let title = cx.required(raw.title, "title");
    let source = cx.required(raw.source, "source");
    let published = cx.required_date(raw.published, "published");
    let retrieved = cx.optional_date(raw.retrieved);
    let article = Article {
        slug: slug?,
        title: title?.value,
        source: source?.value,
        published: published?,
        author: raw.author,
        url: raw.url,
        retrieved: retrieved?,
        summary: raw.summary,
        countries: cx.refs(raw.countries),
        people: cx.refs(raw.people),
        events: cx.refs(raw.events),
        body: cx.body(),
    };
    cx.finish(Some(article))
}

pub fn person(slug: Option<Slug>, raw: RawPerson, cx: &mut FileContext) -> Option<Person> {
    let name = cx.required(raw.name, "name");
    let aliases = cx.names(raw.aliases, "aliases");
    let person = Person {
        slug: slug?,
        name: name?,
        aliases,
        country: raw.country.map(|c| cx.located(c)),
        roles: raw.roles,
        body: cx.body(),
    };
    cx.finish(Some(person))
}

pub fn country(slug: Option<Slug>, raw: RawCountry, cx: &mut FileContext) -> Option<Country> {
    let name = cx.required(raw.name, "name");
    let aliases = cx.names(raw.aliases, "aliases");
    let country = Country {
        slug: slug?,
        name: name?,
        aliases,
        body: cx.body(),
    };
    cx.finish(Some(country))
}

pub fn event(slug: Option<Slug>, raw: RawEvent, cx: &mut FileContext) -> Option<Event> {
    let title = cx.required(raw.title, "title");
    let date = cx.required_date(raw.date, "date");
    let end_span = raw.end.as_ref().map(|e| e.span());
    let end = cx.optional_date(raw.end);
    if let (Some(date), Some(Some(end)), Some(span)) = (date, end, end_span) {
        if end.last_day() < date.first_day() {
            cx.error(
                span,
                format!("'end' ({}) is before 'date' ({})", end.iso(), date.iso()),
            );
        }
    }
    let aliases = cx.names(raw.aliases, "aliases");
    let event = Event {
        slug: slug?,
        title: title?,
        date: date?,
        end: end?,
        place: raw.place,
        countries: cx.refs(raw.countries),
        people: cx.refs(raw.people),
        sources: cx.refs(raw.sources),
        aliases,
        body: cx.body(),
    };
    cx.finish(Some(event))
}

pub fn note(slug: Option<Slug>, raw: RawNote, cx: &mut FileContext) -> Option<Note> {
    let article = cx.required(raw.article, "article");
    let quote = cx.required(raw.quote, "quote");
    let date = cx.optional_date(raw.date);
    let note = Note {
        slug: slug?,
        article: article?,
        quote: quote?,
        author: raw.author,
        date: date?,
        body: cx.body(),
    };
    cx.finish(Some(note))
}
