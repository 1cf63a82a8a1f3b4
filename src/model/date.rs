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
        match (self.month, self.day) {
            (None, _) => format!("{:04}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
        }
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

/// Shown as a reader expects: "2013", "March 2024", "12 March 2024".
impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month_name(), self.day) {
            (None, _) => write!(f, "{}", self.year),
            (Some(month), None) => write!(f, "{month} {}", self.year),
            (Some(month), Some(day)) => write!(f, "{day} {month} {}", self.year),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
