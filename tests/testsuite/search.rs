//! The search index as the browser reads it: what is indexed, as which hit,
//! under which heading, with which text and weight. (Ranking in the browser
//! is tested by `tests/browser/run.mjs` on the shipped site.)

use std::collections::BTreeMap;

use serde_json::Value;

use crate::site_test::SiteTest;

/// A hit as the browser reads it: place title, URL, anchor, text, section.
type Hit = (String, String, String, String, Option<String>);

/// The index of a built site, read back.
struct Index {
    head: Value,
    /// Key → postings `(hit, weight level)`.
    keys: BTreeMap<String, Vec<(u64, u8)>>,
    /// Hits in order.
    hits: Vec<Hit>,
    /// Each hit's translation and translator's note (source blocks only).
    translations: Vec<(Option<String>, Option<String>)>,
    vocabulary: Vec<Vec<String>>,
    glossary: Value,
    /// Each hit's languages (text, translation) where not the site's.
    langs: Vec<(String, String)>,
    /// Key → its result cards.
    cards: BTreeMap<String, Vec<Card>>,
    /// Every place `[title, URL]` by number, if there are cards.
    places: Value,
}

/// A result card as the browser reads it.
#[derive(Debug)]
struct Card {
    hit: u64,
    /// A number in the places file.
    place: usize,
    anchor: String,
    section: Option<String>,
    window: String,
    lang: String,
    which: u64,
}

/// The arguments of the one call a shard file makes.
fn args(name: &str, text: &str) -> Value {
    let inner = text
        .strip_prefix("window.BRIEFING_SEARCH_SHARD(")
        .and_then(|t| t.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("{name}: shard shape"));
    serde_json::from_str(&format!("[{inner}]")).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Postings as `search.js` decodes them: per hit, gap · 16 + weight level.
fn postings(s: &str) -> Vec<(u64, u8)> {
    let (mut out, mut v, mut prev) = (Vec::new(), 0u64, None::<u64>);
    for c in s.bytes() {
        if c >= b']' {
            v = v * 32 + u64::from(c - b']');
            continue;
        }
        v = v * 32 + u64::from(c - b'#');
        let hit = prev.map_or(v / 16, |p| p + 1 + v / 16);
        prev = Some(hit);
        out.push((hit, (v % 16) as u8));
        v = 0;
    }
    out
}

fn read_index(site: &SiteTest) -> Index {
    let mut index = Index {
        head: Value::Null,
        keys: BTreeMap::new(),
        hits: Vec::new(),
        translations: Vec::new(),
        vocabulary: Vec::new(),
        glossary: Value::Null,
        langs: Vec::new(),
        cards: BTreeMap::new(),
        places: Value::Null,
    };
    let mut texts = BTreeMap::new();
    for (rel, bytes) in site.snapshot_output() {
        let Some(name) = rel.strip_prefix("assets/search/") else {
            continue;
        };
        let text = String::from_utf8(bytes).unwrap();
        if name == "index.js" {
            let json = text
                .strip_prefix("window.BRIEFING_SEARCH=")
                .and_then(|t| t.strip_suffix(";\n"))
                .unwrap();
            index.head = serde_json::from_str(json).unwrap();
            continue;
        }
        let a = args(name, &text);
        let i = a[1].as_u64().unwrap();
        match a[0].as_str().unwrap() {
            "k" => {
                let keys: Vec<&str> = a[2].as_str().unwrap().split(' ').collect();
                let posts = a[3].as_str().unwrap().split('!');
                for (k, p) in keys.iter().zip(posts) {
                    index.keys.insert(k.to_string(), postings(p));
                }
                if a.get(5).is_none() {
                    continue;
                }
                let (sections, per_key) = (&a[5][0], &a[5][1]);
                let per_key = per_key.as_array().unwrap();
                assert_eq!(per_key.len(), keys.len(), "{name}: cards per key");
                for (k, list) in keys.iter().zip(per_key) {
                    let s = |v: &Value| v.as_str().unwrap().to_string();
                    let list: Vec<Card> = list
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| Card {
                            hit: c[0].as_u64().unwrap(),
                            place: c[1].as_u64().unwrap() as usize,
                            anchor: s(&c[2]),
                            section: c[3].as_u64().map(|n| s(&sections[n as usize])),
                            window: s(&c[4]),
                            lang: c.get(5).map(&s).unwrap_or_default(),
                            which: c.get(6).and_then(Value::as_u64).unwrap_or(0),
                        })
                        .collect();
                    if !list.is_empty() {
                        index.cards.insert(k.to_string(), list);
                    }
                }
            }
            "t" => {
                texts.insert(i, a);
            }
            "v" => {
                let words = a[2].as_str().unwrap();
                let words = words.split(' ').filter(|w| !w.is_empty()).map(String::from);
                index.vocabulary.push(words.collect());
            }
            "g" => index.glossary = a[2].clone(),
            "p" => index.places = a[2].clone(),
            other => panic!("{name}: unknown shard type {other}"),
        }
    }
    for a in texts.values() {
        let (places, sections) = (&a[2], &a[3]);
        let shard = a[4].as_array().unwrap();
        let runs = a[5].as_array().unwrap();
        for (i, h) in shard.iter().enumerate() {
            // The languages of the text shown (that of the next hit for an
            // empty text).
            let shown = (i..shard.len())
                .take_while(|&j| shard[j][0] == h[0])
                .find(|&j| !shard[j][2].as_str().unwrap().is_empty())
                .unwrap_or(i);
            let lang = runs
                .iter()
                .rfind(|r| r[0].as_u64().unwrap() as usize <= shown)
                .map(|r| (r[1].as_str().unwrap().into(), r[2].as_str().unwrap().into()))
                .unwrap_or_default();
            index.langs.push(lang);
            let place = &places[h[0].as_u64().unwrap() as usize];
            let s = |v: &Value| v.as_str().unwrap().to_string();
            // An empty text: the next one of the same place (as search.js
            // reads it).
            let text = shard[i..]
                .iter()
                .take_while(|n| n[0] == h[0])
                .map(|n| s(&n[2]))
                .find(|t| !t.is_empty())
                .unwrap_or_default();
            // Section −1: none (when a translation follows).
            let section = h.get(3).and_then(Value::as_u64);
            index.hits.push((
                s(&place[0]),
                s(&place[1]),
                s(&h[1]),
                text,
                section.map(|n| s(&sections[n as usize])),
            ));
            // Those of the text shown, as its language.
            let t = &shard[shown];
            index
                .translations
                .push((t.get(4).map(&s), t.get(5).map(&s)));
        }
    }
    assert_eq!(index.head["n"].as_u64().unwrap() as usize, index.hits.len());
    // A group's count: the distinct hits of the keys starting with it.
    for (group, count) in index.head["gc"].as_object().expect("gc") {
        let hits: std::collections::BTreeSet<u64> = index
            .keys
            .iter()
            .filter(|(k, _)| k.starts_with(group.as_str()))
            .flat_map(|(_, p)| p.iter().map(|&(h, _)| h))
            .collect();
        assert_eq!(count.as_u64(), Some(hits.len() as u64), "{group}");
    }
    index
}

