//! The timeline: order, grouping, precision, inferred dates, uncited events.

use crate::site_test::SiteTest;

fn event(date: &str, title: &str, extra: &str) -> String {
    format!("+++\ntitle = \"{title}\"\ndate = \"{date}\"\n{extra}+++\nHappened [](source:demo \"140家中国企业\").\n")
}

#[test]
fn events_are_in_date_order_grouped_by_year_with_precision() {
    let site = SiteTest::with_seed()
        .file("content/events/b.md", &event("2024-12-01", "Day event", ""))
        .file("content/events/a.md", &event("2024-12", "Month event", ""))
        .file(
            "content/events/c.md",
            &event("2008", "Approximate event", "approximate = true\n"),
        )
        .file(
            "content/events/d.md",
            &event(
                "2025-10-31",
                "Inferred event",
                "inferred = \"The source gives only 10月31日; the year comes from context.\"\n",
            ),
        )
        .file(
            "content/events/e.md",
            &event("2024-12", "Second month event", ""),
        );
    site.build().success();
    let html = site.read("timeline/index.html");
    let order: Vec<usize> = [
        "Approximate event",
        "Month event",
        "Second month event",
        "Day event",
        "Inferred event",
    ]
    .iter()
    .map(|t| html.find(t).unwrap_or_else(|| panic!("{t} missing")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(
        html.contains("<time datetime=2008>c. 2008</time>"),
        "{html}"
    );
    assert!(html.contains("<time datetime=2024-12>Dec 2024</time>"));
    assert!(html.contains("<time datetime=2024-12-01>1 Dec 2024</time>"));
    assert!(html.contains("id=y2024"));
    assert!(html.contains("(date inferred)"));
    assert!(html.contains("the year comes from context"));
    assert!(html.contains("class=overview"));
}

#[test]
fn event_without_citation_and_bad_dates_are_errors() {
    SiteTest::with_seed()
        .file(
            "content/events/a.md",
            "+++\ntitle = \"A\"\ndate = \"2024\"\n+++\nNo citation here.\n",
        )
        .file(
            "content/events/b.md",
            "+++\ntitle = \"B\"\ndate = \"2024-02-30\"\n+++\nX [](source:demo \"140家\").\n",
        )
        .file(
            "content/events/c.md",
            "+++\ntitle = \"C\"\ndate = \"Dec 2024\"\n+++\nX [](source:demo \"140家\").\n",
        )
        .file(
            "content/events/d.md",
            "+++\ntitle = \"D\"\n+++\nX [](source:demo \"140家\").\n",
        )
        .build()
        .failure()
        .stderr_contains("content/events/a.md:5:1: error: an event needs at least one citation")
        .stderr_contains(
            "content/events/b.md:3:8: error: invalid date `2024-02-30`: no such day in that month",
        )
        .stderr_contains("content/events/c.md:3:8: error: invalid date `Dec 2024`")
        .stderr_contains("content/events/d.md:2:1: error: missing field `date`");
}

#[test]
fn events_appear_on_source_and_term_pages() {
    let site = SiteTest::with_seed().file(
        "content/events/a.md",
        &event(
            "2024-12-01",
            "China export listing",
            "actors = [\"china\"]\n",
        ),
    );
    site.build()
        .success()
        .page_contains("sources/demo/index.html", "China export listing")
        .page_contains("terms/china/index.html", "China export listing");
}

#[test]
fn after_puts_an_event_after_the_one_it_follows_and_decades_are_dates() {
    let site = SiteTest::with_seed()
        .file(
            "content/events/a-inauguration.md",
            &event("2025-01-20", "Inauguration", ""),
        )
        .file(
            "content/events/b-first-order.md",
            &event(
                "2025-01",
                "First-month order",
                "after = \"a-inauguration\"\n",
            ),
        )
        .file(
            "content/events/c-later.md",
            &event(
                "2025",
                "Some later step",
                "after = [\"b-first-order\", \"a-inauguration\"]\n",
            ),
        )
        .file(
            "content/events/d-before.md",
            &event("2025-01-10", "Before", ""),
        )
        .file(
            "content/events/e-decade.md",
            &event("1990s", "A decade", ""),
        );
    site.build().success();
    let html = site.read("timeline/index.html");
    let order: Vec<usize> = [
        "A decade",
        "Before",
        "Inauguration",
        "First-month order",
        "Some later step",
    ]
    .iter()
    .map(|t| html.find(t).unwrap_or_else(|| panic!("{t} missing")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    // The reader is told which events the sources put first, with links.
    assert!(
        html.contains("Comes after: <a href=../timeline/index.html#b-first-order>First-month order</a>; <a href=../timeline/index.html#a-inauguration>Inauguration</a></span>"),
        "{html}"
    );
    // A decade is shown as one, under a heading of its own, with no
    // `<time datetime>` (which cannot express a decade).
    assert!(html.contains("<h2 id=y1990s>1990s</h2>"), "{html}");
    assert!(html.contains("<p class=event-date>1990s"), "{html}");
}

#[test]
fn after_statements_that_cannot_hold_are_errors_naming_both_events() {
    SiteTest::with_seed()
        .file("content/events/a.md", &event("2024-05-01", "A", "after = \"b\"\n"))
        .file("content/events/b.md", &event("2024-06-01", "B", ""))
        .file("content/events/c.md", &event("2024", "C", "after = \"d\"\n"))
        .file("content/events/d.md", &event("2024", "D", "after = \"c\"\n"))
        .file("content/events/e.md", &event("2024", "E", "after = \"sumit\"\n"))
        .file("content/events/summit.md", &event("2024", "Summit", ""))
        .file("content/events/f.md", &event("2024", "F", "after = 3\n"))
        .build()
        .failure()
        .stderr_contains("content/events/a.md:4:9: error: event `a` (2024-05-01) is said to come after `b` (2024-06-01), but its date is earlier")
        .stderr_contains("error: `after` statements go round in a circle: c → d → c")
        .stderr_contains("content/events/e.md:4:9: error: `after`: no event `sumit`; did you mean `summit`?")
        .stderr_contains("content/events/f.md:4:9: error: `after` is an event id");
}
