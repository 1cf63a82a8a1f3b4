//! The timeline: every event as a mark on a time axis.
//!
//! **Lane rule.** [`TimelineStyle::Full`] draws one lane per lane label (the engine passes
//! country names), sorted by name ignoring case and accents, then an "Other" lane for the
//! events with no lane. An event involving several countries is drawn in each of their lanes:
//! one `<a>` mark holding one shape per lane. [`TimelineStyle::Compact`] (a person's or a
//! country's page) ignores the lanes and draws all its events in one lane.
//!
//! **Extent.** A mark spans exactly the days from `start` to `end` inclusive, at one scale for
//! the whole picture: a year-only date spans its year, a month-only date its month, a single
//! day is a dot centred on its day. Only marks too thin to see are widened: a bar to 2 px, a
//! range of days to the dot's width.
//!
//! **Density.** Runs of [`BREAK_YEARS`] or more years without any event are cut out of the
//! axis and marked by a break. Marks that would overlap in a lane go to the lane's next row
//! (up to 4 rows in Full, 6 in Compact; past that the row that frees up first). An event's
//! title is written beside its mark only where it overlaps nothing.
//!
//! **CSS classes.** `dossier-timeline` with `tl-full` or `tl-compact` (the `<svg>`); groups
//! `tl-lanes`, `tl-axis`, `tl-marks`, `tl-legend`; `tl-lane-band`, `tl-lane-label`, `tl-grid`,
//! `tl-year`, `tl-break`; on each `<a>` `tl-mark` with `precision-year`, `precision-month` or
//! `precision-day`, and `tl-range` for a date with an end; `tl-label` for an event's title.

use super::{open_svg, text_width, Esc, Num};
use chrono::{Datelike, NaiveDate};
use deunicode::deunicode;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Runs of at least this many years with no event are cut out of the axis.
pub const BREAK_YEARS: i32 = 5;

const ROW_H: f64 = 16.0;
const AXIS_H: f64 = 24.0;
const LEGEND_H: f64 = 26.0;
const PAD: f64 = 8.0;
const BREAK_W: f64 = 24.0;
const DOT_R: f64 = 4.0;
const MIN_BAR: f64 = 2.0;
const GAP: f64 = 2.0;
const LANE_COL_MAX: f64 = 160.0;
const SWATCH_W: f64 = 16.0;
/// A stretch of the axis is at least this wide, so that its first year's label fits.
const MIN_SEGMENT_W: f64 = 36.0;
const OTHER_LANE: &str = "Other";
const YEAR_FILL: &str =
    "fill=\"none\" stroke=\"#1f5fa8\" stroke-width=\"1.5\" pointer-events=\"all\"";
const MONTH_FILL: &str = "fill=\"#1f5fa8\"";
const DAY_FILL: &str = "fill=\"#0b3d7a\"";
const TEXT_FILL: &str = "fill=\"#1f2933\"";

/// How precisely an event's date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// One event to draw.
#[derive(Clone, Debug)]
pub struct TimelineItem {
    pub title: String,
    /// The event page's address relative to the page the picture is on, used as it is.
    pub href: String,
    /// The first day covered.
    pub start: NaiveDate,
    /// The last day covered, inclusive: Dec 31 for a year-only date, the month's last day for
    /// a month-only date, the last day of `end` for an event with an end.
    pub end: NaiveDate,
    /// The coarsest precision among the event's `date` and `end`.
    pub precision: Precision,
    /// The date as shown in text, e.g. "March 2024" or "2013 – 2015".
    pub date_label: String,
    /// The lanes the event is drawn in (country names); empty means the "Other" lane.
    pub lanes: Vec<String>,
}

/// Which timeline to draw.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimelineStyle {
    /// The whole chronology, one lane per country (timeline.html).
    Full,
    /// One entity's events in a single lane (person and country pages).
    Compact,
}

/// The sizes that differ between the two styles.
struct Geometry {
    target_width: f64,
    px_year: (f64, f64),
    max_rows: usize,
}

impl TimelineStyle {
    fn geometry(self) -> Geometry {
        match self {
            TimelineStyle::Full => Geometry {
                target_width: 1600.0,
                px_year: (48.0, 1200.0),
                max_rows: 4,
            },
            TimelineStyle::Compact => Geometry {
                target_width: 640.0,
                px_year: (16.0, 480.0),
                max_rows: 6,
            },
        }
    }
}

/// A stretch of consecutive years drawn at the common scale.
struct Segment {
    first: i32,
    last: i32,
    x0: f64,
    /// Where it ends: at the end of `last`, or further if that leaves no room for a year label.
    x1: f64,
    day0: i32,
}

/// A run of empty years cut out of the axis, drawn at `x`.
struct Break {
    x: f64,
    from: i32,
    to: i32,
}