impl Index {
    /// The hits a key occurs in, by their text.
    fn hits_of(&self, key: &str) -> Vec<&str> {
        self.keys
            .get(key)
            .unwrap_or_else(|| panic!("key {key:?} is not indexed"))
            .iter()
            .map(|&(h, _)| self.hits[h as usize].3.as_str())
            .collect()
    }

    fn weight(&self, key: &str, hit_text: &str) -> u8 {
        self.keys[key]
            .iter()
            .find(|&&(h, _)| self.hits[h as usize].3 == hit_text)
            .unwrap_or_else(|| panic!("{key:?} is not in {hit_text:?}"))
            .1
    }

    /// The last hit that shows `text` (a heading's hit shows the start of
    /// the paragraph below it, which comes next).
    fn hit(&self, text: &str) -> &Hit {
        self.hits
            .iter()
            .rfind(|h| h.3 == text)
            .unwrap_or_else(|| panic!("no hit shows {text:?}"))
    }
}

fn site() -> SiteTest {
    SiteTest::with_seed()
        .file(
            "content/briefs/a.md",
            "+++\ntitle = \"Alliances\"\nsummary = \"Who works with whom.\"\n+++\nOpening words about partners [](source:demo \"稀土供应国\").\n\n## Serra Verde\n\nA project in Brazil, funded\nby the MSP.\n\n- a list item about gallium\n\n## 稀土 部分\n\n中国作为\n全球最大的供应国 [](source:demo \"稀土供应国\") 。\n",
        )
        .file(
            "content/events/e.md",
            "+++\ntitle = \"Forum launched\"\ndate = \"2024-04-05\"\n+++\nThe forum met in Leuven [](source:demo \"稀土供应国\").\n",
        )
        .file(
            "content/glossary.toml",
            "original_language = \"zh-Hans\"\n\n[[term]]\nid = \"msp\"\nname = \"Minerals Security Partnership\"\noriginal = \"矿产安全伙伴关系\"\nkind = \"organisation\"\naliases = [\"MSP\", \"Partnership for minerals\"]\ndefinition = \"A partnership [](source:demo \\\"全球最大的稀土供应国\\\").\"\n\n[[term]]\nid = \"china\"\nname = \"China\"\noriginal = \"中国\"\nkind = \"place\"\ndefinition = \"A country.\"\n",
        )
}

