//! The plain corpus (`--plain`): a blog of N posts in English and Chinese
//! with tags in both languages, headings, lists, quotes, a little code and
//! links between posts — no seeds, no citations, no glossary, no events.
//! What a site that is not a briefing looks like to both tools, so that
//! the comparison with Hugo is not only on briefing's own ground.

use std::fmt::Write as _;
use std::path::Path;

use rayon::prelude::*;

use super::{
    fresh_dir, slugify, toml_list, write, write_hugo_skeleton, Rng, EN_OBJ, EN_SUBJ, EN_TAIL,
    EN_VERB, PAGE_HEADINGS, TAG_A, ZH_ADVERB, ZH_OBJ, ZH_SUBJ, ZH_TAIL, ZH_VERB,
};

const K_POST: u64 = 101;
const K_POST_BODY: u64 = 102;

/// Chinese tags: the topics of the Chinese posts.
const ZH_TAGS: &[&str] = &[
    "稀土",
    "供应链",
    "锂电池",
    "出口管制",
    "矿业",
    "贸易",
    "产业政策",
    "能源转型",
    "回收",
    "投资",
    "外交",
    "技术",
    "价格",
    "储备",
    "加工",
    "环境",
    "航运",
    "金融",
    "标准",
    "安全",
];

const ZH_HEADINGS: &[&str] = &[
    "背景",
    "主要措施",
    "融资",
    "贸易与关税",
    "盟友与伙伴",
    "加工与精炼",
    "价格与市场",
    "风险",
    "分歧",
    "展望",
    "各方反应",
    "法律问题",
    "数据一览",
    "待解问题",
];

/// Code shown in a few posts (both tools highlight it).
const SNIPPETS: &[(&str, &str)] = &[
    (
        "python",
        "def share(total, part):\n    \"\"\"Percentage of part in total.\"\"\"\n    return round(100 * part / total, 1)\n\nprint(share(240, 58))\n",
    ),
    (
        "rust",
        "fn share(total: f64, part: f64) -> f64 {\n    (1000.0 * part / total).round() / 10.0\n}\n\nfn main() {\n    println!(\"{}\", share(240.0, 58.0));\n}\n",
    ),
    (
        "toml",
        "[supply]\nmines = 12\nrefineries = 3\nregions = [\"north\", \"coast\"]\n",
    ),
];

/// One post: its file stem, front matter fields and Markdown body.
struct Post {
    stem: String,
    title: String,
    summary: String,
    date: String,
    tags: Vec<String>,
    chinese: bool,
}

/// `n` tags of one language: the base list, then numbered variants of it.
fn tag_list(base: &[&str], n: usize) -> Vec<String> {
    (0..n.max(1))
        .map(|k| match k / base.len() {
            0 => base[k].to_string(),
            round => format!("{}-{}", base[k % base.len()], round + 1),
        })
        .collect()
}

fn en_sentence(rng: &mut Rng) -> String {
    let (s, v, o) = (rng.pick(EN_SUBJ), rng.pick(EN_VERB), rng.pick(EN_OBJ));
    match rng.below(3) {
        0 => format!("{s} {v} {o}."),
        1 => format!("{s} {v} {o}, {}.", rng.pick(EN_TAIL)),
        _ => format!("{s} {v} {o} in {}.", rng.range(2015, 2026)),
    }
}

fn zh_sentence(rng: &mut Rng) -> String {
    let (s, v, o, t) = (
        rng.pick(ZH_SUBJ),
        rng.pick(ZH_VERB),
        rng.pick(ZH_OBJ),
        rng.pick(ZH_TAIL),
    );
    match rng.below(3) {
        0 => format!("{}，{s}{v}{o}，{t}。", rng.pick(ZH_ADVERB)),
        1 => format!("{s}在{}年{v}{o}，{t}。", rng.range(2015, 2026)),
        _ => format!("{s}{v}{o}，规模约为{}亿元。", rng.range(2, 900)),
    }
}

fn sentence(rng: &mut Rng, chinese: bool) -> String {
    if chinese {
        zh_sentence(rng)
    } else {
        en_sentence(rng)
    }
}