/// Maps dates to x coordinates.
struct Axis {
    segments: Vec<Segment>,
    breaks: Vec<Break>,
    px_day: f64,
    px_year: f64,
    x_end: f64,
}

fn jan1(year: i32) -> i32 {
    NaiveDate::from_ymd_opt(year, 1, 1).map_or(0, |d| d.num_days_from_ce())
}

/// The runs of years holding events, merged across gaps shorter than [`BREAK_YEARS`].
fn year_spans(items: &[&TimelineItem]) -> Vec<(i32, i32)> {
    let mut spans: Vec<(i32, i32)> = items
        .iter()
        .map(|i| (i.start.year(), i.end.year()))
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(i32, i32)> = Vec::new();
    for (a, b) in spans {
        match merged.last_mut() {
            Some(last) if a - last.1 - 1 < BREAK_YEARS => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    merged
}

impl Axis {
    fn new(items: &[&TimelineItem], geo: &Geometry, x_start: f64) -> Axis {
        let spans = year_spans(items);
        let years: i32 = spans.iter().map(|(a, b)| b - a + 1).sum();
        let px_year = (geo.target_width / f64::from(years)).clamp(geo.px_year.0, geo.px_year.1);
        let px_day = px_year / 365.2425;
        let (mut segments, mut breaks, mut x) = (Vec::new(), Vec::new(), x_start);
        for (i, &(first, last)) in spans.iter().enumerate() {
            if i > 0 {
                let from = spans[i - 1].1 + 1;
                breaks.push(Break {
                    x,
                    from,
                    to: first - 1,
                });
                x += BREAK_W;
            }
            let (x0, day0) = (x, jan1(first));
            x += (f64::from(jan1(last + 1) - day0) * px_day).max(MIN_SEGMENT_W);
            segments.push(Segment {
                first,
                last,
                x0,
                x1: x,
                day0,
            });
        }
        Axis {
            segments,
            breaks,
            px_day,
            px_year,
            x_end: x,
        }
    }

    fn segment(&self, year: i32) -> &Segment {
        let i = self.segments.partition_point(|s| s.first <= year);
        &self.segments[i.saturating_sub(1)]
    }

    /// The x of the start of day number `day` (from the common era), on the stretch of the
    /// axis that holds `year`.
    fn x_on(&self, year: i32, day: i32) -> f64 {
        let s = self.segment(year);
        s.x0 + f64::from(day - s.day0) * self.px_day
    }

    /// The x of the start of `day`.
    fn x(&self, day: NaiveDate) -> f64 {
        self.x_on(day.year(), day.num_days_from_ce())
    }

    /// The x of Jan 1 of `year`.
    fn x_year(&self, year: i32) -> f64 {
        self.x_on(year, jan1(year))
    }

    /// The x where the stretch of the axis holding `year` ends.
    fn segment_end(&self, year: i32) -> f64 {
        self.segment(year).x1
    }

    /// The years that get a label and a grid line: each stretch's first year and the
    /// multiples of a round step, skipping any whose label would touch the previous one or
    /// run past the end of its stretch.
    fn ticks(&self) -> Vec<i32> {
        let steps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];
        let step = steps
            .into_iter()
            .find(|&s| f64::from(s) * self.px_year >= 40.0)
            .unwrap_or(1000);
        let mut ticks = Vec::new();
        let mut free_from = f64::MIN;
        for s in &self.segments {
            for year in s.first..=s.last {
                let (x, w) = (self.x_year(year), text_width(&year.to_string()));
                let round = year == s.first || year.rem_euclid(step) == 0;
                if round && x >= free_from && x + 3.0 + w <= s.x1 {
                    ticks.push(year);
                    free_from = x + w + 8.0;
                }
            }
        }
        ticks
    }
}

/// The shape that shows a mark's precision.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    YearBar,
    MonthBar,
    Dot,
    DayBar,
}

/// A lane and a row within it.
type Place = (usize, usize);

/// One event, placed.
struct Mark<'a> {
    item: &'a TimelineItem,
    shape: Shape,
    /// The visible extent, after widening marks too thin to see.
    x0: f64,
    x1: f64,
    places: Vec<Place>,
    label: Option<Place>,
}

fn shape_of(item: &TimelineItem) -> Shape {
    match item.precision {
        Precision::Year => Shape::YearBar,
        Precision::Month => Shape::MonthBar,
        Precision::Day if item.start == item.end => Shape::Dot,
        Precision::Day => Shape::DayBar,
    }
}

/// Whether the item's end lies past the year, month or day its start names.
fn is_range(item: &TimelineItem) -> bool {
    let (s, e) = (item.start, item.end);
    match item.precision {
        Precision::Year => e.year() > s.year(),
        Precision::Month => (e.year(), e.month()) > (s.year(), s.month()),
        Precision::Day => e > s,
    }
}