#[test]
fn every_text_a_reader_sees_is_a_hit_with_its_place_and_heading() {
    let site = site();
    site.build().success();
    let index = read_index(&site);
    // The brief's own hit shows its summary; its title is indexed.
    let page = index.hit("Who works with whom.");
    assert_eq!((page.0.as_str(), page.2.as_str()), ("Alliances", ""));
    assert!(index.hits_of("alliances").contains(&"Who works with whom."));
    // A heading is a hit of its own, showing the start of its section.
    let heading = &index.hits[index.keys["verde"][0].0 as usize];
    assert_eq!(heading.2, "serra-verde");
    assert_eq!(heading.3, "A project in Brazil, funded by the MSP.");
    // Paragraphs: labelled with the nearest heading above, none before the
    // first; text without the gaps of line breaks and citation markers.
    let para = index.hit("A project in Brazil, funded by the MSP.");
    assert!(para.2.starts_with("p-"), "{para:?}");
    assert_eq!(para.4.as_deref(), Some("Serra Verde"));
    assert_eq!(index.hit("Opening words about partners.").4, None);
    let zh = index.hit("中国作为全球最大的供应国。");
    // (A space between two Chinese characters is dropped as a line break.)
    assert_eq!(zh.4.as_deref(), Some("稀土部分"));
    assert!(zh.2.starts_with("p-"), "{zh:?}");
    // An event: one hit, labelled with its date, linking to the timeline.
    let event = index.hit("The forum met in Leuven.");
    assert_eq!(
        (
            event.0.as_str(),
            event.1.as_str(),
            event.2.as_str(),
            event.4.as_deref()
        ),
        (
            "Forum launched",
            "timeline/index.html",
            "e",
            Some("5 Apr 2024")
        )
    );
    assert!(index
        .hits_of("launched")
        .contains(&"The forum met in Leuven."));
    // A term: one hit for its page, found by its name, every alias and its
    // Chinese name.
    let term: Vec<_> = index
        .hits
        .iter()
        .filter(|h| h.1 == "terms/msp/index.html")
        .collect();
    assert_eq!(term.len(), 1, "{term:?}");
    assert_eq!(
        term[0].0,
        "Minerals Security Partnership (矿产安全伙伴关系)"
    );
    for key in ["msp", "security", "for", "矿产", "伙伴"] {
        assert!(index.hits_of(key).contains(&"A partnership."), "{key}");
    }
    // A source: its page and its blocks (here: a heading block first).
    assert!(index
        .hits_of("strategy")
        .iter()
        .any(|t| t.starts_with("中国作为全球最大的稀土供应国")));
    // The term names for boosting and suggestions, and the typo vocabulary.
    let g = index.glossary.to_string();
    assert!(
        g.contains(
            r#""Minerals Security Partnership","矿产安全伙伴关系","MSP","Partnership for minerals""#
        ),
        "{g}"
    );
    assert_eq!(index.vocabulary.len(), 13);
    assert!(index.vocabulary[1].contains(&"verde".to_string()));
    assert!(!index
        .vocabulary
        .concat()
        .iter()
        .any(|w| w.chars().count() < 4));
}

#[test]
fn a_name_or_alias_weighs_more_than_a_title_a_heading_or_body_text() {
    let site = site();
    site.build().success();
    let index = read_index(&site);
    let alias = index.weight("msp", "A partnership.");
    let body = index.weight("msp", "A project in Brazil, funded by the MSP.");
    assert!(alias > body, "alias {alias}, body {body}");
    let title = index.weight("alliances", "Who works with whom.");
    let heading = index.weight("serra", "A project in Brazil, funded by the MSP.");
    assert!(
        title > heading && heading > body,
        "title {title}, heading {heading}, body {body}"
    );
}

