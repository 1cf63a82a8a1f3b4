//! The built-in theme's article, person, country and event pages, written
//! in Rust: byte for byte what `base.html` with `article.html`,
//! `entity.html` (and its `pictures.html` macros) or `event.html` render.
//!
//! Those pages are nearly all of a site, and Tera's interpreter looks up
//! each value by its dotted name in a JSON copy of the page's context: that
//! was an eighth of a large build's time. So while none of a page's
//! templates is overridden ([`Theme::built_in`](super::Theme)), the page is
//! written here; a dossier with its own version of any of them gets Tera.
//! `tests/theme.rs` builds sites with copies of the built-in templates and
//! checks that they come out the same; a change to one of these templates
//! must be made here too.
//!
//! The HTML that a template would place with `| safe` is borrowed, not
//! copied: a page is a list of pieces, as [`super::fragment::pieces`] makes.

use std::borrow::Cow;

use super::html::{escape, escape_into, Part};
use super::views::{ArticleView, EntityView, EventView, Fragment, Item, PageContext};

/// A kind of page the built-in theme writes in Rust.
pub struct Shell<T: 'static> {
    /// The page's own template, which Tera renders when this or another of
    /// the templates the page is made of is overridden.
    pub template: &'static str,
    /// Every template the page is made of.
    pub made_of: &'static [&'static str],
    /// Writes the page as those templates would.
    pub write: for<'c> fn(&PageContext<'c, &'c T>) -> Vec<Cow<'c, str>>,
}

pub const ARTICLE: Shell<ArticleView> = Shell {
    template: "article.html",
    made_of: &["base.html", "article.html"],
    write: article,
};

/// A person's or a country's page.
pub const ENTITY: Shell<EntityView> = Shell {
    template: "entity.html",
    made_of: &["base.html", "entity.html", "pictures.html"],
    write: entity,
};

pub const EVENT: Shell<EventView> = Shell {
    template: "event.html",
    made_of: &["base.html", "event.html"],
    write: event,
};

/// A page being written: text made here, and HTML borrowed from its view.
#[derive(Default)]
struct Pieces<'a> {
    done: Vec<Cow<'a, str>>,
    current: String,
}

impl<'a> Pieces<'a> {
    /// The page, in order.
    fn finish(mut self) -> Vec<Cow<'a, str>> {
        self.done.push(Cow::Owned(self.current));
        self.done
    }

    /// Template text, as it stands.
    fn text(&mut self, text: &str) {
        self.current.push_str(text);
    }

    /// `{{ value }}`: escaped.
    fn value(&mut self, value: &str) {
        escape_into(&mut self.current, value);
    }

    /// `{{ number }}`.
    fn number(&mut self, number: usize) {
        self.text(itoa::Buffer::new().format(number));
    }

    /// `{{ fragment | safe }}`, borrowed.
    fn fragment(&mut self, fragment: &'a Fragment) {
        if fragment.as_str().is_empty() {
            return;
        }
        self.done
            .push(Cow::Owned(std::mem::take(&mut self.current)));
        self.done.push(Cow::Borrowed(fragment.as_str()));
    }

    /// `{{ n | pluralize }}`.
    fn plural_s(&mut self, n: usize) {
        if n != 1 {
            self.text("s");
        }
    }
}

/// A string as a template tests it: `{% if value %}` is false for none and
/// for an empty string.
fn filled(value: Option<&str>) -> Option<&str> {
    value.filter(|v| !v.is_empty())
}