fn paragraph(rng: &mut Rng, chinese: bool, lo: usize, hi: usize) -> String {
    let n = rng.range(lo, hi);
    let parts: Vec<String> = (0..n).map(|_| sentence(rng, chinese)).collect();
    parts.join(if chinese { "" } else { " " })
}

/// The tags: Chinese and English, half each.
struct Tags {
    zh: Vec<String>,
    en: Vec<String>,
}

fn make_post(seed: u64, i: usize, tags: &Tags) -> Post {
    let mut rng = Rng::for_item(seed, K_POST, i as u64);
    let chinese = rng.chance(0.4);
    let title = if chinese {
        format!(
            "{}{}{}",
            rng.pick(ZH_SUBJ),
            rng.pick(ZH_VERB),
            rng.pick(ZH_OBJ)
        )
    } else {
        format!(
            "{} {} {}",
            rng.pick(EN_SUBJ),
            rng.pick(EN_VERB),
            rng.pick(EN_OBJ)
        )
    };
    let stem = if chinese {
        format!("post-{i}")
    } else {
        format!(
            "{}-{i}",
            slugify(&title)
                .chars()
                .take(50)
                .collect::<String>()
                .trim_end_matches('-')
        )
    };
    let summary = sentence(&mut rng, chinese);
    let date = format!(
        "{}-{:02}-{:02}",
        rng.range(2015, 2026),
        rng.range(1, 12),
        rng.range(1, 28)
    );
    let k = rng.range(2, 5).min(tags.zh.len() + tags.en.len());
    // Chinese posts mostly carry Chinese tags, English posts English ones;
    // a few tags are popular, most are rare.
    let mut chosen = std::collections::BTreeSet::new();
    while chosen.len() < k {
        let list = if chinese == rng.chance(0.8) {
            &tags.zh
        } else {
            &tags.en
        };
        chosen.insert(list[rng.skewed(list.len())].clone());
    }
    Post {
        stem,
        title,
        summary,
        date,
        tags: chosen.into_iter().collect(),
        chinese,
    }
}

/// A post's Markdown: about 1,000 words (or 2,000 Chinese characters) in
/// sections, with lists, a quote, sometimes a table or code, and 2–4 links
/// to other posts (`link(target post)` writes each link's destination).
fn body(seed: u64, i: usize, posts: &[Post], link: &dyn Fn(&Post) -> String) -> String {
    let post = &posts[i];
    let mut rng = Rng::for_item(seed, K_POST_BODY, i as u64);
    let zh = post.chinese;
    let mut md = String::new();
    let mut paras: Vec<String> = vec![paragraph(&mut rng, zh, 3, 5)];
    let sections = rng.range(5, 8);
    for s in 0..sections {
        let heading = if zh {
            ZH_HEADINGS[(i + s) % ZH_HEADINGS.len()]
        } else {
            PAGE_HEADINGS[(i + s) % PAGE_HEADINGS.len()]
        };
        paras.push(format!("## {heading}"));
        for _ in 0..rng.range(2, 4) {
            paras.push(paragraph(&mut rng, zh, 4, 7));
        }
        match rng.below(6) {
            0 => {
                let items: Vec<String> = (0..rng.range(3, 5))
                    .map(|_| format!("- {}", sentence(&mut rng, zh)))
                    .collect();
                paras.push(items.join("\n"));
            }
            1 => paras.push(format!("> {}", paragraph(&mut rng, zh, 1, 2))),
            2 if rng.chance(0.5) => {
                let (lang, code) = SNIPPETS[rng.below(SNIPPETS.len())];
                paras.push(format!("```{lang}\n{code}```"));
            }
            3 => {
                let mut t = String::from("| Year | Amount |\n|---|---|");
                for _ in 0..rng.range(3, 5) {
                    let _ = write!(t, "\n| {} | {} |", rng.range(2015, 2026), rng.range(5, 900));
                }
                paras.push(t);
            }
            _ => {}
        }
    }
    // Links to other posts, appended to paragraphs of text.
    let text_paras: Vec<usize> = (0..paras.len())
        .filter(|&k| !paras[k].starts_with(['#', '-', '>', '`', '|']))
        .collect();
    for _ in 0..rng.range(2, 4) {
        let mut j = rng.below(posts.len());
        if j == i {
            j = (j + 1) % posts.len();
        }
        let k = text_paras[rng.below(text_paras.len())];
        let other = &posts[j];
        let see = if zh { " 参见" } else { " See" };
        let _ = write!(paras[k], "{see} [{}]({}).", other.title, link(other));
    }
    for p in paras {
        md.push_str(&p);
        md.push_str("\n\n");
    }
    md
}