#[test]
fn list_items_and_table_rows_are_hits_of_their_own() {
    let site = site().file(
        "content/briefs/t.md",
        "+++\ntitle = \"Figures\"\n+++\n## Imports\n\n| Indicator | Figure |\n|:---|---:|\n| Rare-earth compounds | more than 80% |\n| Lithium [](source:demo \"稀土供应国\") | about 6% |\n\nAfter the table.\n",
    );
    site.build().success();
    let index = read_index(&site);
    // A tight list item: its own hit, under its heading, with its id.
    let item = index.hit("a list item about gallium");
    assert_eq!(item.4.as_deref(), Some("Serra Verde"));
    let page = site.read("briefs/a/index.html");
    assert!(
        page.contains(&format!("<li id={}>a list item about gallium", item.2)),
        "{page}"
    );
    // A table row, the head row too: its cells' texts, one hit each.
    let row = index.hit("Rare-earth compounds · more than 80%");
    assert_eq!(
        (row.1.as_str(), row.4.as_deref()),
        ("briefs/t/index.html", Some("Imports"))
    );
    assert!(index
        .hits_of("compounds")
        .contains(&"Rare-earth compounds · more than 80%"));
    index.hit("Indicator · Figure");
    index.hit("Lithium · about 6%");
    // The page: each row has its id; alignment is a class (no inline style
    // under the pages' Content-Security-Policy).
    let html = site.read("briefs/t/index.html");
    assert!(
        html.contains(&format!(
            "<tr id={}><td class=align-left>Rare-earth compounds<td class=align-right>more than 80%",
            row.2
        )),
        "{html}"
    );
    assert!(
        html.contains("<th class=align-left>Indicator<th class=align-right>Figure<tbody>"),
        "{html}"
    );
    assert!(!html.contains("style="), "{html}");
    index.hit("After the table.");
}

#[test]
fn a_source_block_is_one_hit_with_its_translation() {
    let site = site();
    site.build().success();
    let index = read_index(&site);
    let original = "中国作为全球最大的稀土供应国与制造国,在稀土资源开采、加工和制成品生产方面长期占据主导地位。";
    let at = index
        .hits
        .iter()
        .rposition(|h| h.3 == original && h.1 == "sources/demo/index.html")
        .expect("the block is a hit");
    let (tr, note) = &index.translations[at];
    assert!(
        tr.as_deref()
            .is_some_and(|t| t.starts_with("As the world's largest supplier")),
        "{tr:?}"
    );
    assert_eq!(note, &None);
    // The block is in Chinese, its translation in the site's language.
    assert_eq!(index.langs[at], ("zh-Hans".to_string(), String::new()));
    // Found by the words of either text, as one hit.
    for key in ["supplier", "manufacturer", "稀土", "供应"] {
        let hits = &index.keys[key];
        assert_eq!(
            hits.iter().filter(|&&(h, _)| h as usize == at).count(),
            1,
            "{key}"
        );
    }
    // Under the heading above it, labelled with the heading's translation;
    // the heading is found by the words of its translation.
    let section = index.hits[at].4.as_deref();
    assert_eq!(
        section,
        Some("美国稀土战略的特征 (Features of the US rare-earth strategy)")
    );
    let heading = index
        .hits
        .iter()
        .position(|h| h.2 == "p-ad80df")
        .expect("the heading is a hit");
    assert!(index.keys["features"]
        .iter()
        .any(|&(h, _)| h as usize == heading));
    // A block not translated (English already) has no translation.
    let english = index
        .hits
        .iter()
        .position(|h| h.3.starts_with("The United States has elevated"))
        .unwrap();
    assert_eq!(index.translations[english], (None, None));
    assert_eq!(index.langs[english], (String::new(), String::new()));
    // A brief's paragraph is in the site's language; a small index has no
    // result cards (its text shards load soon enough).
    let brief = index
        .hits
        .iter()
        .position(|h| h.3 == "Opening words about partners.")
        .unwrap();
    assert_eq!(index.langs[brief], (String::new(), String::new()));
    assert!(index.cards.is_empty());
    assert_eq!(index.head["ph"], "");
    assert!(index.places.is_null());
}