/// What `base.html` writes around the page's `main` block.
fn base<'a, T>(
    context: &PageContext<'a, T>,
    out: &mut Pieces<'a>,
    main: impl FnOnce(&mut Pieces<'a>),
) {
    let site = context.site;
    let head = &context.head;
    let root = context.root;
    out.text("<!DOCTYPE html>\n<html lang=\"");
    out.value(site.language);
    out.text("\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    if context.kind == "index" {
        out.value(site.title);
    } else {
        out.value(context.title);
        out.text(" · ");
        out.value(site.title);
    }
    out.text("</title>\n");
    if let Some(description) = filled(head.description) {
        out.text("<meta name=\"description\" content=\"");
        out.value(description);
        out.text("\">\n");
    }
    out.text("<meta name=\"generator\" content=\"");
    out.value(site.generator);
    out.text("\">\n<link rel=\"canonical\" href=\"");
    out.value(&head.permalink);
    out.text("\">\n");
    if head.citable {
        citation_meta(context, out);
    }
    out.text("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"");
    out.value(site.title);
    out.text(": articles and events\" href=\"");
    out.value(root);
    out.text("feed.xml\">\n<link rel=\"icon\" href=\"");
    out.value(root);
    out.text("static/favicon.svg\" type=\"image/svg+xml\">\n<link rel=\"stylesheet\" href=\"");
    out.value(root);
    out.text("static/style.css\">\n<script src=\"");
    out.value(root);
    out.text("static/dossier.js\" defer></script>\n\n</head>\n<body class=\"page-");
    out.value(context.kind);
    out.text("\">\n<a class=\"skip-link\" href=\"#main\">Skip to the text</a>\n<header class=\"site-header\">\n  <a class=\"site-title\" href=\"");
    out.value(root);
    out.text("index.html\">");
    out.value(site.title);
    out.text("</a>\n  <nav class=\"site-nav\" aria-label=\"Sections\">\n");
    for (file, label) in [
        ("timeline.html", "Timeline"),
        ("articles/index.html", "Articles"),
        ("people/index.html", "People"),
        ("countries/index.html", "Countries"),
        ("events/index.html", "Events"),
        ("search.html", "Search"),
        ("print.html", "Print"),
    ] {
        out.text("    <a href=\"");
        out.value(root);
        out.text(file);
        out.text("\">");
        out.text(label);
        out.text("</a>\n");
    }
    out.text("  </nav>\n  ");
    if context.kind != "search" {
        out.text("<form class=\"site-search\" action=\"");
        out.value(root);
        out.text("search.html\" role=\"search\">\n    <input type=\"search\" name=\"q\" aria-label=\"Search the dossier\" placeholder=\"Search the dossier\">\n  </form>");
    }
    out.text("\n</header>\n<main id=\"main\">\n");
    main(out);
    out.text("\n</main>\n<footer class=\"site-footer\">\n  <p>");
    out.value(site.title);
    if let Some(editor) = filled(site.editor) {
        out.text(" · edited by ");
        out.value(editor);
    }
    out.text(" · built with ");
    out.value(site.generator);
    out.text("</p>\n</footer>\n</body>\n</html>\n");
}

/// The `citation_*` and Open Graph tags of `base.html`.
fn citation_meta<T>(context: &PageContext<T>, out: &mut Pieces) {
    let site = context.site;
    let head = &context.head;
    out.text("<meta name=\"citation_title\" content=\"");
    out.value(context.title);
    out.text("\">\n");
    if let Some(editor) = filled(site.editor) {
        out.text("<meta name=\"citation_author\" content=\"");
        out.value(editor);
        out.text("\">\n");
    }
    out.text("<meta name=\"citation_publication_date\" content=\"");
    out.value(head.citation_date);
    out.text("\">\n<meta name=\"citation_publisher\" content=\"");
    out.value(site.title);
    out.text("\">\n<meta name=\"citation_public_url\" content=\"");
    out.value(&head.permalink);
    out.text("\">\n<meta name=\"citation_language\" content=\"");
    out.value(site.language);
    out.text("\">\n<meta property=\"og:type\" content=\"");
    out.value(head.og_type);
    out.text("\">\n<meta property=\"og:title\" content=\"");
    out.value(context.title);
    out.text("\">\n<meta property=\"og:site_name\" content=\"");
    out.value(site.title);
    out.text("\">\n<meta property=\"og:url\" content=\"");
    out.value(&head.permalink);
    out.text("\">\n");
    if let Some(description) = filled(head.description) {
        out.text("<meta property=\"og:description\" content=\"");
        out.value(description);
        out.text("\">\n");
    }
}

/// `{% if part.count %}<section …><h2 id="ID">HEADING</h2>{{ part.html | safe }}</section>{% endif %}`
fn section<'a>(out: &mut Pieces<'a>, part: &'a Part, id: &str, heading: &str) {
    if part.count == 0 {
        return;
    }
    out.text("<section aria-labelledby=\"");
    out.text(id);
    out.text("\"><h2 id=\"");
    out.text(id);
    out.text("\">");
    out.text(heading);
    out.text("</h2>");
    out.fragment(&part.html);
    out.text("</section>");
}