fn new_mark<'a>(item: &'a TimelineItem, axis: &Axis) -> Mark<'a> {
    let shape = shape_of(item);
    let x0 = axis.x(item.start);
    let x1 = axis.x(item.end) + axis.px_day;
    let (x0, x1) = match shape {
        Shape::Dot => ((x0 + x1) / 2.0 - DOT_R, (x0 + x1) / 2.0 + DOT_R),
        Shape::DayBar => (x0, x1.max(x0 + 2.0 * DOT_R)),
        Shape::YearBar | Shape::MonthBar => (x0, x1.max(x0 + MIN_BAR)),
    };
    Mark {
        item,
        shape,
        x0,
        x1,
        places: Vec::new(),
        label: None,
    }
}

/// The lanes in drawing order (by name ignoring case and accents, "Other" last) and the lanes
/// of each item. Compact draws a single unnamed lane.
fn assign_lanes<'a>(
    items: &[&'a TimelineItem],
    style: TimelineStyle,
) -> (Vec<&'a str>, Vec<Vec<usize>>) {
    if style == TimelineStyle::Compact {
        return (vec![""], vec![vec![0]; items.len()]);
    }
    let mut names: Vec<&str> = items
        .iter()
        .flat_map(|i| i.lanes.iter().map(String::as_str))
        .collect();
    names.sort_unstable();
    names.dedup();
    names.sort_by_cached_key(|n| (deunicode(n).to_lowercase(), *n));
    if items.iter().any(|i| i.lanes.is_empty()) && !names.contains(&OTHER_LANE) {
        names.push(OTHER_LANE);
    }
    let index: BTreeMap<&str, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let lanes = items
        .iter()
        .map(|item| {
            let mut own: Vec<usize> = item.lanes.iter().map(|l| index[l.as_str()]).collect();
            if own.is_empty() {
                own.push(index[OTHER_LANE]);
            }
            own.sort_unstable();
            own.dedup();
            own
        })
        .collect();
    (names, lanes)
}

/// Puts each mark in the first row of each of its lanes where it overlaps nothing; returns
/// the number of rows of each lane.
fn pack(
    marks: &mut [Mark],
    lanes: &[Vec<usize>],
    lane_count: usize,
    max_rows: usize,
) -> Vec<usize> {
    let mut ends: Vec<Vec<f64>> = vec![Vec::new(); lane_count];
    for (mark, own) in marks.iter_mut().zip(lanes) {
        for &lane in own {
            let row = free_row(&mut ends[lane], mark.x0, mark.x1, max_rows);
            mark.places.push((lane, row));
        }
    }
    ends.iter().map(|rows| rows.len().max(1)).collect()
}

/// The row for a mark from `x0` to `x1`, given where each row's last mark ends: the first
/// free row, else a new one, else (at `max_rows`) the row that frees up first.
fn free_row(ends: &mut Vec<f64>, x0: f64, x1: f64, max_rows: usize) -> usize {
    let row = match ends.iter().position(|&e| e + GAP <= x0) {
        Some(row) => row,
        None if ends.len() < max_rows => {
            ends.push(x1);
            return ends.len() - 1;
        }
        None => (0..ends.len())
            .min_by(|&a, &b| ends[a].total_cmp(&ends[b]))
            .unwrap_or(0),
    };
    ends[row] = ends[row].max(x1);
    row
}

/// Gives a mark a label right of it, in the first of its rows where the label overlaps no
/// mark and no other label and stays within its stretch of the axis.
fn place_labels(marks: &mut [Mark], axis: &Axis) {
    let mut taken: BTreeMap<Place, Vec<(f64, f64)>> = BTreeMap::new();
    for mark in marks.iter() {
        for &place in &mark.places {
            taken.entry(place).or_default().push((mark.x0, mark.x1));
        }
    }
    for mark in marks.iter_mut() {
        let x0 = mark.x1 + 3.0;
        let x1 = x0 + text_width(&mark.item.title);
        if x1 > axis.segment_end(mark.item.end.year()) {
            continue;
        }
        let free = |place: &Place| {
            taken[place]
                .iter()
                .all(|&(a, b)| b + GAP <= x0 || x1 + GAP <= a)
        };
        mark.label = mark.places.iter().copied().find(free);
        if let Some(place) = mark.label {
            taken.entry(place).or_default().push((x0, x1));
        }
    }
}

/// The top of each lane, and the bottom of the last one.
fn lane_tops(rows: &[usize]) -> Vec<f64> {
    let mut tops = vec![AXIS_H];
    for &n in rows {
        tops.push(tops[tops.len() - 1] + n as f64 * ROW_H + 4.0);
    }
    tops
}

