//! Partial dates: a decade, a year, a month or a day, as precise as a source
//! gives them. How readers see one is the site's language's business
//! (`i18n::dates`).

use std::fmt;

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Decade,
    Year,
    Month,
    Day,
}

/// A date known to decade, year, month or day precision. Orders
/// chronologically, with a less precise date before a more precise one in the
/// same period (the 1990s, then 1990, then Jan 1990, then 1 Jan 1990).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    /// The year; for a decade, its first year (1990 for the 1990s).
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
    /// Only the decade is known (`1990s`).
    pub decade: bool,
}

/// The period a timeline groups a date in: its year, or its decade when
/// only the decade is known. Orders a decade before its first year.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    year: i32,
    /// `false` for a decade, so that it sorts first.
    single_year: bool,
}

impl Period {
    pub fn first(self) -> i32 {
        self.year
    }

    pub fn last(self) -> i32 {
        if self.single_year {
            self.year
        } else {
            self.year + 9
        }
    }

    /// Whether it is a decade (`1990s`) rather than a year.
    pub fn is_decade(self) -> bool {
        !self.single_year
    }
}

impl fmt::Display for Period {
    /// `2024`, or `1990s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.single_year {
            write!(f, "{}", self.year)
        } else {
            write!(f, "{}s", self.year)
        }
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.year, !self.decade, self.month, self.day).cmp(&(
            other.year,
            !other.decade,
            other.month,
            other.day,
        ))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