/// `{% if page.body %}` … the analyst's notes … `{% endif %}`, then the
/// annotations, as `entity.html` and `event.html` write them.
fn notes<'a>(out: &mut Pieces<'a>, body: &'a Fragment, annotations: &'a Part) {
    if !body.as_str().is_empty() {
        out.text("<section class=\"analyst-notes\" aria-labelledby=\"about\"><h2 id=\"about\">Notes</h2>");
        out.fragment(body);
        out.text("</section>");
    }
    out.text("\n");
    section(out, annotations, "annotations", "Annotations");
    out.text("\n");
}

/// `base.html` with `article.html`.
fn article<'a>(context: &PageContext<'a, &'a ArticleView>) -> Vec<Cow<'a, str>> {
    let page = context.page;
    let mut out = Pieces::default();
    base(context, &mut out, |out| {
        out.text("\n<article class=\"article\">\n<header class=\"page-header\">\n  <p class=\"kicker\">Article</p>\n  <h1>");
        out.value(&page.title);
        out.text("</h1>\n  <dl class=\"source-block\">\n    <dt>Publication</dt><dd>");
        out.value(&page.source);
        out.text("</dd>\n    ");
        if let Some(author) = filled(page.author.as_deref()) {
            out.text("<dt>Author</dt><dd>");
            out.value(author);
            out.text("</dd>");
        }
        out.text("\n    <dt>Published</dt><dd>");
        out.text(&page.published.html);
        out.text("</dd>\n    ");
        if let Some(url) = filled(page.url.as_deref()) {
            out.text("<dt>Original</dt><dd><a class=\"external url\" href=\"");
            out.value(url);
            out.text("\" rel=\"external noopener\">");
            out.value(url);
            out.text("</a></dd>");
        }
        out.text("\n    ");
        if let Some(retrieved) = &page.retrieved {
            out.text("<dt>Retrieved</dt><dd>");
            out.text(&retrieved.html);
            out.text("</dd>");
        }
        out.text("\n  </dl>\n  ");
        if let Some(summary) = filled(page.summary.as_deref()) {
            out.text("<p class=\"lede\">");
            out.value(summary);
            out.text("</p>");
        }
        out.text("\n  <p class=\"cite-link\"><a href=\"#cite\">Cite this page</a></p>\n</header>\n<div class=\"text\">\n");
        out.fragment(&page.text);
        out.text("\n</div>\n<footer class=\"concerns\">\n  ");
        section(out, &page.people, "people", "People");
        out.text("\n  ");
        section(out, &page.countries, "countries", "Countries");
        out.text("\n  ");
        section(out, &page.events, "events", "Events");
        out.text("\n</footer>\n");
        out.fragment(&page.cite);
        out.text("\n</article>\n");
    });
    out.finish()
}