/// The width of the column of lane names (none in Compact).
fn lane_column(names: &[&str], style: TimelineStyle) -> f64 {
    match style {
        TimelineStyle::Compact => 0.0,
        TimelineStyle::Full => {
            let widest = names.iter().map(|n| text_width(n)).fold(0.0, f64::max);
            (widest + 12.0).min(LANE_COL_MAX)
        }
    }
}

/// `name` shortened with an ellipsis to fit `width`, and whether it was shortened.
fn fit(name: &str, width: f64) -> (String, bool) {
    if text_width(name) <= width {
        return (name.to_string(), false);
    }
    let keep = ((width / super::CHAR_WIDTH) as usize).saturating_sub(1);
    (name.chars().take(keep).chain(['…']).collect(), true)
}

/// Draws the events as a timeline, one lane per country ([`TimelineStyle::Full`]) or in a
/// single lane ([`TimelineStyle::Compact`]). `title` is the picture's accessible name.
pub fn timeline_svg<'a>(
    items: impl IntoIterator<Item = &'a TimelineItem>,
    style: TimelineStyle,
    title: &str,
) -> String {
    let class = match style {
        TimelineStyle::Full => "dossier-timeline tl-full",
        TimelineStyle::Compact => "dossier-timeline tl-compact",
    };
    let mut sorted: Vec<&TimelineItem> = items.into_iter().collect();
    sorted.sort_by(|a, b| {
        (a.start, a.end, &a.title, &a.href).cmp(&(b.start, b.end, &b.title, &b.href))
    });
    if sorted.is_empty() {
        return empty_svg(class, title);
    }
    let geo = style.geometry();
    let (names, lanes) = assign_lanes(&sorted, style);
    let lane_col = lane_column(&names, style);
    let axis = Axis::new(&sorted, &geo, PAD + lane_col);
    let mut marks: Vec<Mark> = sorted.iter().map(|i| new_mark(i, &axis)).collect();
    let rows = pack(&mut marks, &lanes, names.len(), geo.max_rows);
    place_labels(&mut marks, &axis);
    let tops = lane_tops(&rows);
    let bottom = tops[tops.len() - 1];
    let has_breaks = !axis.breaks.is_empty();
    let width = (axis.x_end + PAD).max(legend_width(has_breaks) + 2.0 * PAD);
    let mut out = String::with_capacity(320 * marks.len() + 4096);
    let desc = describe(marks.len(), &names, &axis, style);
    open_svg(&mut out, class, (width, bottom + LEGEND_H), title, &desc);
    write_lanes(&mut out, &names, &tops, lane_col, width);
    write_axis(&mut out, &axis, bottom);
    write_breaks(&mut out, &axis, bottom);
    write_marks(&mut out, &marks, &tops);
    write_legend(&mut out, bottom, has_breaks);
    out.push_str("</svg>\n");
    out
}

fn empty_svg(class: &str, title: &str) -> String {
    let mut out = String::new();
    open_svg(&mut out, class, (320.0, 40.0), title, "No dated events.");
    let _ = writeln!(
        out,
        "<text x=\"{PAD}\" y=\"24\" {TEXT_FILL}>No dated events.</text>"
    );
    out.push_str("</svg>\n");
    out
}

/// The `<desc>`: what is drawn and how to read it.
fn describe(count: usize, names: &[&str], axis: &Axis, style: TimelineStyle) -> String {
    let first = axis.segments[0].first;
    let last = axis.segments[axis.segments.len() - 1].last;
    let s = if count == 1 { "" } else { "s" };
    let mut d = format!("{count} event{s} from {first} to {last}.");
    if style == TimelineStyle::Full {
        let other = if names.contains(&OTHER_LANE) {
            ", and \u{201c}Other\u{201d} for events with no country"
        } else {
            ""
        };
        let _ = write!(
            d,
            " {} lanes, one per country in alphabetical order{other}; an event involving several \
             countries is drawn in each of their lanes.",
            names.len()
        );
    }
    d.push_str(
        " A hollow bar is a date known to the year, a filled bar one known to the month, a dot \
         one known to the day, a rounded bar a range of days.",
    );
    if !axis.breaks.is_empty() {
        let gaps: Vec<String> = axis
            .breaks
            .iter()
            .map(|b| format!("{}\u{2013}{}", b.from, b.to))
            .collect();
        let _ = write!(
            d,
            " Runs of {BREAK_YEARS} or more years without events are cut out and marked by a break: {}.",
            gaps.join(", ")
        );
    }
    d
}

