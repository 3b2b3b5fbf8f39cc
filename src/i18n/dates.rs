//! Dates in the site's language, as precise as the source gives them: a
//! pattern per precision (`date.day`, `date.month`, `date.year`,
//! `date.decade`), the month names (`date.months`, `date.months_short`),
//! and the forms of an approximate date (`date.approximate`, "c. 2025")
//! and of a timeline period (a year or a decade).
//!
//! The patterns' placeholders: `{year}`, `{month}` (1–12), `{month_name}`,
//! `{month_short}`, `{day}` (1–31), `{decade}` (its first year, 1990).

use super::Ui;
use crate::date::{PartialDate, Period};

impl Ui {
    /// A date as readers see it: "17 Jun 2025", "2025年6月17日".
    pub fn date(&self, d: &PartialDate) -> String {
        let year = d.year.to_string();
        if d.decade {
            return self.text("date.decade", &[("decade", &year)]);
        }
        let Some(m) = d.month else {
            return self.text("date.year", &[("year", &year)]);
        };
        let month = m.to_string();
        let i = usize::from(m).saturating_sub(1);
        let name = self.list("date.months").get(i).cloned().unwrap_or_default();
        let short = self
            .list("date.months_short")
            .get(i)
            .cloned()
            .unwrap_or_default();
        let mut args = vec![
            ("year", year.as_str()),
            ("month", month.as_str()),
            ("month_name", name.as_str()),
            ("month_short", short.as_str()),
        ];
        match d.day {
            Some(day) => {
                let day = day.to_string();
                args.push(("day", &day));
                self.text("date.day", &args)
            }
            None => self.text("date.month", &args),
        }
    }

    /// A date given as approximate (`approximate = true`): "c. 2025".
    pub fn approximate(&self, date: &str) -> String {
        self.text("date.approximate", &[("date", date)])
    }

    /// A date, approximate or not.
    pub fn event_date(&self, d: &PartialDate, approximate: bool) -> String {
        let shown = self.date(d);
        if approximate {
            self.approximate(&shown)
        } else {
            shown
        }
    }

    /// A period of the timeline: a year ("2025", "2025年") or a decade
    /// ("1990s", "1990年代").
    pub fn period(&self, p: Period) -> String {
        let first = p.first().to_string();
        if p.is_decade() {
            self.text("date.decade", &[("decade", &first)])
        } else {
            self.text("date.year", &[("year", &first)])
        }
    }
}