/// `base.html` with `entity.html`: a person's or a country's page.
fn entity<'a>(context: &PageContext<'a, &'a EntityView>) -> Vec<Cow<'a, str>> {
    let page = context.page;
    let mut out = Pieces::default();
    base(context, &mut out, |out| {
        out.text(
            "\n<article class=\"entity\">\n<header class=\"page-header\">\n  <p class=\"kicker\">",
        );
        out.value(page.kind_label);
        out.text("</p>\n  <h1>");
        out.value(&page.name);
        out.text("</h1>\n  <dl class=\"facts\">\n    ");
        aliases(out, &page.aliases, "Also written");
        out.text("\n    ");
        if let Some(country) = &page.country {
            out.text("<dt>Country</dt><dd>");
            link(out, country);
            out.text("</dd>");
        }
        out.text("\n    ");
        if !page.roles.is_empty() {
            out.text("<dt>Roles</dt><dd><ul class=\"roles\">");
            for role in &page.roles {
                out.text("<li>");
                out.value(role);
                out.text("</li>");
            }
            out.text("</ul></dd>");
        }
        out.text("\n    <dt>Mentions</dt><dd>");
        out.number(page.mention_count);
        out.text(" in ");
        out.number(page.sources.count);
        out.text(" article");
        out.plural_s(page.sources.count);
        out.text("</dd>\n  </dl>\n  <p class=\"cite-link\"><a href=\"#cite\">Cite this page</a></p>\n</header>\n");
        notes(out, &page.body, &page.notes);
        if page.events.count != 0 {
            out.text("<section aria-labelledby=\"events\"><h2 id=\"events\">Events</h2>\n<figure class=\"picture picture-timeline\">\n  <div class=\"picture-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"");
            out.value(&format!(
                "Timeline of the events of {}; scrolls sideways",
                page.name
            ));
            out.text("\">");
            if let Some(svg) = &page.timeline_svg {
                out.fragment(svg);
            }
            out.text("</div>\n  <figcaption class=\"picture-caption\">Each mark links to its event; the picture's own legend shows how precisely each date is known. The list below gives the same events as text.</figcaption>\n</figure>\n");
            out.fragment(&page.events.html);
            out.text("</section>");
        }
        out.text("\n");
        section(out, &page.people, "people", "People");
        out.text("\n");
        if !page.ties.is_empty() {
            ties(out, page);
        }
        out.text("\n");
        let mentions = format!("Where the sources mention {}", escape(&page.name));
        section(out, &page.sources, "mentions", &mentions);
        out.text("\n");
        if !page.related.is_empty() {
            out.text("<section aria-labelledby=\"related\"><h2 id=\"related\">Mentioned alongside</h2>\n<ul class=\"related\">");
            for related in &page.related {
                out.text("<li>");
                link(out, &related.item);
                out.text(" <span class=\"item-meta\">");
                out.value(related.item.kind);
                out.text(", ");
                out.number(related.count as usize);
                out.text(" paragraph");
                out.plural_s(related.count as usize);
                out.text("</span></li>");
            }
            out.text("</ul>\n</section>");
        }
        out.text("\n");
        out.fragment(&page.cite);
        out.text("\n</article>\n");
    });
    out.finish()
}

/// The "Who … deals with" section of `entity.html`: the `map` and
/// `partners` macros of `pictures.html`, and the ties left out.
fn ties<'a>(out: &mut Pieces<'a>, page: &'a EntityView) {
    out.text("<section class=\"who-deals\" aria-labelledby=\"ties\"><h2 id=\"ties\">Who ");
    out.value(&page.name);
    out.text(" deals with</h2>\n\n<figure class=\"picture picture-map\">\n  ");
    if let Some(svg) = &page.map_svg {
        out.fragment(svg);
    }
    out.text(MAP_LEGEND);
    out.text("\n<h3 id=\"strongest-ties\">Strongest ties</h3>\n\n<ol class=\"ties\">\n");
    for tie in &page.ties {
        out.text("  <li>");
        link(out, &tie.item);
        out.text(" <span class=\"item-meta\">");
        out.value(tie.item.kind);
        out.text(": ");
        if tie.co_mentions != 0 {
            out.number(tie.co_mentions as usize);
            out.text(" paragraph");
            out.plural_s(tie.co_mentions as usize);
            out.text(" together");
        }
        if tie.co_mentions != 0 && tie.co_events != 0 {
            out.text(", ");
        }
        if tie.co_events != 0 {
            out.number(tie.co_events as usize);
            out.text(" shared event");
            out.plural_s(tie.co_events as usize);
        }
        out.text("</span></li>\n");
    }
    out.text("</ol>\n\n");
    if page.more_ties != 0 {
        out.text("<p class=\"picture-note\">Not drawn: ");
        out.number(page.more_ties);
        out.text(" weaker tie");
        out.plural_s(page.more_ties);
        out.text(".</p>");
    }
    out.text("\n</section>");
}

/// What the `map` macro of `pictures.html` writes after the map.
const MAP_LEGEND: &str = "
  <figcaption class=\"picture-caption\"><ul class=\"picture-legend\">
    <li><svg class=\"legend-swatch\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" aria-hidden=\"true\"><circle cx=\"8\" cy=\"8\" r=\"6\" fill=\"#1f5fa8\"/></svg> a person</li>
    <li><svg class=\"legend-swatch\" viewBox=\"0 0 16 16\" width=\"16\" height=\"16\" aria-hidden=\"true\"><rect x=\"2\" y=\"2\" width=\"12\" height=\"12\" fill=\"#a34d00\"/></svg> a country</li>
    <li><svg class=\"legend-swatch\" viewBox=\"0 0 28 16\" width=\"28\" height=\"16\" aria-hidden=\"true\"><line x1=\"1\" y1=\"8\" x2=\"27\" y2=\"8\" stroke=\"#7b8494\" stroke-width=\"3\"/></svg> took part in the same event</li>
    <li><svg class=\"legend-swatch\" viewBox=\"0 0 28 16\" width=\"28\" height=\"16\" aria-hidden=\"true\"><line x1=\"1\" y1=\"8\" x2=\"27\" y2=\"8\" stroke=\"#7b8494\" stroke-width=\"3\" stroke-dasharray=\"5 3\"/></svg> named in the same paragraph</li>
    <li>a larger shape is mentioned more often, a thicker line is a stronger tie</li>
  </ul></figcaption>
