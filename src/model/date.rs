//! Dates known to the year, the month or the day.

use std::fmt;

use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date that keeps its precision. The derived order puts a partial date
/// before the fully known dates of its period (`2024` < `2024-01` < `2024-01-01`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (two-digit months and days).
    pub fn parse(text: &str) -> Result<PartialDate, String> {
        let invalid =
            || format!("invalid date '{text}': expected \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"");
        let parts: Vec<&str> = text.split('-').collect();
        let widths_ok = matches!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>()[..],
            [4] | [4, 2] | [4, 2, 2]
        );
        if !widths_ok || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
            return Err(invalid());
        }
        let number = |i: usize| parts.get(i).map(|p| p.parse::<u32>().expect("digits"));
        let date = PartialDate {
            year: number(0).expect("year") as i32,
            month: number(1),
            day: number(2),
        };
        date.check_exists()
            .map_err(|why| format!("invalid date '{text}': {why}"))?;
        Ok(date)
    }

    fn check_exists(&self) -> Result<(), String> {
        match (self.month, self.day) {
            (Some(month), _) if !(1..=12).contains(&month) => {
                Err(format!("there is no month {month:02}"))
            }
            (Some(month), Some(day))
                if NaiveDate::from_ymd_opt(self.year, month, day).is_none() =>
            {
                Err(format!(
                    "{} has no day {day:02}",
                    MONTHS[month as usize - 1]
                ))
            }
            _ => Ok(()),
        }
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (None, _) => Precision::Year,
            (Some(_), None) => Precision::Month,
            (Some(_), Some(_)) => Precision::Day,
        }
    }

    /// The first day the date covers.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .expect("validated when parsed")
    }

    /// The last day the date covers: the year's or the month's last day for partial dates.
    pub fn last_day(&self) -> NaiveDate {
        match (self.month, self.day) {
            (None, _) => NaiveDate::from_ymd_opt(self.year, 12, 31).expect("valid"),
            (Some(month), None) => {
                let next = if month == 12 {
                    NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(self.year, month + 1, 1)
                };
                next.and_then(|d| d.pred_opt()).expect("valid")
            }
            (Some(_), Some(_)) => self.first_day(),
        }
    }

    /// The machine-readable form, as written in front matter (`2024-03`).
    pub fn iso(&self) -> String {
        let mut iso = String::with_capacity(10);
        self.write_iso(&mut iso).expect("a String takes any text");
        iso
    }

    /// [`iso`](Self::iso), to any writer. Dates are written on every list
    /// of a site: numbers are written with `itoa`, not formatted.
    pub fn write_iso(&self, out: &mut impl fmt::Write) -> fmt::Result {
        let mut digits = itoa::Buffer::new();
        if (0..1000).contains(&self.year) {
            out.write_str(&"000"[digits.format(self.year).len() - 1..])?;
        } else if !(0..10000).contains(&self.year) {
            // Outside 0–9999, as `{:04}` writes it.
            return write_iso_formatted(self, out);
        }
        out.write_str(digits.format(self.year))?;
        for part in [self.month, self.day].into_iter().map_while(|p| p) {
            out.write_str(if part < 10 { "-0" } else { "-" })?;
            out.write_str(digits.format(part))?;
        }
        Ok(())
    }

    pub fn month_name(&self) -> Option<&'static str> {
        self.month.map(|m| MONTHS[m as usize - 1])
    }

    pub fn from_naive(date: NaiveDate) -> PartialDate {
        PartialDate {
            year: date.year(),
            month: Some(date.month()),
            day: Some(date.day()),
        }
    }
}

fn write_iso_formatted(date: &PartialDate, out: &mut impl fmt::Write) -> fmt::Result {
    match (date.month, date.day) {
        (None, _) => write!(out, "{:04}", date.year),
        (Some(m), None) => write!(out, "{:04}-{m:02}", date.year),
        (Some(m), Some(d)) => write!(out, "{:04}-{m:02}-{d:02}", date.year),
    }
}

/// Shown as a reader expects: "2013", "March 2024", "12 March 2024".
impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut digits = itoa::Buffer::new();
        if let (Some(day), Some(_)) = (self.day, self.month) {
            f.write_str(digits.format(day))?;
            f.write_str(" ")?;
        }
        if let Some(month) = self.month_name() {
            f.write_str(month)?;
            f.write_str(" ")?;
        }
        f.write_str(digits.format(self.year))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_pads_as_iso_8601_does() {
        let iso = |s: &str| PartialDate::parse(s).unwrap().iso();
        assert_eq!(iso("2024-03-02"), "2024-03-02");
        assert_eq!(iso("0987-11"), "0987-11");
        assert_eq!(iso("0045"), "0045");
        let far = PartialDate {
            year: 12345,
            month: Some(1),
            day: None,
        };
        assert_eq!(far.iso(), "12345-01");
        let before = PartialDate {
            year: -44,
            month: Some(3),
            day: Some(15),
        };
        assert_eq!(before.iso(), "-044-03-15");
        assert_eq!(before.to_string(), "15 March -44");
    }

    #[test]
    fn keeps_precision_in_display_and_order() {
        let year = PartialDate::parse("2024").unwrap();
        let month = PartialDate::parse("2024-03").unwrap();
        let day = PartialDate::parse("2024-03-12").unwrap();
        assert_eq!(year.to_string(), "2024");
        assert_eq!(month.to_string(), "March 2024");
        assert_eq!(day.to_string(), "12 March 2024");
        assert!(year < PartialDate::parse("2024-01-01").unwrap());
        assert!(month < PartialDate::parse("2024-03-01").unwrap());
        assert!(month > PartialDate::parse("2024-02-29").unwrap());
    }

    #[test]
    fn refuses_malformed_and_impossible_dates() {
        for bad in [
            "24",
            "2024-3",
            "2024-03-1",
            "2024-13",
            "2023-02-29",
            "March 2024",
            "2024-03-12T00",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn covers_its_whole_period() {
        let month = PartialDate::parse("2024-02").unwrap();
        assert_eq!(
            month.last_day(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        let year = PartialDate::parse("1946").unwrap();
        assert_eq!(
            year.first_day(),
            NaiveDate::from_ymd_opt(1946, 1, 1).unwrap()
        );
        assert_eq!(
            year.last_day(),
            NaiveDate::from_ymd_opt(1946, 12, 31).unwrap()
        );
    }
}