/// A site with text enough for many text shards: 40 briefs of 50
/// paragraphs each, every brief's title holding "beacon".
fn big_site() -> SiteTest {
    let mut site = SiteTest::with_seed();
    for b in 0..40 {
        let mut text = format!("+++\ntitle = \"Beacon report {b}\"\n+++\n");
        for p in 0..50 {
            let words: Vec<String> = (0..90)
                .map(|w| format!("w{}x{}", (b * 7 + p * 3 + w) % 97, w % 5))
                .collect();
            text.push_str(&format!(
                "Paragraph {p} of report {b}: {}. Then a beacon once.\n\n",
                words.join(" ")
            ));
        }
        site = site.file(&format!("content/briefs/b{b:02}.md"), &text);
    }
    site
}

#[test]
fn a_key_whose_best_hits_are_spread_has_cards_that_show_them() {
    let site = big_site();
    site.build().success();
    let index = read_index(&site);
    let beacon = &index.cards["beacon"];
    // The ten hits "beacon" weighs most in (the briefs' own hits, by their
    // titles), best first: the hits a one-word query shows first.
    let mut best: Vec<(u8, u64)> = index.keys["beacon"].iter().map(|&(h, w)| (w, h)).collect();
    best.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let want: Vec<u64> = best.iter().take(10).map(|&(_, h)| h).collect();
    assert_eq!(beacon.iter().map(|c| c.hit).collect::<Vec<_>>(), want);
    let place = |c: &Card| {
        let p = &index.places[c.place];
        (
            p[0].as_str().unwrap().to_string(),
            p[1].as_str().unwrap().to_string(),
        )
    };
    assert!(beacon
        .iter()
        .all(|c| place(c).0.starts_with("Beacon report")));
    assert_eq!(index.head["ph"].as_str().unwrap().len(), 8);
    // Every key has cards, also one whose best hits lie in one or two text
    // shards (loading one would be a script more after the key shard).
    for k in index.keys.keys() {
        assert!(index.cards.contains_key(k), "{k} has no cards");
    }
    let mut checked = 0;
    for (key, cards) in &index.cards {
        assert!(cards.len() <= 10, "{key}");
        for c in cards {
            let h = &index.hits[c.hit as usize];
            // Where the card leads is where the hit leads.
            let (title, url) = place(c);
            assert_eq!(
                (&title, &url, &c.anchor, &c.section),
                (&h.0, &h.1, &h.2, &h.4),
                "{key}"
            );
            // The window is a piece of the text it names (the hit's, the
            // translation or the note), in that text's language, cut
            // between words, holding the key when the text does.
            let (tr, note) = &index.translations[c.hit as usize];
            let (text, lang) = match c.which {
                0 => (h.3.as_str(), &index.langs[c.hit as usize].0),
                1 => (tr.as_deref().unwrap(), &index.langs[c.hit as usize].1),
                _ => (note.as_deref().unwrap(), &index.langs[c.hit as usize].1),
            };
            assert_eq!(&c.lang, lang, "{key}: {:?}", c.window);
            let body = c.window.trim_start_matches('…').trim_end_matches('…');
            let at = text
                .find(body)
                .unwrap_or_else(|| panic!("{key}: {:?} is not from {text:?}", c.window));
            assert_eq!(c.window.starts_with('…'), at > 0, "{key}: {:?}", c.window);
            assert_eq!(
                c.window.ends_with('…'),
                at + body.len() < text.len(),
                "{key}: {:?}",
                c.window
            );
            let latin = |c: char| c.is_alphanumeric() && !('\u{3400}'..='\u{9fff}').contains(&c);
            let cut = |a: Option<char>, b: Option<char>| {
                a.zip(b).is_some_and(|(a, b)| latin(a) && latin(b))
            };
            assert!(
                !cut(text[..at].chars().last(), body.chars().next()),
                "{key}: {:?}",
                c.window
            );
            assert!(
                !cut(body.chars().last(), text[at + body.len()..].chars().next()),
                "{key}: {:?}",
                c.window
            );
            assert!(body.chars().count() <= 200, "{key}: {:?}", c.window);
            let lower = body.to_lowercase();
            if key.chars().all(latin)
                && text
                    .to_lowercase()
                    .split(|ch: char| !ch.is_alphanumeric())
                    .any(|w| w == key)
            {
                assert!(
                    lower
                        .split(|ch: char| !ch.is_alphanumeric())
                        .any(|w| w == key),
                    "{key}: {:?}",
                    c.window
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 300, "{checked}");
}