</figure>
";

/// `base.html` with `event.html`.
fn event<'a>(context: &PageContext<'a, &'a EventView>) -> Vec<Cow<'a, str>> {
    let page = context.page;
    let mut out = Pieces::default();
    base(context, &mut out, |out| {
        out.text("\n<article class=\"event\">\n<header class=\"page-header\">\n  <p class=\"kicker\">Event</p>\n  <h1>");
        out.value(&page.title);
        out.text("</h1>\n  <dl class=\"facts\">\n    <dt>Date</dt><dd>");
        out.text(&page.date.html);
        if let Some(end) = &page.end {
            out.text(" – ");
            out.text(&end.html);
        }
        out.text("</dd>\n    ");
        if let Some(place) = filled(page.place.as_deref()) {
            out.text("<dt>Place</dt><dd>");
            out.value(place);
            out.text("</dd>");
        }
        out.text("\n    ");
        if page.countries.count != 0 {
            out.text("<dt>Countries</dt><dd>");
            out.fragment(&page.countries.html);
            out.text("</dd>");
        }
        out.text("\n    ");
        if page.people.count != 0 {
            out.text("<dt>People</dt><dd>");
            out.fragment(&page.people.html);
            out.text("</dd>");
        }
        out.text("\n    ");
        aliases(out, &page.aliases, "Also called");
        out.text("\n  </dl>\n  <p class=\"cite-link\"><a href=\"#cite\">Cite this page</a></p>\n</header>\n");
        notes(out, &page.body, &page.notes);
        out.text("<section aria-labelledby=\"reported\"><h2 id=\"reported\">Sources</h2>\n");
        if page.reported_by.count != 0 {
            out.fragment(&page.reported_by.html);
        } else {
            out.text("<p class=\"empty\">No source is recorded for this event.</p>");
        }
        out.text("\n</section>\n");
        section(
            out,
            &page.sources,
            "mentions",
            "Articles that mention or tag it",
        );
        out.text("\n<nav class=\"chronology\" aria-label=\"Chronology\">\n  ");
        neighbour(out, page.previous.as_ref(), ["prev", "← ", ""]);
        out.text("\n  ");
        neighbour(out, page.next.as_ref(), ["next", "", " →"]);
        out.text("\n</nav>\n");
        out.fragment(&page.cite);
        out.text("\n</article>\n");
    });
    out.finish()
}

/// `{% if page.aliases %}<dt>LABEL</dt><dd>{{ page.aliases | join(sep=" · ") }}</dd>{% endif %}`
fn aliases(out: &mut Pieces, aliases: &[String], label: &str) {
    if aliases.is_empty() {
        return;
    }
    out.text("<dt>");
    out.text(label);
    out.text("</dt><dd>");
    out.value(&aliases.join(" · "));
    out.text("</dd>");
}

/// `<a href="{{ item.href }}">{{ item.name }}</a>`
fn link(out: &mut Pieces, item: &Item) {
    out.text("<a href=\"");
    out.value(&item.href);
    out.text("\">");
    out.value(&item.name);
    out.text("</a>");
}

/// The previous or next event in `event.html`'s chronology:
/// `<a rel="REL" href="…">BEFORE{{ name }} <span class="item-date">{{ date.label }}</span>AFTER</a>`.
fn neighbour(out: &mut Pieces, event: Option<&Item>, [rel, before, after]: [&str; 3]) {
    let Some(event) = event else {
        return;
    };
    out.text("<a rel=\"");
    out.text(rel);
    out.text("\" href=\"");
    out.value(&event.href);
    out.text("\">");
    out.text(before);
    out.value(&event.name);
    out.text(" <span class=\"item-date\">");
    if let Some(date) = &event.date {
        out.value(&date.label);
    }
    out.text("</span>");
    out.text(after);
    out.text("</a>");
}