fn write_lanes(out: &mut String, names: &[&str], tops: &[f64], lane_col: f64, width: f64) {
    out.push_str("<g class=\"tl-lanes\">\n");
    for (i, name) in names.iter().enumerate() {
        let (y, h) = (tops[i], tops[i + 1] - tops[i]);
        if i % 2 == 0 {
            let _ = writeln!(
                out,
                "<rect class=\"tl-lane-band\" x=\"0.0\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#eef1f5\"/>",
                Num(y),
                Num(width),
                Num(h)
            );
        }
        if lane_col > 0.0 {
            let (shown, cut) = fit(name, lane_col - 12.0);
            let _ = write!(
                out,
                "<text class=\"tl-lane-label\" x=\"{PAD}\" y=\"{}\" {TEXT_FILL}>",
                Num(y + 14.0)
            );
            if cut {
                let _ = write!(out, "<title>{}</title>", Esc(name));
            }
            let _ = writeln!(out, "{}</text>", Esc(&shown));
        }
    }
    out.push_str("</g>\n");
}

fn write_axis(out: &mut String, axis: &Axis, bottom: f64) {
    out.push_str("<g class=\"tl-axis\">\n");
    for year in axis.ticks() {
        let x = axis.x_year(year);
        let _ = writeln!(
            out,
            "<line class=\"tl-grid\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#b8bfc9\"/>\
             <text class=\"tl-year\" x=\"{}\" y=\"16.0\" {TEXT_FILL}>{year}</text>",
            Num(AXIS_H - 6.0),
            Num(bottom),
            Num(x + 3.0),
            x = Num(x)
        );
    }
    out.push_str("</g>\n");
}

fn write_breaks(out: &mut String, axis: &Axis, bottom: f64) {
    for b in &axis.breaks {
        let (x, mid) = (Num(b.x), Num(b.x + BREAK_W / 2.0));
        let _ = writeln!(
            out,
            "<g class=\"tl-break\"><title>No events from {} to {}</title>\
             <rect x=\"{x}\" y=\"0.0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\
             <path d=\"M{} 20.0 L{} 4.0 M{} 20.0 L{} 4.0\" stroke=\"#4b5563\" stroke-width=\"1.5\"/>\
             <line x1=\"{mid}\" y1=\"{}\" x2=\"{mid}\" y2=\"{}\" stroke=\"#4b5563\" stroke-dasharray=\"2 3\"/></g>",
            b.from,
            b.to,
            Num(BREAK_W),
            Num(bottom),
            Num(b.x + 6.0),
            Num(b.x + 12.0),
            Num(b.x + 12.0),
            Num(b.x + 18.0),
            Num(AXIS_H),
            Num(bottom)
        );
    }
}

/// Writes a mark's shape from `x0` to `x1` in the row whose top is `y`.
fn write_shape(out: &mut String, shape: Shape, x0: f64, x1: f64, y: f64) {
    let (x, w) = (Num(x0), Num(x1 - x0));
    let _ = match shape {
        Shape::YearBar => write!(
            out,
            "<rect x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"12.0\" {YEAR_FILL}/>",
            Num(y + 2.0)
        ),
        Shape::MonthBar => write!(
            out,
            "<rect x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"8.0\" {MONTH_FILL}/>",
            Num(y + 4.0)
        ),
        Shape::DayBar => write!(
            out,
            "<rect x=\"{x}\" y=\"{}\" width=\"{w}\" height=\"8.0\" rx=\"4.0\" {DAY_FILL}/>",
            Num(y + 4.0)
        ),
        Shape::Dot => write!(
            out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{DOT_R:.1}\" {DAY_FILL} stroke=\"#ffffff\"/>",
            Num((x0 + x1) / 2.0),
            Num(y + 8.0)
        ),
    };
}

fn row_top(tops: &[f64], (lane, row): Place) -> f64 {
    tops[lane] + 2.0 + row as f64 * ROW_H
}

/// Writes the marks, widest first so that narrower marks lie on top of them.
fn write_marks(out: &mut String, marks: &[Mark], tops: &[f64]) {
    let mut order: Vec<&Mark> = marks.iter().collect();
    order.sort_by(|a, b| (b.x1 - b.x0).total_cmp(&(a.x1 - a.x0)));
    out.push_str("<g class=\"tl-marks\">\n");
    for mark in order {
        let item = mark.item;
        let precision = match item.precision {
            Precision::Year => "precision-year",
            Precision::Month => "precision-month",
            Precision::Day => "precision-day",
        };
        let range = if is_range(item) { " tl-range" } else { "" };
        let _ = write!(
            out,
            "<a href=\"{}\" tabindex=\"-1\" class=\"tl-mark {precision}{range}\"><title>{} \u{2014} {}</title>",
            Esc(&item.href),
            Esc(&item.title),
            Esc(&item.date_label)
        );
        for &place in &mark.places {
            write_shape(out, mark.shape, mark.x0, mark.x1, row_top(tops, place));
        }
        if let Some(place) = mark.label {
            let _ = write!(
                out,
                "<text class=\"tl-label\" x=\"{}\" y=\"{}\" {TEXT_FILL}>{}</text>",
                Num(mark.x1 + 3.0),
                Num(row_top(tops, place) + 12.0),
                Esc(&item.title)
            );
        }
        out.push_str("</a>\n");
    }
    out.push_str("</g>\n");
}