impl PartialDate {
    /// Parses `YYYYs` (a decade: `1990s`), `YYYY`, `YYYY-MM` or `YYYY-MM-DD`
    /// (years 1000–9999).
    pub fn parse(s: &str) -> Result<Self, DateError> {
        let bad = |why: &str| {
            DateError(format!(
                "invalid date `{s}`: {why} (expected \"YYYY\", \"YYYY-MM\", \"YYYY-MM-DD\" or a decade, \"1990s\")"
            ))
        };
        if let Some(decade) = s.strip_suffix('s') {
            if decade.len() != 4 || !decade.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad("a decade is four digits and `s`"));
            }
            let year: i32 = decade.parse().map_err(|_| bad("decade"))?;
            if year < 1000 {
                return Err(bad("year out of range"));
            }
            if year % 10 != 0 {
                return Err(bad("a decade starts with a year ending in 0 (`1990s`)"));
            }
            return Ok(PartialDate {
                year,
                month: None,
                day: None,
                decade: true,
            });
        }
        let parts: Vec<&str> = s.split('-').collect();
        if parts.is_empty() || parts.len() > 3 {
            return Err(bad("wrong number of parts"));
        }
        let num = |p: &str, len: usize, what: &str| -> Result<u32, DateError> {
            if p.len() != len || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(&format!("the {what} must be {len} digits")));
            }
            p.parse::<u32>().map_err(|_| bad(what))
        };
        let year = num(parts[0], 4, "year")?;
        if year < 1000 {
            return Err(bad("year out of range"));
        }
        let year = year as i32;
        let month = match parts.get(1) {
            Some(p) => {
                let m = num(p, 2, "month")?;
                if !(1..=12).contains(&m) {
                    return Err(bad("month out of range 01–12"));
                }
                Some(m as u8)
            }
            None => None,
        };
        let day = match (parts.get(2), month) {
            (Some(p), Some(m)) => {
                let d = num(p, 2, "day")?;
                if d == 0 || d > u32::from(days_in_month(year, u32::from(m))) {
                    return Err(bad("no such day in that month"));
                }
                Some(d as u8)
            }
            _ => None,
        };
        Ok(PartialDate {
            year,
            month,
            day,
            decade: false,
        })
    }

    pub fn precision(&self) -> Precision {
        if self.decade {
            return Precision::Decade;
        }
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The form an editor writes: `1990s`, `2024`, `2024-12`, `2024-12-01`.
    pub fn iso(&self) -> String {
        if self.decade {
            return format!("{:04}s", self.year);
        }
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// The period the date lies in: its year, or its decade.
    pub fn period(&self) -> Period {
        Period {
            year: self.year,
            single_year: !self.decade,
        }
    }

    /// The value of `<time datetime>`, which has no form for a decade
    /// (`None` then): `2024`, `2024-12`, `2024-12-01`.
    pub fn datetime(&self) -> Option<String> {
        (!self.decade).then(|| self.iso())
    }

    /// Whether `self` certainly lies after `other`: every day `self` may
    /// name comes after every day `other` may name.
    pub fn surely_after(&self, other: &PartialDate) -> bool {
        self.first_day() > other.last_day()
    }

    /// The first and last day the date may name, as (year, month, day).
    fn first_day(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    fn last_day(&self) -> (i32, u8, u8) {
        let year = if self.decade {
            self.year + 9
        } else {
            self.year
        };
        let month = self.month.unwrap_or(12);
        let day = self
            .day
            .unwrap_or_else(|| days_in_month(year, u32::from(month)));
        (year, month, day)
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

fn days_in_month(year: i32, month: u32) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_precision() {
        let y = PartialDate::parse("2008").unwrap();
        assert_eq!((y.precision(), y.iso()), (Precision::Year, "2008".into()));
        let m = PartialDate::parse("2024-12").unwrap();
        assert_eq!((m.precision(), m.month), (Precision::Month, Some(12)));
        let d = PartialDate::parse("2025-06-17").unwrap();
        assert_eq!(
            (d.precision(), d.year, d.month, d.day),
            (Precision::Day, 2025, Some(6), Some(17))
        );
    }

    #[test]
    fn rejects_bad_dates() {
        for bad in [
            "",
            "24",
            "2024-1",
            "2024-13",
            "2023-02-29",
            "2024-02-30",
            "2024-12-01-01",
            "abcd",
            "2024-00",
            "0999",
            "２０２４",
        ] {
            assert!(PartialDate::parse(bad).is_err(), "{bad} should fail");
        }
        assert!(PartialDate::parse("2024-02-29").is_ok());
        for bad in ["1995s", "199s", "s", "0990s", "1990s-01", "19x0s"] {
            assert!(PartialDate::parse(bad).is_err(), "{bad} should fail");
        }
    }

    #[test]
    fn a_decade_is_its_own_precision() {
        let d = PartialDate::parse("1990s").unwrap();
        assert_eq!(
            (d.precision(), d.iso(), d.datetime()),
            (Precision::Decade, "1990s".into(), None)
        );
        assert!(
            d.period().is_decade() && !PartialDate::parse("1990").unwrap().period().is_decade()
        );
        assert_eq!(
            PartialDate::parse("1990").unwrap().datetime().as_deref(),
            Some("1990")
        );
    }

    #[test]
    fn surely_after_respects_precision() {
        let p = |s: &str| PartialDate::parse(s).unwrap();
        assert!(p("2025-01-21").surely_after(&p("2025-01-20")));
        assert!(!p("2025").surely_after(&p("2025-01-20")));
        assert!(!p("2025-01").surely_after(&p("2025-01-20")));
        assert!(p("2025-02").surely_after(&p("2025-01-20")));
        assert!(!p("1990s").surely_after(&p("1995")));
        assert!(p("2000").surely_after(&p("1990s")));
        assert!(!p("1999-12-31").surely_after(&p("1990s")));
    }

    #[test]
    fn orders_less_precise_first() {
        let mut v: Vec<PartialDate> = ["2024-12-01", "2024", "2024-12", "2023-05-05", "2020s"]
            .iter()
            .map(|s| PartialDate::parse(s).unwrap())
            .collect();
        v.sort();
        let iso: Vec<String> = v.iter().map(PartialDate::iso).collect();
        assert_eq!(
            iso,
            ["2020s", "2023-05-05", "2024", "2024-12", "2024-12-01"]
        );
    }
}
