//! Partial dates: a year, a month or a day, as precise as a source gives them.

use std::fmt;

/// How precisely a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

/// A date known to year, month or day precision. Orders chronologically, with
/// a less precise date before a more precise one in the same period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (years 1000–9999).
    pub fn parse(s: &str) -> Result<Self, DateError> {
        let bad = |why: &str| {
            DateError(format!(
                "invalid date `{s}`: {why} (expected \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\")"
            ))
        };
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
        Ok(PartialDate { year, month, day })
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (Some(_), Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// Machine-readable form for `<time datetime>`: `2024`, `2024-12`, `2024-12-01`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => format!("{:04}-{m:02}", self.year),
            _ => format!("{:04}", self.year),
        }
    }

    /// Reader-facing form: `2024`, `Dec 2024`, `1 Dec 2024`.
    pub fn display(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", MONTHS[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTHS[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
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
        assert_eq!(
            (y.precision(), y.display(), y.iso()),
            (Precision::Year, "2008".into(), "2008".into())
        );
        let m = PartialDate::parse("2024-12").unwrap();
        assert_eq!(
            (m.precision(), m.display()),
            (Precision::Month, "Dec 2024".into())
        );
        let d = PartialDate::parse("2025-06-17").unwrap();
        assert_eq!(
            (d.precision(), d.display()),
            (Precision::Day, "17 Jun 2025".into())
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
    }

    #[test]
    fn orders_less_precise_first() {
        let mut v: Vec<PartialDate> = ["2024-12-01", "2024", "2024-12", "2023-05-05"]
            .iter()
            .map(|s| PartialDate::parse(s).unwrap())
            .collect();
        v.sort();
        let iso: Vec<String> = v.iter().map(PartialDate::iso).collect();
        assert_eq!(iso, ["2023-05-05", "2024", "2024-12", "2024-12-01"]);
    }
}