/// The legend's entries: a shape (none for the break) and its text.
fn legend_entries(has_breaks: bool) -> Vec<(Option<Shape>, &'static str)> {
    let mut entries = vec![
        (Some(Shape::YearBar), "year known"),
        (Some(Shape::MonthBar), "month known"),
        (Some(Shape::Dot), "day known"),
        (Some(Shape::DayBar), "range of days"),
    ];
    if has_breaks {
        entries.push((None, "years without events"));
    }
    entries
}

fn legend_width(has_breaks: bool) -> f64 {
    legend_entries(has_breaks)
        .iter()
        .map(|(_, text)| SWATCH_W + 4.0 + text_width(text) + 14.0)
        .sum()
}

fn write_legend(out: &mut String, bottom: f64, has_breaks: bool) {
    let y = bottom + 6.0;
    let mut x = PAD;
    out.push_str("<g class=\"tl-legend\">");
    for (shape, text) in legend_entries(has_breaks) {
        match shape {
            Some(Shape::Dot) => write_shape(out, Shape::Dot, x + 4.0, x + 12.0, y),
            Some(shape) => write_shape(out, shape, x, x + SWATCH_W, y),
            None => {
                let _ = write!(
                    out,
                    "<path d=\"M{} {} L{} {} M{} {} L{} {}\" stroke=\"#4b5563\" stroke-width=\"1.5\"/>",
                    Num(x + 2.0),
                    Num(y + 15.0),
                    Num(x + 8.0),
                    Num(y + 1.0),
                    Num(x + 8.0),
                    Num(y + 15.0),
                    Num(x + 14.0),
                    Num(y + 1.0)
                );
            }
        }
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" {TEXT_FILL}>{text}</text>",
            Num(x + SWATCH_W + 4.0),
            Num(y + 12.0)
        );
        x += SWATCH_W + 4.0 + text_width(text) + 14.0;
    }
    out.push_str("</g>\n");
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{check_root, links, parse, title_of};
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn item(
        title: &str,
        start: NaiveDate,
        end: NaiveDate,
        precision: Precision,
        lanes: &[&str],
    ) -> TimelineItem {
        TimelineItem {
            title: title.to_string(),
            href: format!("../events/{}.html", title.to_lowercase().replace(' ', "-")),
            start,
            end,
            precision,
            date_label: format!("{start} to {end}"),
            lanes: lanes.iter().map(|l| l.to_string()).collect(),
        }
    }

    /// One event of each precision in 2020, all in one lane.
    fn one_of_each() -> Vec<TimelineItem> {
        vec![
            item(
                "Year",
                day(2020, 1, 1),
                day(2020, 12, 31),
                Precision::Year,
                &["Mordor"],
            ),
            item(
                "Month",
                day(2020, 3, 1),
                day(2020, 3, 31),
                Precision::Month,
                &["Mordor"],
            ),
            item(
                "Day",
                day(2020, 5, 5),
                day(2020, 5, 5),
                Precision::Day,
                &["Mordor"],
            ),
            item(
                "Days",
                day(2020, 6, 1),
                day(2020, 6, 10),
                Precision::Day,
                &["Mordor"],
            ),
        ]
    }

    fn attr(node: roxmltree::Node, name: &str) -> f64 {
        node.attribute(name).unwrap().parse().unwrap()
    }

    /// The `<a>` whose tooltip starts with `title`.
    fn mark<'a>(doc: &'a roxmltree::Document<'a>, title: &str) -> roxmltree::Node<'a, 'a> {
        let prefix = format!("{title} \u{2014} ");
        links(doc)
            .into_iter()
            .find(|a| title_of(*a).starts_with(&prefix))
            .unwrap()
    }

    /// The shapes (rects and circles) inside a mark.
    fn shapes<'a>(a: roxmltree::Node<'a, 'a>) -> Vec<roxmltree::Node<'a, 'a>> {
        a.children()
            .filter(|c| c.has_tag_name("rect") || c.has_tag_name("circle"))
            .collect()
    }

    /// A dense, varied set of events over several decades and lanes.
    fn many(n: usize) -> Vec<TimelineItem> {
        let lanes = ["Nordland", "Mordor", "Örsted Land", "china", "Japan"];
        (0..n)
            .map(|i| {
                let year = if i % 7 == 0 {
                    1960 + (i % 4) as i32
                } else {
                    1995 + (i % 29) as i32
                };
                let m = 1 + (i * 5 % 12) as u32;
                let d = 1 + (i * 11 % 26) as u32;
                let own: Vec<&str> = (0..i % 3).map(|k| lanes[(i + k * 2) % 5]).collect();
                match i % 5 {
                    0 => item(
                        &format!("Year {i}"),
                        day(year, 1, 1),
                        day(year, 12, 31),
                        Precision::Year,
                        &own,
                    ),
                    1 => item(
                        &format!("Month {i}"),
                        day(year, m, 1),
                        day(year, m, 28),
                        Precision::Month,
                        &own,
                    ),
                    2 => item(
                        &format!("Range {i}"),
                        day(year, m, d),
                        day(year, m, d + 2),
                        Precision::Day,
                        &own,
                    ),
                    _ => item(
                        &format!("Day {i}"),
                        day(year, m, d),
                        day(year, m, d),
                        Precision::Day,
                        &own,
                    ),
                }
            })
            .collect()
    }

    #[test]
    fn the_svg_is_xml_with_title_and_desc() {
        for style in [TimelineStyle::Full, TimelineStyle::Compact] {
            let svg = timeline_svg(&many(200), style, "Timeline");
            check_root(&parse(&svg));
        }
        check_root(&parse(&timeline_svg(&[], TimelineStyle::Full, "Timeline")));
    }

    #[test]
    fn one_linked_mark_per_event_with_its_title_and_date() {
        let items = many(300);
        let svg = timeline_svg(&items, TimelineStyle::Full, "Timeline");
        let doc = parse(&svg);
        let marks = links(&doc);
        assert_eq!(marks.len(), items.len());
        let mut hrefs: Vec<&str> = marks.iter().map(|a| a.attribute("href").unwrap()).collect();
        let mut expected: Vec<&str> = items.iter().map(|i| i.href.as_str()).collect();
        hrefs.sort_unstable();
        expected.sort_unstable();
        assert_eq!(hrefs, expected);
        for i in &items {
            let a = mark(&doc, &i.title);
            assert_eq!(
                title_of(a),
                format!("{} \u{2014} {}", i.title, i.date_label)
            );
            assert!(a
                .attribute("class")
                .unwrap()
                .starts_with("tl-mark precision-"));
        }
    }

    #[test]
    fn a_mark_spans_the_days_its_date_covers() {
        let svg = timeline_svg(&one_of_each(), TimelineStyle::Full, "Timeline");
        let doc = parse(&svg);
        let year = shapes(mark(&doc, "Year"))[0];
        let month = shapes(mark(&doc, "Month"))[0];
        let range = shapes(mark(&doc, "Days"))[0];
        let dot = shapes(mark(&doc, "Day"))[0];
        assert!(year.has_tag_name("rect") && year.attribute("fill") == Some("none"));
        assert!(month.has_tag_name("rect") && dot.has_tag_name("circle"));
        let px_day = attr(year, "width") / 366.0;
        assert!(attr(year, "width") > attr(month, "width"));
        assert!((attr(month, "width") - 31.0 * px_day).abs() < 0.2);
        assert!((attr(range, "width") - 10.0 * px_day).abs() < 0.2);
        assert!((attr(month, "x") - attr(year, "x") - 60.0 * px_day).abs() < 0.2);
        let may5 = attr(year, "x") + 125.0 * px_day;
        assert!(attr(dot, "cx") > may5 && attr(dot, "cx") < may5 + px_day);
    }

    #[test]
    fn precision_and_ranges_are_named_in_classes() {
        let svg = timeline_svg(&one_of_each(), TimelineStyle::Compact, "Events");
        let doc = parse(&svg);
        let class = |t: &str| mark(&doc, t).attribute("class").unwrap().to_string();
        assert_eq!(class("Year"), "tl-mark precision-year");
        assert_eq!(class("Month"), "tl-mark precision-month");
        assert_eq!(class("Day"), "tl-mark precision-day");
        assert_eq!(class("Days"), "tl-mark precision-day tl-range");
    }

    #[test]
    fn lanes_sort_ignoring_case_and_accents_with_other_last() {
        let items = vec![
            item(
                "A",
                day(2001, 1, 1),
                day(2001, 1, 1),
                Precision::Day,
                &["zeta", "Älpha"],
            ),
            item(
                "B",
                day(2002, 1, 1),
                day(2002, 1, 1),
                Precision::Day,
                &["beta"],
            ),
            item("C", day(2003, 1, 1), day(2003, 1, 1), Precision::Day, &[]),
        ];
        let svg = timeline_svg(&items, TimelineStyle::Full, "Timeline");
        let doc = parse(&svg);
        let names: Vec<&str> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("tl-lane-label"))
            .map(|n| n.text().unwrap())
            .collect();
        assert_eq!(names, ["Älpha", "beta", "zeta", "Other"]);
        assert_eq!(shapes(mark(&doc, "A")).len(), 2, "drawn in both its lanes");
        assert_eq!(shapes(mark(&doc, "C")).len(), 1);
    }

    #[test]
    fn compact_draws_one_lane_without_names() {
        let svg = timeline_svg(&many(50), TimelineStyle::Compact, "Events");
        let doc = parse(&svg);
        assert!(!svg.contains("tl-lane-label"));
        assert!(links(&doc).iter().all(|a| shapes(*a).len() == 1));
    }

    #[test]
    fn long_empty_stretches_become_breaks() {
        let at = |y| {
            item(
                &format!("E{y}"),
                day(y, 1, 1),
                day(y, 12, 31),
                Precision::Year,
                &[],
            )
        };
        let svg = timeline_svg(
            &[at(1950), at(1953), at(2000)],
            TimelineStyle::Full,
            "Timeline",
        );
        let doc = parse(&svg);
        let breaks: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("tl-break"))
            .collect();
        assert_eq!(breaks.len(), 1);
        assert_eq!(title_of(breaks[0]), "No events from 1954 to 1999");
        let (a, b) = (
            shapes(mark(&doc, "E1953"))[0],
            shapes(mark(&doc, "E2000"))[0],
        );
        let gap = attr(b, "x") - attr(a, "x") - attr(a, "width");
        assert!(
            (gap - BREAK_W).abs() < 0.2,
            "the 46 empty years take only the break"
        );
    }

    #[test]
    fn every_stretch_of_the_axis_names_its_first_year() {
        let mut items: Vec<TimelineItem> = (2000..2040)
            .map(|y| {
                item(
                    &format!("E{y}"),
                    day(y, 6, 1),
                    day(y, 6, 1),
                    Precision::Day,
                    &[],
                )
            })
            .collect();
        items.push(item(
            "Lone",
            day(1960, 6, 1),
            day(1960, 6, 1),
            Precision::Day,
            &[],
        ));
        let svg = timeline_svg(&items, TimelineStyle::Compact, "Events");
        let doc = parse(&svg);
        let years: Vec<&str> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("tl-year"))
            .map(|n| n.text().unwrap())
            .collect();
        assert_eq!(years[..2], ["1960", "2000"]);
        let width = attr(doc.root_element(), "width");
        for t in doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("tl-year"))
        {
            assert!(attr(t, "x") + text_width(t.text().unwrap()) <= width);
        }
    }

    /// The box of a shape or label: x0, y0, x1, y1.
    fn bbox(n: roxmltree::Node) -> (f64, f64, f64, f64) {
        if n.has_tag_name("circle") {
            let (x, y, r) = (attr(n, "cx"), attr(n, "cy"), attr(n, "r"));
            (x - r, y - r, x + r, y + r)
        } else if n.has_tag_name("text") {
            let (x, y) = (attr(n, "x"), attr(n, "y"));
            (x, y - 10.0, x + text_width(n.text().unwrap()), y + 2.0)
        } else {
            let (x, y) = (attr(n, "x"), attr(n, "y"));
            (x, y, x + attr(n, "width"), y + attr(n, "height"))
        }
    }

    #[test]
    fn labels_overlap_neither_marks_nor_each_other() {
        let svg = timeline_svg(&many(400), TimelineStyle::Full, "Timeline");
        let doc = parse(&svg);
        let labels: Vec<_> = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("tl-label"))
            .map(bbox)
            .collect();
        let marks: Vec<_> = links(&doc).into_iter().flat_map(shapes).map(bbox).collect();
        assert!(labels.len() > 10, "some labels have room");
        let meet = |a: &(f64, f64, f64, f64), b: &(f64, f64, f64, f64)| {
            a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
        };
        for (i, l) in labels.iter().enumerate() {
            assert!(labels[i + 1..].iter().all(|m| !meet(l, m)));
            assert!(marks.iter().all(|m| !meet(l, m)));
        }
    }

    #[test]
    fn equal_input_gives_equal_bytes_whatever_its_order() {
        let items = many(300);
        let mut reversed = items.clone();
        reversed.reverse();
        let a = timeline_svg(&items, TimelineStyle::Full, "Timeline");
        assert_eq!(a, timeline_svg(&items, TimelineStyle::Full, "Timeline"));
        assert_eq!(a, timeline_svg(&reversed, TimelineStyle::Full, "Timeline"));
    }

    #[test]
    fn text_is_escaped() {
        let mut items = one_of_each();
        items[0].title = "Talks <b>&amp; \"more\"".to_string();
        items[0].href = "../events/a.html?x=1&y=2".to_string();
        items[0].lanes = vec!["<Korea & \"Co\">".to_string()];
        let svg = timeline_svg(&items, TimelineStyle::Full, "A & B <c>");
        let doc = parse(&svg);
        let a = mark(&doc, "Talks <b>&amp; \"more\"");
        assert_eq!(a.attribute("href"), Some("../events/a.html?x=1&y=2"));
        assert!(svg.contains("&lt;Korea &amp; &quot;Co&quot;&gt;"));
        assert_eq!(title_of(doc.root_element()), "A & B <c>");
    }
}