fn front(post: &Post, summary_key: &str, tags: bool) -> String {
    let mut f = String::from("+++\n");
    let _ = writeln!(f, "title = {:?}", post.title);
    let _ = writeln!(f, "{summary_key} = {:?}", post.summary);
    let _ = writeln!(f, "date = {:?}", post.date);
    if tags {
        let _ = writeln!(f, "tags = {}", toml_list(&post.tags));
    }
    f.push_str("+++\n\n");
    f
}

/// Writes the plain corpus of `n` posts to `out` (and the same posts as a
/// Hugo site to `hugo`). Returns a line for the log.
pub(super) fn generate(
    seed: u64,
    n: usize,
    out: &Path,
    hugo: Option<&Path>,
) -> Result<String, String> {
    let n_tags = 20 + n / 25;
    let tags = Tags {
        zh: tag_list(ZH_TAGS, n_tags / 2),
        en: tag_list(TAG_A, n_tags - n_tags / 2),
    };
    let posts: Vec<Post> = (0..n).map(|i| make_post(seed, i, &tags)).collect();
    fresh_dir(out)?;
    if let Some(h) = hugo {
        fresh_dir(h)?;
    }
    let title = format!("Plain benchmark blog (seed {seed}, {n} posts)");
    write(
        &out.join("briefing.toml"),
        &format!(
            "# Generated by `cargo run --example corpus -- --plain --seed {seed} --pages {n}`.\ntitle = {title:?}\ndescription = \"A generated blog for benchmarks: posts in English and Chinese with tags, no sources.\"\nlanguage = \"en\"\nbase_url = \"https://example.org/plain/\"\n"
        ),
    );
    let home = "Posts in English and Chinese on minerals and trade, generated for benchmarks. See the [posts](@/posts) and the [tags](@/tags).\n";
    write(
        &out.join("content/index.md"),
        &format!("+++\ntitle = {title:?}\n+++\n\n{home}"),
    );
    let about = format!("Generated by a deterministic program from seed {seed}.\n");
    write(
        &out.join("content/about.md"),
        &format!("+++\ntitle = \"About\"\n+++\n\n{about}"),
    );
    let briefing_link = |p: &Post| format!("@/posts/{}.md", p.stem);
    let hugo_link = |p: &Post| format!("/posts/{}/", p.stem);
    (0..n).into_par_iter().for_each(|i| {
        let p = &posts[i];
        write(
            &out.join("content/posts").join(format!("{}.md", p.stem)),
            &format!(
                "{}{}",
                front(p, "summary", true),
                body(seed, i, &posts, &briefing_link)
            ),
        );
        if let Some(h) = hugo {
            write(
                &h.join("content/posts").join(format!("{}.md", p.stem)),
                &format!(
                    "{}{}",
                    front(p, "description", true),
                    body(seed, i, &posts, &hugo_link)
                ),
            );
        }
    });
    if let Some(h) = hugo {
        write_hugo_skeleton(
            h,
            &format!("--plain --seed {seed} --pages {n}"),
            "plain",
            &title,
        );
        let c = h.join("content");
        let hugo_home = home
            .replace("(@/posts)", "(/posts/)")
            .replace("(@/tags)", "(/tags/)");
        write(
            &c.join("_index.md"),
            &format!("+++\ntitle = {title:?}\n+++\n\n{hugo_home}"),
        );
        write(
            &c.join("about.md"),
            &format!("+++\ntitle = \"About\"\n+++\n\n{about}"),
        );
        write(&c.join("posts/_index.md"), "+++\ntitle = \"Posts\"\n+++\n");
    }
    let zh = posts.iter().filter(|p| p.chinese).count();
    Ok(format!(
        "plain corpus: seed {seed}: {n} posts ({zh} in Chinese), {n_tags} tags → {}{}",
        out.display(),
        hugo.map_or(String::new(), |h| format!(" and Hugo site {}", h.display()))
    ))
}
