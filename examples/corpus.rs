//! Deterministic benchmark corpus: a complete briefing site of N pages, and
//! optionally the same text as a plain Hugo site.
//!
//! ```text
//! cargo run --release --example corpus -- [--plain] --seed 42 --pages 1000 --out DIR [--hugo DIR]
//! ```
//!
//! What it writes to `--out` (a folder that does not exist, is empty, or was
//! written by this generator before; it is replaced):
//!
//! - `briefing.toml` (with a `base_url`, so feeds and the sitemap are written);
//! - N/10 sources `seeds/NNNNN_<hash>.txt` with sidecars: mixed Chinese and
//!   English paragraphs of varied length, wrapped in web-capture furniture that
//!   the sidecar's cleaning rules strip (`rulesets = ["netease-hao"]`, or
//!   `[clean] start_after / end_before / drop_lines`), or journal abstracts
//!   with labels and a dropped "展开更多" line;
//! - N pages: one summary per source and N − N/10 briefs of ~1,500 words of
//!   English with Chinese terms, headings, lists, callouts, tables and
//!   footnotes, 5–10 citations whose quotes are copied verbatim from the
//!   sources (each unique within its source) and 3–5 internal links;
//! - a translation of each source's blocks that are not in English
//!   (`content/translations/<slug>.toml`, generated English text);
//! - N/10 timeline events with dates of every precision, some approximate,
//!   some inferred; a glossary of a few hundred terms with Chinese and English
//!   aliases (unique ignoring case); tags; a home and an about page.
//!
//! With `--plain` it writes a plain corpus instead (see [`plain`]): N blog
//! posts in English and Chinese with tags in both languages, no seeds,
//! citations, glossary or events.
//!
//! With `--hugo DIR` it also writes the same text as a Hugo site (`hugo.toml`,
//! minimal layouts: base, home, section, page, taxonomy, term), citations
//! rendered as plain links to the source pages, so both tools build the same
//! text. The output depends only on `--seed` and `--pages`: the same arguments
//! give byte-identical files (a splitmix64 generator per item, so the pages can
//! be written in parallel).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;
use regex::Regex;

#[path = "corpus/plain.rs"]
mod plain;

// ---------------------------------------------------------------------------
// Random numbers

/// splitmix64: tiny, fast and good enough for text generation.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    /// An independent stream for item `index` of stream `kind`.
    fn for_item(seed: u64, kind: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ kind.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next();
        r.0 ^= index.wrapping_mul(0xE703_7ED1_A0B4_28DB);
        r.next();
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((self.next() >> 11) % n as u64) as usize
    }
    /// lo..=hi.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
    /// Skewed towards small indices (a few popular items, a long tail).
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * n as f64) as usize).min(n - 1)
    }
    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
    /// `k` distinct indices of 0..n, sorted.
    fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let k = k.min(n);
        let mut set = BTreeSet::new();
        while set.len() < k {
            set.insert(self.below(n));
        }
        set.into_iter().collect()
    }
}

const K_GLOSSARY: u64 = 1;
const K_SOURCE: u64 = 2;
const K_META: u64 = 3;
const K_PAGE: u64 = 4;
const K_EVENT: u64 = 5;
const K_TAGS: u64 = 6;
const K_DEF: u64 = 7;
const K_TRANSLATION: u64 = 8;

// ---------------------------------------------------------------------------
// Word lists

const ZH_ADVERB: &[&str] = &[
    "近年来",
    "与此同时",
    "长期以来",
    "此外",
    "据报道",
    "在此背景下",
    "从长远看",
    "总体而言",
    "值得注意的是",
    "截至目前",
    "去年以来",
    "从数据看",
    "在政策层面",
    "在市场层面",
    "事实上",
];
const ZH_SUBJ: &[&str] = &[
    "美国政府",
    "拜登政府",
    "特朗普政府",
    "美国国会",
    "美国商务部",
    "美国能源部",
    "美国国防部",
    "欧盟委员会",
    "日本经济产业省",
    "澳大利亚政府",
    "加拿大政府",
    "韩国企业",
    "印尼政府",
    "多家矿业公司",
    "西方盟友",
    "七国集团",
    "部分发展中国家",
    "国际投资机构",
    "中国企业",
    "中国商务部",
];
const ZH_VERB: &[&str] = &[
    "推动", "加快", "布局", "限制", "扩大", "加强", "调整", "审查", "支持", "投资", "签署", "启动",
    "宣布", "提出", "强化", "完善", "收紧", "放宽", "评估", "整合",
];
const ZH_OBJ: &[&str] = &[
    "稀土供应链",
    "关键矿产开发",
    "锂电池产业链",
    "中游精炼产能",
    "出口管制措施",
    "战略储备计划",
    "海外采矿项目",
    "稀土分离技术",
    "永磁材料生产",
    "镓锗出口许可",
    "产业补贴政策",
    "项目融资机制",
    "多边合作框架",
    "价格下限机制",
    "供应链韧性建设",
    "回收利用体系",
    "下游制造环节",
    "矿产勘探活动",
    "长期包销协议",
    "环境审查程序",
];
const ZH_TAIL: &[&str] = &[
    "其战略意图十分明显",
    "其实际效果仍有待观察",
    "这一动向引发各方关注",
    "但面临诸多不确定性",
    "以降低对单一来源的依赖",
    "试图重塑全球市场格局",
    "短期内难以见效",
    "成本压力随之上升",
    "相关谈判仍在进行",
    "各方立场分歧明显",
    "市场对此反应谨慎",
    "这将深刻影响产业布局",
];
const ZH_HEADLINE: &[&str] = &[
    "多管齐下的战略围堵",
    "组建产业联盟",
    "拓展矿产开采来源",
    "重塑加工环节",
    "价格与市场",
    "盟友体系的分工",
    "中方的应对",
    "前景与挑战",
    "融资与补贴",
    "技术与标准",
];

const EN_SUBJ: &[&str] = &[
    "The administration",
    "Washington",
    "Beijing",
    "The European Commission",
    "Allied governments",
    "The Department of Energy",
    "Industry groups",
    "Analysts in Tokyo",
    "The commentary",
    "The column",
    "Investors",
    "Regulators",
    "Lawmakers",
    "Canberra",
    "Ottawa",
    "Seoul",
    "The Pentagon",
    "Carmakers",
    "Magnet producers",
    "Mining firms",
];
const EN_VERB: &[&str] = &[
    "expanded",
    "announced",
    "restricted",
    "financed",
    "reviewed",
    "accelerated",
    "questioned",
    "proposed",
    "reported",
    "targeted",
    "supported",
    "delayed",
    "tightened",
    "relaxed",
    "extended",
    "audited",
    "planned",
    "criticised",
    "welcomed",
    "funded",
];
const EN_OBJ: &[&str] = &[
    "new processing capacity",
    "a price floor for rare-earth oxides",
    "export licences for gallium",
    "strategic stockpiles",
    "domestic magnet production",
    "the refining gap",
    "long-term offtake agreements",
    "permits for new mines",
    "recycling programmes",
    "loan guarantees for smelters",
    "joint research on separation",
    "tariffs on battery materials",
    "a list of critical minerals",
    "investment screening rules",
    "grants for pilot plants",
    "purchases for the defence stockpile",
    "standards for responsible sourcing",
    "subsidies for cathode makers",
    "environmental reviews of mines",
    "the supply of permanent magnets",
];
const EN_TAIL: &[&str] = &[
    "which the sources read as a shift in strategy",
    "although the effect remains unclear",
    "a step that critics called symbolic",
    "while prices kept falling",
    "as demand from carmakers grew",
    "which raised costs for downstream firms",
    "and the sources disagree on why",
    "a move welcomed by the mining lobby",
    "though funding lagged behind the plans",
    "which Chinese authors describe as containment",
];
const EN_CITY: &[&str] = &[
    "Toronto", "Leuven", "Busan", "Canberra", "Ottawa", "Jakarta", "Santiago", "Nairobi", "Oslo",
    "Seoul", "Brasilia", "Hanoi", "Lima", "Geneva", "Perth",
];
const PAGE_HEADINGS: &[&str] = &[
    "Background",
    "Key measures",
    "Financing",
    "Trade and tariffs",
    "Partners and allies",
    "Processing and refining",
    "Prices and markets",
    "Risks",
    "What the sources disagree on",
    "Outlook",
    "Chinese responses",
    "Industry reactions",
    "Legal questions",
    "Numbers at a glance",
    "Open questions",
    "Sequence of moves",
];
const TAG_A: &[&str] = &[
    "export",
    "lithium",
    "battery",
    "magnet",
    "mining",
    "refining",
    "finance",
    "trade",
    "alliance",
    "stockpile",
    "recycling",
    "permit",
    "tariff",
    "investment",
    "processing",
    "security",
    "diplomacy",
    "technology",
    "labour",
    "environment",
    "pricing",
    "shipping",
    "defence",
    "energy",
];
const TAG_B: &[&str] = &[
    "controls",
    "policy",
    "deals",
    "outlook",
    "risks",
    "capacity",
    "markets",
    "standards",
    "research",
    "prices",
    "law",
    "subsidies",
];

// ---------------------------------------------------------------------------
// Glossary

#[derive(Clone)]
struct Term {
    id: String,
    name: String,
    zh: String,
    kind: &'static str,
    aliases: Vec<String>,
    definition: String,
}

const COUNTRIES: &[(&str, &str, &[&str])] = &[
    ("United States", "美国", &["US", "USA"]),
    ("China", "中国", &["PRC"]),
    ("Japan", "日本", &[]),
    ("South Korea", "韩国", &["ROK"]),
    ("Australia", "澳大利亚", &[]),
    ("Canada", "加拿大", &[]),
    ("European Union", "欧盟", &["EU"]),
    ("India", "印度", &[]),
    ("Brazil", "巴西", &[]),
    ("Indonesia", "印度尼西亚", &["印尼"]),
    ("Vietnam", "越南", &[]),
    ("Malaysia", "马来西亚", &[]),
    ("Thailand", "泰国", &[]),
    ("Chile", "智利", &[]),
    ("Peru", "秘鲁", &[]),
    ("Argentina", "阿根廷", &[]),
    ("Mongolia", "蒙古", &[]),
    ("Greenland", "格陵兰", &[]),
    ("Ukraine", "乌克兰", &[]),
    ("Kazakhstan", "哈萨克斯坦", &[]),
    ("Democratic Republic of the Congo", "刚果(金)", &["DRC"]),
    ("South Africa", "南非", &[]),
    ("Namibia", "纳米比亚", &[]),
    ("Norway", "挪威", &[]),
    ("Germany", "德国", &[]),
    ("France", "法国", &[]),
    ("United Kingdom", "英国", &["UK"]),
    ("Philippines", "菲律宾", &[]),
    ("Saudi Arabia", "沙特阿拉伯", &["沙特"]),
    ("Myanmar", "缅甸", &[]),
];
const MINERALS: &[(&str, &str, &[&str])] = &[
    ("rare earths", "稀土", &["rare earth", "rare-earth"]),
    ("lithium", "锂资源", &[]),
    ("cobalt", "钴资源", &[]),
    ("nickel", "镍资源", &[]),
    ("graphite", "石墨", &[]),
    ("gallium", "金属镓", &[]),
    ("germanium", "金属锗", &[]),
    ("antimony", "金属锑", &[]),
    ("tungsten", "钨矿", &[]),
    ("dysprosium", "镝元素", &[]),
    ("terbium", "铽元素", &[]),
    ("neodymium", "钕元素", &[]),
    ("praseodymium", "镨元素", &[]),
    ("yttrium", "钇元素", &[]),
    ("scandium", "钪元素", &[]),
    ("manganese", "锰矿", &[]),
    ("vanadium", "钒矿", &[]),
    ("tantalum", "钽矿", &[]),
    ("niobium", "铌矿", &[]),
    ("copper", "铜矿", &[]),
    ("uranium", "铀矿", &[]),
    ("platinum-group metals", "铂族金属", &["PGMs"]),
    ("magnesium", "镁资源", &[]),
    ("titanium", "钛资源", &[]),
];
const CONCEPTS: &[(&str, &str, &[&str])] = &[
    ("friend-shoring", "友岸外包", &["friendshoring"]),
    ("resource nationalism", "资源民族主义", &[]),
    ("price floor", "价格下限", &[]),
    ("offtake agreement", "包销协议", &["offtake agreements"]),
    ("supply-chain resilience", "供应链韧性", &[]),
    ("export controls", "出口管制", &["export control"]),
    ("stockpiling", "战略储备", &[]),
    ("de-risking", "去风险化", &[]),
    ("decoupling", "脱钩", &[]),
    ("onshoring", "回岸", &["reshoring"]),
    ("securitization", "安全化", &["securitisation"]),
    ("processing capacity", "加工产能", &[]),
    ("magnet recycling", "磁体回收", &[]),
    ("separation technology", "分离技术", &[]),
    ("critical minerals", "关键矿产", &["critical mineral"]),
    ("resource trap", "资源陷阱", &[]),
    ("industrial policy", "产业政策", &[]),
    ("green transition", "绿色转型", &[]),
    ("value chain", "价值链", &[]),
    ("non-market practices", "非市场做法", &[]),
];
const PLACES: &[(&str, &str)] = &[
    ("Northern", "北方"),
    ("Pacific", "太平洋"),
    ("Great Lakes", "五大湖"),
    ("Summit", "峰顶"),
    ("Red River", "红河"),
    ("Silver Bay", "银湾"),
    ("Eastern", "东方"),
    ("Coastal", "沿海"),
    ("Highland", "高地"),
    ("Golden Plain", "金平原"),
    ("Prairie", "草原"),
    ("Harbour", "海港"),
    ("Meridian", "子午"),
    ("Southern Cross", "南十字"),
    ("Frontier", "边疆"),
    ("Aurora", "极光"),
    ("Granite", "花岗"),
    ("Sierra", "山脉"),
    ("Delta", "三角洲"),
    ("Horizon", "地平线"),
];
const METALS: &[(&str, &str)] = &[
    ("Lithium", "锂业"),
    ("Rare Earth", "稀土"),
    ("Cobalt", "钴业"),
    ("Nickel", "镍业"),
    ("Magnet", "磁材"),
    ("Graphite", "石墨"),
    ("Metals", "金属"),
    ("Minerals", "矿业"),
    ("Battery", "电池"),
    ("Tungsten", "钨业"),
];
const CO_SUFFIX: &[(&str, &str)] = &[
    ("Corporation", "公司"),
    ("Group", "集团"),
    ("Resources", "资源公司"),
    ("Holdings", "控股"),
];
const GIVEN: &[(&str, &str)] = &[
    ("Alice", "艾丽斯"),
    ("David", "戴维"),
    ("Maria", "玛丽亚"),
    ("James", "詹姆斯"),
    ("Laura", "劳拉"),
    ("Peter", "彼得"),
    ("Helen", "海伦"),
    ("Thomas", "托马斯"),
    ("Sarah", "萨拉"),
    ("Daniel", "丹尼尔"),
    ("Emma", "埃玛"),
    ("Robert", "罗伯特"),
    ("Julia", "朱莉娅"),
    ("Martin", "马丁"),
    ("Nora", "诺拉"),
    ("Victor", "维克托"),
];
const SURNAME: &[(&str, &str)] = &[
    ("Harmon", "哈蒙"),
    ("Whitfield", "惠特菲尔德"),
    ("Castillo", "卡斯蒂略"),
    ("Brennan", "布伦南"),
    ("Okafor", "奥卡福"),
    ("Lindqvist", "林德奎斯特"),
    ("Moreau", "莫罗"),
    ("Tanaka", "田中"),
    ("Kowalski", "科瓦尔斯基"),
    ("Delgado", "德尔加多"),
    ("Fairbanks", "费尔班克斯"),
    ("Novak", "诺瓦克"),
    ("Sorensen", "索伦森"),
    ("Abernathy", "阿伯内西"),
    ("Quinlan", "昆兰"),
    ("Rasmussen", "拉斯穆森"),
];
const REGIONS: &[(&str, &str)] = &[
    ("Atlantic", "大西洋"),
    ("Indo-Pacific", "印太"),
    ("Andean", "安第斯"),
    ("Nordic", "北欧"),
    ("Pacific Rim", "环太平洋"),
    ("Southern African", "南部非洲"),
    ("Mekong", "湄公河"),
    ("Arctic", "北极"),
    ("Gulf", "海湾"),
    ("Baltic", "波罗的海"),
    ("Central Asian", "中亚"),
    ("Caribbean", "加勒比"),
];
const ORG_TOPIC: &[(&str, &str)] = &[
    ("Minerals", "矿产"),
    ("Battery", "电池"),
    ("Magnet", "磁材"),
    ("Mining", "采矿"),
    ("Refining", "精炼"),
    ("Metals", "金属"),
    ("Supply Chain", "供应链"),
    ("Resources", "资源"),
];
const ORG_BODY: &[(&str, &str)] = &[
    ("Council", "理事会"),
    ("Forum", "论坛"),
    ("Partnership", "伙伴关系"),
    ("Agency", "署"),
    ("Initiative", "倡议"),
    ("Commission", "委员会"),
];
const SITES: &[(&str, &str)] = &[
    ("Eagle Creek", "鹰溪"),
    ("Stone Ridge", "石岭"),
    ("Blue Lake", "蓝湖"),
    ("Cedar Hill", "雪松山"),
    ("Iron Valley", "铁谷"),
    ("Copper Flat", "铜滩"),
    ("White Mountain", "白山"),
    ("Black Rock", "黑岩"),
    ("Sand Point", "沙角"),
    ("Red Mesa", "红台地"),
    ("Bear Lodge", "熊屋"),
    ("Mount Hollis", "霍利斯山"),
    ("Kings Reef", "国王礁"),
    ("Salt Flats", "盐滩"),
];
const POLICY_TOPIC: &[(&str, &str)] = &[
    ("Critical Minerals Security", "关键矿产安全"),
    ("Battery Supply", "电池供应"),
    ("Rare Earth Independence", "稀土独立"),
    ("Mining Permit Reform", "采矿许可改革"),
    ("Strategic Stockpile", "战略储备"),
    ("Clean Energy Materials", "清洁能源材料"),
    ("Domestic Processing", "国内加工"),
    ("Allied Sourcing", "盟友采购"),
];
const POLICY_TYPE: &[(&str, &str)] = &[
    ("Act", "法案"),
    ("Executive Order", "行政令"),
    ("Strategy", "战略"),
    ("Rule", "规则"),
    ("Action Plan", "行动计划"),
];
const EVENT_CITY: &[(&str, &str)] = &[
    ("Toronto", "多伦多"),
    ("Leuven", "鲁汶"),
    ("Busan", "釜山"),
    ("Canberra", "堪培拉"),
    ("Ottawa", "渥太华"),
    ("Jakarta", "雅加达"),
    ("Santiago", "圣地亚哥"),
    ("Nairobi", "内罗毕"),
    ("Oslo", "奥斯陆"),
    ("Seoul", "首尔"),
    ("Geneva", "日内瓦"),
    ("Perth", "珀斯"),
];

fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// A generated term: name, Chinese name, kind, aliases.
type Candidate = (String, String, &'static str, Vec<String>);

/// Terms without definitions (those come once the sources exist).
fn glossary_names(seed: u64, count: usize) -> Vec<Term> {
    let mut rng = Rng::for_item(seed, K_GLOSSARY, 0);
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    let mut terms: Vec<Term> = Vec::new();
    let mut add = |terms: &mut Vec<Term>,
                   name: String,
                   zh: String,
                   kind: &'static str,
                   aliases: Vec<String>| {
        let mut all = vec![name.clone()];
        if !zh.is_empty() {
            all.push(zh.clone());
        }
        all.extend(aliases.iter().cloned());
        // The name and Chinese name must be free; aliases that are taken are dropped.
        if all[..if zh.is_empty() { 1 } else { 2 }]
            .iter()
            .any(|a| taken.contains(&a.to_lowercase()))
        {
            return false;
        }
        let aliases: Vec<String> = aliases
            .into_iter()
            .filter(|a| !taken.contains(&a.to_lowercase()) && *a != name && *a != zh)
            .collect();
        taken.insert(name.to_lowercase());
        if !zh.is_empty() {
            taken.insert(zh.to_lowercase());
        }
        for a in &aliases {
            taken.insert(a.to_lowercase());
        }
        let mut id = slugify(&name);
        if ids.contains(&id) {
            id = format!("{id}-{}", terms.len());
        }
        ids.insert(id.clone());
        terms.push(Term {
            id,
            name,
            zh,
            kind,
            aliases,
            definition: String::new(),
        });
        true
    };
    let fixed = |list: &[(&str, &str, &[&str])]| -> Vec<(String, String, Vec<String>)> {
        list.iter()
            .map(|(n, z, a)| {
                (
                    n.to_string(),
                    z.to_string(),
                    a.iter().map(|s| s.to_string()).collect(),
                )
            })
            .collect()
    };
    for (n, z, a) in fixed(COUNTRIES) {
        add(&mut terms, n, z, "country", a);
    }
    for (n, z, a) in fixed(MINERALS) {
        add(&mut terms, n, z, "mineral", a);
    }
    for (n, z, a) in fixed(CONCEPTS) {
        add(&mut terms, n, z, "concept", a);
    }
    // Generated pools, shuffled, taken round-robin.
    let mut pools: Vec<Vec<Candidate>> = Vec::new();
    let mut companies = Vec::new();
    for (p, pz) in PLACES {
        for (m, mz) in METALS {
            let (s, sz) = CO_SUFFIX[(p.len() + m.len()) % CO_SUFFIX.len()];
            companies.push((
                format!("{p} {m} {s}"),
                format!("{pz}{mz}{sz}"),
                "company",
                vec![format!("{p} {m}")],
            ));
        }
    }
    pools.push(companies);
    let mut people = Vec::new();
    for (g, gz) in GIVEN {
        for (s, sz) in SURNAME {
            people.push((format!("{g} {s}"), format!("{gz}·{sz}"), "person", vec![]));
        }
    }
    pools.push(people);
    let mut orgs = Vec::new();
    for (r, rz) in REGIONS {
        for (t, tz) in ORG_TOPIC {
            for (b, bz) in ORG_BODY {
                let acronym: String = format!("{r} {t} {b}")
                    .split([' ', '-'])
                    .filter_map(|w| w.chars().next())
                    .collect();
                orgs.push((
                    format!("{r} {t} {b}"),
                    format!("{rz}{tz}{bz}"),
                    "organisation",
                    vec![acronym],
                ));
            }
        }
    }
    pools.push(orgs);
    let mut projects = Vec::new();
    for (s, sz) in SITES {
        for (m, mz) in METALS {
            projects.push((
                format!("{s} {m} Project"),
                format!("{sz}{mz}项目"),
                "project",
                vec![],
            ));
        }
    }
    pools.push(projects);
    let mut policies = Vec::new();
    for (t, tz) in POLICY_TOPIC {
        for (k, kz) in POLICY_TYPE {
            for y in 2017..=2026 {
                policies.push((
                    format!("{t} {k} of {y}"),
                    format!("{y}年{tz}{kz}"),
                    "policy",
                    vec![],
                ));
            }
        }
    }
    pools.push(policies);
    let mut events = Vec::new();
    for (c, cz) in EVENT_CITY {
        for y in 2017..=2026 {
            events.push((
                format!("{c} Minerals Summit {y}"),
                format!("{y}年{cz}矿产峰会"),
                "event",
                vec![],
            ));
        }
    }
    pools.push(events);
    for p in &mut pools {
        rng.shuffle(p);
    }
    let mut cursors = vec![0usize; pools.len()];
    'fill: while terms.len() < count {
        let mut progressed = false;
        for (pi, pool) in pools.iter().enumerate() {
            if terms.len() >= count {
                break 'fill;
            }
            while cursors[pi] < pool.len() {
                let (n, z, k, a) = pool[cursors[pi]].clone();
                cursors[pi] += 1;
                if add(&mut terms, n, z, k, a) {
                    progressed = true;
                    break;
                }
            }
        }
        if !progressed {
            break;
        }
    }
    terms
}

// ---------------------------------------------------------------------------
// Citations: the folding the build uses (src/model/citations.rs)

fn fold(s: &str) -> String {
    briefing::text::fold::fold(s)
}

// ---------------------------------------------------------------------------
// Sources

#[derive(Clone, Copy, PartialEq)]
enum Style {
    Netease,
    Web,
    Journal,
}

struct Source {
    stem: String,
    slug: String,
    title_zh: String,
    title_en: String,
    publisher: String,
    author: String,
    published: String,
    style: Style,
    /// The whole seed file.
    text: String,
    /// The article as the cleaning rules leave it (paragraph lines only), for Hugo.
    article: Vec<String>,
    /// Quotable passages, each found in exactly one line of the seed.
    quotes: Vec<String>,
}

fn zh_number(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => format!("{}.{}亿美元", rng.range(1, 480), rng.below(10)),
        1 => format!("{}年{}月", rng.range(2015, 2026), rng.range(1, 12)),
        2 => format!("{}.{}%", rng.range(1, 95), rng.below(10)),
        3 => format!("{}万吨", rng.range(2, 9000)),
        4 => format!("{}个项目", rng.range(2, 140)),
        _ => format!("{}家企业", rng.range(3, 400)),
    }
}

fn zh_sentence(rng: &mut Rng, terms: &[Term]) -> String {
    let t = &terms[rng.below(terms.len())].zh;
    let t = if t.is_empty() { "美国" } else { t.as_str() };
    let (subj, verb, obj, tail) = (
        rng.pick(ZH_SUBJ).to_string(),
        rng.pick(ZH_VERB).to_string(),
        rng.pick(ZH_OBJ).to_string(),
        rng.pick(ZH_TAIL).to_string(),
    );
    match rng.below(7) {
        0 => format!("{}，{subj}{verb}{obj}，{tail}。", rng.pick(ZH_ADVERB)),
        1 => format!(
            "{subj}计划在{}年前投入{}.{}亿美元，用于{verb}{obj}。",
            rng.range(2025, 2035),
            rng.range(1, 900),
            rng.below(10)
        ),
        2 => format!(
            "据{t}披露，{subj}已{verb}{}个与{obj}相关的项目。",
            rng.range(2, 80)
        ),
        3 => format!(
            "{t}的{obj}占全球总量的{}.{}%，{tail}。",
            rng.range(1, 90),
            rng.below(10)
        ),
        4 => format!(
            "{}年{}月{}日，{subj}与{t}就{obj}达成协议，涉及{}。",
            rng.range(2017, 2026),
            rng.range(1, 12),
            rng.range(1, 28),
            zh_number(rng)
        ),
        5 => format!(
            "{subj}认为，{obj}是{}的关键所在，{tail}。",
            rng.pick(ZH_OBJ)
        ),
        _ => format!(
            "{}，{subj}在“{t}”框架下{verb}{obj}，规模约为{}。",
            rng.pick(ZH_ADVERB),
            zh_number(rng)
        ),
    }
}

fn en_extra(rng: &mut Rng, terms: &[Term]) -> String {
    let t = &terms[rng.below(terms.len())];
    match rng.below(9) {
        0 => format!("in {}", rng.range(2017, 2026)),
        1 => format!("by {} percent", rng.range(2, 85)),
        2 => format!("worth US${} million", rng.range(5, 9000)),
        3 => format!("across {} projects", rng.range(2, 120)),
        4 => format!("within {} months", rng.range(2, 36)),
        5 => format!("after talks in {}", rng.pick(EN_CITY)),
        6 => format!("under pressure from {}", t.name),
        7 if !t.zh.is_empty() => format!("together with {} ({})", t.name, t.zh),
        _ => format!("despite objections from {}", t.name),
    }
}

/// An English sentence; returns it and its word count.
fn en_sentence(rng: &mut Rng, terms: &[Term]) -> String {
    let t = &terms[rng.below(terms.len())];
    let subj = *rng.pick(EN_SUBJ);
    let verb = *rng.pick(EN_VERB);
    let obj = *rng.pick(EN_OBJ);
    match rng.below(6) {
        0 => format!("{subj} {verb} {obj} {}.", en_extra(rng, terms)),
        1 => format!(
            "{subj} {verb} {obj} {}, {}.",
            en_extra(rng, terms),
            rng.pick(EN_TAIL)
        ),
        2 => format!(
            "According to {}, {} {verb} {obj}.",
            t.name,
            lower_first(subj)
        ),
        3 if !t.zh.is_empty() => format!(
            "{} ({}) {verb} {obj} {}.",
            upper_first(&t.name),
            t.zh,
            en_extra(rng, terms)
        ),
        4 => format!(
            "The role of {} in {obj} grew {}, {}.",
            t.name,
            en_extra(rng, terms),
            rng.pick(EN_TAIL)
        ),
        _ => format!(
            "{subj} {verb} {obj} and {} {}.",
            rng.pick(EN_OBJ),
            en_extra(rng, terms)
        ),
    }
}

/// A sentence subject inside a sentence: "The column" → "the column",
/// "Investors" → "investors", place names kept.
fn lower_first(s: &str) -> String {
    if let Some(rest) = s.strip_prefix("The ") {
        format!("the {rest}")
    } else if ["Washington", "Beijing", "Canberra", "Ottawa", "Seoul"].contains(&s) {
        s.to_string()
    } else {
        let mut c = s.chars();
        c.next().map_or_else(String::new, |f| {
            f.to_lowercase().collect::<String>() + c.as_str()
        })
    }
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn paragraph(rng: &mut Rng, terms: &[Term], zh: bool, lo: usize, hi: usize) -> String {
    let n = rng.range(lo, hi);
    let mut p = String::new();
    for i in 0..n {
        if zh {
            p.push_str(&zh_sentence(rng, terms));
        } else {
            if i > 0 {
                p.push(' ');
            }
            p.push_str(&en_sentence(rng, terms));
        }
    }
    p
}

const NETEASE_ACCOUNTS: &[&str] = &[
    "九万里",
    "手里有读",
    "观察者说",
    "矿业观察",
    "大国博弈",
    "财经内参",
    "环球视野",
];
const WEB_PUBLISHERS: &[&str] = &[
    "国际问题研究中心",
    "战略与安全研究院",
    "资源经济研究所",
    "全球治理研究中心",
    "产业安全研究院",
];
const JOURNALS: &[&str] = &[
    "国际经济评论",
    "资源科学",
    "国际展望",
    "现代国际关系",
    "中国矿业",
];

fn make_source(seed: u64, i: usize, terms: &[Term]) -> Source {
    let mut rng = Rng::for_item(seed, K_SOURCE, i as u64);
    let style = match rng.below(10) {
        0..=3 => Style::Netease,
        4..=7 => Style::Web,
        _ => Style::Journal,
    };
    let t1 = &terms[rng.below(terms.len())];
    let obj = *rng.pick(ZH_OBJ);
    let title_zh = format!(
        "{}{}{}：{}",
        if t1.zh.is_empty() { "美国" } else { &t1.zh },
        rng.pick(ZH_VERB),
        obj,
        rng.pick(ZH_TAIL)
    );
    let title_en = format!(
        "{} and {} (source {})",
        upper_first(&t1.name),
        rng.pick(EN_OBJ),
        i + 1
    );
    let slug = format!("{}-{}", slugify(&t1.name), i + 1);
    let stem = format!("{:05}_{:016x}", i, rng.next());
    let published = match rng.below(4) {
        0 => "unknown".to_string(),
        1 => format!("{}", rng.range(2018, 2026)),
        2 => format!("{}-{:02}", rng.range(2018, 2026), rng.range(1, 12)),
        _ => format!(
            "{}-{:02}-{:02}",
            rng.range(2018, 2026),
            rng.range(1, 12),
            rng.range(1, 28)
        ),
    };
    // The article: paragraphs of varied length, some English, a few headings and captions.
    let mut article: Vec<String> = Vec::new(); // paragraph lines (what Hugo gets)
    let mut body: Vec<String> = Vec::new(); // lines with blank lines and furniture inside
    let paras = match style {
        Style::Journal => 0,
        _ => rng.range(18, 45),
    };
    let mut drops = 0;
    for k in 0..paras {
        if k > 2 && rng.chance(0.08) {
            let h = rng.pick(ZH_HEADLINE).to_string();
            if !article.contains(&h) {
                body.push(h.clone());
                body.push(String::new());
                article.push(h);
            }
        }
        let english = rng.chance(0.15);
        let p = if english {
            paragraph(&mut rng, terms, false, 2, 6)
        } else if rng.chance(0.2) {
            paragraph(&mut rng, terms, true, 1, 2)
        } else {
            paragraph(&mut rng, terms, true, 2, 8)
        };
        body.push(p.clone());
        body.push(String::new());
        article.push(p);
        if style == Style::Web && (rng.chance(0.07) || (k == paras / 2 && drops == 0)) {
            body.push("点击查看大图".to_string());
            body.push(String::new());
            drops += 1;
        }
        if rng.chance(0.05) {
            let (s, sz) = *rng.pick(SITES);
            let cap = format!("{sz}附近的一处矿区，摄于{}年。", rng.range(2015, 2026));
            let _ = s;
            body.push(String::new());
            body.push(cap.clone());
            body.push(String::new());
            article.push(cap);
        }
    }
    let mut text = String::new();
    let (publisher, author);
    match style {
        Style::Netease => {
            let acct = *rng.pick(NETEASE_ACCOUNTS);
            publisher = format!("NetEase Hao (网易号), self-media account {acct}");
            author = format!("{acct} (account name)");
            let _ = write!(
                text,
                "网易首页 > 网易号 > 正文 申请入驻\n\n{title_zh}\n\n{}\n分享至\n\n",
                rng.below(500)
            );
            for l in &body {
                text.push_str(l);
                text.push('\n');
            }
            text.push_str("特别声明:以上内容(包括在内的视频、图片或音频)为自媒体平台“网易号”用户上传并发布,本平台仅提供信息存储服务。\n\n");
            text.push_str("Notice: The content above (including the videos, pictures and audios if any) is uploaded and posted by a user of NetEase Hao, which is a social media platform and only provides information storage services.\n\n相关推荐\n热点推荐\n");
            for _ in 0..rng.range(8, 30) {
                let h = format!(
                    "{}{}{}，{}",
                    rng.pick(ZH_SUBJ),
                    rng.pick(ZH_VERB),
                    rng.pick(ZH_OBJ),
                    rng.pick(ZH_TAIL)
                );
                let _ = write!(
                    text,
                    "{h}\n\n{h}\n\n{}\n{}-{:02}-{:02} {:02}:{:02}:{:02}\n",
                    rng.pick(NETEASE_ACCOUNTS),
                    rng.range(2024, 2026),
                    rng.range(1, 12),
                    rng.range(1, 28),
                    rng.below(24),
                    rng.below(60),
                    rng.below(60)
                );
            }
            let _ = write!(
                text,
                "{acct}\n{}文章数 {}关注度\n往期回顾 全部\n\n头条要闻\n\n无障碍浏览 进入关怀版\n",
                rng.range(10, 900),
                rng.range(100, 90000)
            );
        }
        Style::Web => {
            publisher = rng.pick(WEB_PUBLISHERS).to_string();
            author = format!(
                "{}{}",
                rng.pick(&["王", "李", "张", "刘", "陈", "杨", "赵", "黄"]),
                rng.pick(&["明", "华", "强", "丽", "静", "磊", "洋", "欣"])
            );
            let _ = write!(
                text,
                "首页 | 研究 | 观点 | 数据 | 关于我们\n当前位置:首页 > 研究 > 正文\n\n{title_zh}\n\n发布时间:{}  来源:{publisher}  作者:{author}\n【字体:大 中 小】 打印本页\n\n",
                published
            );
            for l in &body {
                text.push_str(l);
                text.push('\n');
            }
            let _ = write!(
                text,
                "责任编辑:{}\n上一篇:{}{}\n下一篇:{}{}\n版权所有 © {publisher} 备案号 {:08}\n",
                author,
                rng.pick(ZH_SUBJ),
                rng.pick(ZH_OBJ),
                rng.pick(ZH_SUBJ),
                rng.pick(ZH_OBJ),
                rng.next() % 100_000_000
            );
        }
        Style::Journal => {
            publisher = rng.pick(JOURNALS).to_string();
            author = format!("{} et al.", rng.pick(SURNAME).0);
            let zh_abs = paragraph(&mut rng, terms, true, 5, 9);
            let en_abs = paragraph(&mut rng, terms, false, 5, 9);
            let kw_zh: Vec<&str> = (0..4).map(|_| *rng.pick(ZH_OBJ)).collect();
            let kw_en: Vec<&str> = (0..4).map(|_| *rng.pick(EN_OBJ)).collect();
            let fund = format!(
                "国家社会科学基金项目({}ZDA{:03})",
                rng.range(18, 25),
                rng.below(1000)
            );
            let _ = write!(
                text,
                "{}…展开更多\n\n摘要\n{zh_abs}\n\nAbstract\n{en_abs}\n\n关键词\n{}\n\nKey words\n{}\n\n基金\n{fund}\n",
                &zh_abs.chars().take(40).collect::<String>(),
                kw_zh.join("；"),
                kw_en.join("; ")
            );
            article.push(zh_abs);
            article.push(en_abs);
        }
    }
    // Quotes: clauses and sentences of the article's paragraphs, kept only if
    // their folded form is in exactly one line of the whole seed.
    let folded_lines: Vec<String> = text.lines().map(fold).collect();
    let mut quotes: Vec<String> = Vec::new();
    let mut seen = BTreeSet::new();
    for p in &article {
        let han = p.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
        let pieces: Vec<&str> = if han {
            p.split(['，', '。']).collect()
        } else {
            p.split([',', '.']).collect()
        };
        for piece in pieces {
            let q = piece.trim();
            let n = q.chars().count();
            let ok_len = if han {
                (8..=40).contains(&n)
            } else {
                (25..=110).contains(&n)
            };
            if !ok_len || q.contains(['"', '\\', '&', '[', ']', '<', '>', '`', '*', '_']) {
                continue;
            }
            let f = fold(q);
            if folded_lines.iter().filter(|l| l.contains(&f)).count() == 1 && seen.insert(f) {
                quotes.push(q.to_string());
            }
        }
    }
    Source {
        stem,
        slug,
        title_zh,
        title_en,
        publisher,
        author,
        published,
        style,
        text,
        article,
        quotes,
    }
}

/// The site's cleaning rule sets (in its briefing.toml), which the sidecars name.
const RULESETS: &str =
    "\n[rulesets.netease-hao]\nstart_after = \"分享至\"\nend_before = \"特别声明:以上内容\"\n";

/// The translation file of source `s`: each block the build finds that is
/// not in English, with generated English text.
fn translation(seed: u64, i: usize, s: &Source, terms: &[Term]) -> String {
    let seed_path = PathBuf::from(format!("seeds/{}.txt", s.stem));
    let sidecar_path = PathBuf::from(format!("seeds/{}.toml", s.stem));
    let side = sidecar(s);
    let Ok(config) = briefing::config::Config::parse(RULESETS, Path::new("briefing.toml")) else {
        return String::new();
    };
    let input = briefing::sources::SeedInput {
        path: &seed_path,
        bytes: s.text.as_bytes(),
        sidecar: Some((&sidecar_path, &side)),
        rulesets: &config.rulesets,
    };
    let mut diags = briefing::diag::Diagnostics::new();
    let Some(source) = briefing::sources::load(&input, &mut diags) else {
        return String::new();
    };
    let scaffold = briefing::scaffold::translation_scaffold(&source, "en");
    let mut rng = Rng::for_item(seed, K_TRANSLATION, i as u64);
    let mut out = String::with_capacity(scaffold.len() * 2);
    for line in scaffold.lines() {
        if line == "text = \"\"" {
            let n = rng.range(1, 4);
            let text: Vec<String> = (0..n).map(|_| en_sentence(&mut rng, terms)).collect();
            let _ = writeln!(out, "text = {}", toml::Value::String(text.join(" ")));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn sidecar(s: &Source) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "# Generated benchmark source ({}).",
        match s.style {
            Style::Netease => "NetEase Hao page with its furniture",
            Style::Web => "think-tank web page with its furniture",
            Style::Journal => "journal abstract with labels",
        }
    );
    let _ = writeln!(t, "slug = {:?}", s.slug);
    if s.style != Style::Journal {
        let _ = writeln!(t, "title = {:?}", s.title_zh);
    }
    let _ = writeln!(t, "title_en = {:?}", s.title_en);
    let _ = writeln!(t, "publisher = {:?}", s.publisher);
    let _ = writeln!(t, "author = {:?}", s.author);
    let _ = writeln!(
        t,
        "kind = {:?}",
        match s.style {
            Style::Netease => "news commentary",
            Style::Web => "think-tank column",
            Style::Journal => "journal abstract",
        }
    );
    let _ = writeln!(t, "published = {:?}", s.published);
    let _ = writeln!(
        t,
        "language = {}",
        if s.style == Style::Journal {
            "[\"zh-Hans\", \"en\"]"
        } else {
            "[\"zh-Hans\"]"
        }
    );
    let _ = writeln!(t, "url = \"https://example.org/sources/{}\"", s.slug);
    let _ = writeln!(
        t,
        "notes = \"Generated text for benchmarks; not a real source.\""
    );
    match s.style {
        Style::Netease => {
            let _ = writeln!(t, "rulesets = [\"netease-hao\"]");
        }
        Style::Web => {
            let _ = writeln!(t, "\n[clean]\nstart_after = \"【字体:大 中 小】\"\nend_before = \"责任编辑:\"\ndrop_lines = [\"^点击查看大图$\"]");
        }
        Style::Journal => {
            let _ = writeln!(t, "\n[clean]\ndrop_lines = [\"展开更多$\"]");
        }
    }
    t
}

// ---------------------------------------------------------------------------
// Pages

struct Meta {
    section: &'static str, // "briefs" or "summaries"
    slug: String,
    title: String,
    summary: String,
    date: Option<String>,
    tags: Vec<usize>,
    weight: Option<usize>,
    /// For summaries: the source index.
    source: Option<usize>,
}

fn page_date(rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => format!("{}", rng.range(2017, 2026)),
        1 => format!("{}-{:02}", rng.range(2017, 2026), rng.range(1, 12)),
        _ => format!(
            "{}-{:02}-{:02}",
            rng.range(2017, 2026),
            rng.range(1, 12),
            rng.range(1, 28)
        ),
    }
}

fn make_meta(
    seed: u64,
    i: usize,
    n_sources: usize,
    terms: &[Term],
    sources: &[Source],
    n_tags: usize,
) -> Meta {
    let mut rng = Rng::for_item(seed, K_META, i as u64);
    let summary_of = (i < n_sources).then_some(i);
    let t = &terms[rng.below(terms.len())];
    let obj = *rng.pick(EN_OBJ);
    let (section, slug, title) = match summary_of {
        Some(s) => (
            "summaries",
            sources[s].slug.clone(),
            format!("Summary: {}", sources[s].title_en),
        ),
        None => (
            "briefs",
            format!(
                "{}-{}",
                slugify(&format!("{} {}", t.name, obj))
                    .chars()
                    .take(60)
                    .collect::<String>()
                    .trim_end_matches('-'),
                i
            ),
            format!(
                "{} and {}: {}",
                upper_first(&t.name),
                obj,
                rng.pick(PAGE_HEADINGS).to_lowercase()
            ),
        ),
    };
    let summary = format!(
        "How {} shaped {} {}, as the sources tell it.",
        t.name,
        obj,
        en_extra(&mut rng, terms)
    );
    let date = rng.chance(0.7).then(|| page_date(&mut rng));
    let k = rng.range(2, 5);
    let mut tags = BTreeSet::new();
    while tags.len() < k.min(n_tags) {
        tags.insert(rng.skewed(n_tags));
    }
    let weight = rng.chance(0.2).then(|| rng.range(1, 100));
    Meta {
        section,
        slug,
        title,
        summary,
        date,
        tags: tags.into_iter().collect(),
        weight,
        source: summary_of,
    }
}

fn tag_names(seed: u64, count: usize) -> Vec<String> {
    let mut rng = Rng::for_item(seed, K_TAGS, 0);
    let mut all: Vec<String> = Vec::new();
    for a in TAG_A {
        for b in TAG_B {
            all.push(format!("{a}-{b}"));
        }
    }
    rng.shuffle(&mut all);
    let base = all.len();
    let mut out = Vec::with_capacity(count);
    for k in 0..count {
        if k < base {
            out.push(all[k].clone());
        } else {
            out.push(format!("{}-{}", all[k % base], k / base + 1));
        }
    }
    out
}

/// A citation into one of `srcs`: `[text](source:slug "quote")`.
fn citation(rng: &mut Rng, sources: &[Source], srcs: &[usize]) -> String {
    for _ in 0..20 {
        let s = &sources[*rng.pick(srcs)];
        if s.quotes.is_empty() {
            continue;
        }
        let q = rng.pick(&s.quotes);
        let text = if rng.chance(0.3) {
            *rng.pick(&["reported", "as noted", "per the source", "in its words"])
        } else {
            ""
        };
        return format!("[{text}](source:{} \"{q}\")", s.slug);
    }
    // Fall back to any source with quotes.
    let s = sources
        .iter()
        .find(|s| !s.quotes.is_empty())
        .expect("a source with quotes");
    format!("[](source:{} \"{}\")", s.slug, s.quotes[0])
}

enum Block {
    Heading(String),
    Para(Vec<String>),
    List(Vec<String>),
    Callout(&'static str, Vec<String>),
    Table(String),
}

fn page_body(seed: u64, i: usize, metas: &[Meta], terms: &[Term], sources: &[Source]) -> String {
    let mut rng = Rng::for_item(seed, K_PAGE, i as u64);
    let meta = &metas[i];
    let srcs: Vec<usize> = match meta.source {
        Some(s) => vec![s],
        None => {
            let k = rng.range(1, 3);
            rng.distinct(sources.len(), k)
        }
    };
    let target_words = rng.range(1400, 1600);
    let mut words = 0usize;
    let mut blocks: Vec<Block> = Vec::new();
    let sent = |rng: &mut Rng, words: &mut usize| {
        let s = en_sentence(rng, terms);
        *words += s.split_whitespace().count();
        s
    };
    // Lead.
    let mut lead = Vec::new();
    if let Some(s) = meta.source {
        lead.push(format!(
            "This summary covers [{}](@/sources/{}), a {} published by {}.",
            sources[s].title_en,
            sources[s].slug,
            match sources[s].style {
                Style::Netease => "news commentary",
                Style::Web => "think-tank column",
                Style::Journal => "journal abstract",
            },
            sources[s].publisher
        ));
    }
    for _ in 0..rng.range(3, 5) {
        lead.push(sent(&mut rng, &mut words));
    }
    blocks.push(Block::Para(lead));
    let mut headings: Vec<&str> = PAGE_HEADINGS.to_vec();
    rng.shuffle(&mut headings);
    let mut footnote = false;
    let mut h = 0;
    while words < target_words {
        blocks.push(Block::Heading(headings[h % headings.len()].to_string()));
        h += 1;
        for _ in 0..rng.range(2, 4) {
            let n = rng.range(3, 7);
            let p: Vec<String> = (0..n).map(|_| sent(&mut rng, &mut words)).collect();
            blocks.push(Block::Para(p));
        }
        if rng.chance(0.3) {
            let n = rng.range(3, 5);
            let items: Vec<String> = (0..n).map(|_| sent(&mut rng, &mut words)).collect();
            blocks.push(Block::List(items));
        }
        if rng.chance(0.12) {
            let kind = *rng.pick(&["NOTE", "WARNING", "TIP", "IMPORTANT", "CAUTION"]);
            let n = rng.range(1, 3);
            blocks.push(Block::Callout(
                kind,
                (0..n).map(|_| sent(&mut rng, &mut words)).collect(),
            ));
        }
        if rng.chance(0.1) {
            let mut t = String::from("| Year | Measure | Amount |\n|---|---|---|\n");
            for _ in 0..rng.range(3, 6) {
                let _ = writeln!(
                    t,
                    "| {} | {} | US${} million |",
                    rng.range(2017, 2026),
                    upper_first(rng.pick::<&str>(EN_OBJ)),
                    rng.range(5, 9000)
                );
                words += 6;
            }
            blocks.push(Block::Table(t));
        }
        if h > 12 {
            break;
        }
    }
    // Citations (5–10) and internal links (3–5) on distinct sentences.
    let mut slots: Vec<(usize, usize)> = Vec::new();
    for (bi, b) in blocks.iter().enumerate() {
        match b {
            Block::Para(s) | Block::List(s) => slots.extend((0..s.len()).map(|si| (bi, si))),
            _ => {}
        }
    }
    let n_cite = rng.range(5, 10);
    let n_link = rng.range(3, 5);
    let chosen = rng.distinct(slots.len(), n_cite + n_link);
    let mut order: Vec<usize> = (0..chosen.len()).collect();
    rng.shuffle(&mut order);
    for (k, &ci) in order.iter().enumerate() {
        let (bi, si) = slots[chosen[ci]];
        let addition = if k < n_cite {
            Some(citation(&mut rng, sources, &srcs))
        } else {
            None
        };
        let link = if addition.is_none() {
            let mut j = rng.below(metas.len());
            if j == i {
                j = (j + 1) % metas.len();
            }
            let other = &metas[j];
            let target = match rng.below(10) {
                0 => format!("@/terms/{}", terms[rng.below(terms.len())].id),
                1 => "@/events".to_string(),
                _ => format!("@/{}/{}.md", other.section, other.slug),
            };
            Some(format!(
                " See [{}]({target}).",
                if target.starts_with("@/terms") {
                    "the index entry"
                } else if target == "@/events" {
                    "the timeline"
                } else {
                    other.title.as_str()
                }
            ))
        } else {
            None
        };
        let s = match &mut blocks[bi] {
            Block::Para(s) | Block::List(s) => &mut s[si],
            _ => unreachable!(),
        };
        if let Some(c) = addition {
            // Before the final full stop: "… claim [](source:x "quote")."
            let stem = s.strip_suffix('.').unwrap_or(s).to_string();
            *s = format!("{stem} {c}.");
        } else if let Some(l) = link {
            s.push_str(&l);
        }
    }
    // Markdown.
    let mut md = String::with_capacity(words * 8);
    for b in &blocks {
        match b {
            Block::Heading(h) => {
                let _ = write!(md, "## {h}\n\n");
            }
            Block::Para(s) => {
                md.push_str(&s.join(" "));
                if !footnote && rng.chance(0.05) {
                    // A label unique in the site: the print edition puts every page on one
                    // page, and footnote ids are not prefixed there (yet).
                    let _ = write!(md, "[^n{i}]");
                    footnote = true;
                }
                md.push_str("\n\n");
            }
            Block::List(items) => {
                for it in items {
                    let _ = writeln!(md, "- {it}");
                }
                md.push('\n');
            }
            Block::Callout(kind, s) => {
                let _ = write!(md, "> [!{kind}]\n> {}\n\n", s.join(" "));
            }
            Block::Table(t) => {
                md.push_str(t);
                md.push('\n');
            }
        }
    }
    if footnote {
        let _ = writeln!(md, "[^n{i}]: {}", en_sentence(&mut rng, terms));
    }
    md
}

fn toml_list(xs: &[String]) -> String {
    format!(
        "[{}]",
        xs.iter()
            .map(|x| format!("{x:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn page_file(meta: &Meta, tags: &[String], sources: &[Source], body: &str) -> String {
    let mut f = String::from("+++\n");
    let _ = writeln!(f, "title = {:?}", meta.title);
    let _ = writeln!(f, "summary = {:?}", meta.summary);
    if let Some(d) = &meta.date {
        let _ = writeln!(f, "date = {d:?}");
    }
    let t: Vec<String> = meta.tags.iter().map(|&k| tags[k].clone()).collect();
    let _ = writeln!(f, "tags = {}", toml_list(&t));
    if let Some(w) = meta.weight {
        let _ = writeln!(f, "weight = {w}");
    }
    if let Some(s) = meta.source {
        let _ = writeln!(f, "source = {:?}", sources[s].slug);
    }
    f.push_str("+++\n\n");
    f.push_str(body);
    f
}

// ---------------------------------------------------------------------------
// Events

struct EventDoc {
    id: String,
    date: String,
    title: String,
    file: String,
    body: String,
}

fn make_event(
    seed: u64,
    i: usize,
    terms: &[Term],
    sources: &[Source],
    tags: &[String],
) -> EventDoc {
    let mut rng = Rng::for_item(seed, K_EVENT, i as u64);
    let year = rng.range(2008, 2026);
    let date = match rng.below(20) {
        0..=7 => format!("{year}-{:02}-{:02}", rng.range(1, 12), rng.range(1, 28)),
        8..=14 => format!("{year}-{:02}", rng.range(1, 12)),
        _ => format!("{year}"),
    };
    let t = &terms[rng.below(terms.len())];
    let obj = *rng.pick(EN_OBJ);
    let verb = *rng.pick(EN_VERB);
    let title = format!("{} {verb} {obj}", upper_first(&t.name));
    let id = format!(
        "{date}-{}-{}",
        slugify(&format!("{} {verb}", t.name))
            .chars()
            .take(40)
            .collect::<String>()
            .trim_end_matches('-'),
        i
    );
    let (approximate, inferred) = match rng.below(10) {
        0 => (true, String::new()),
        1 => (
            false,
            format!("The source gives no year; {year} is inferred from the events it mentions."),
        ),
        _ => (false, String::new()),
    };
    let mut actors = BTreeSet::new();
    actors.insert(t.id.clone());
    for _ in 0..rng.range(0, 2) {
        actors.insert(terms[rng.below(terms.len())].id.clone());
    }
    let ntags = rng.range(1, 3);
    let etags: Vec<String> = rng
        .distinct(tags.len(), ntags)
        .into_iter()
        .map(|k| tags[k].clone())
        .collect();
    let src = [rng.below(sources.len())];
    let mut body = String::new();
    for k in 0..rng.range(1, 3) {
        if k > 0 {
            body.push(' ');
        }
        let s = en_sentence(&mut rng, terms);
        let stem = s.strip_suffix('.').unwrap_or(&s).to_string();
        let _ = write!(body, "{stem} {}.", citation(&mut rng, sources, &src));
    }
    body.push('\n');
    let mut f = String::from("+++\n");
    let _ = writeln!(f, "title = {title:?}");
    let _ = writeln!(f, "date = {date:?}");
    let _ = writeln!(f, "approximate = {approximate}");
    let _ = writeln!(f, "inferred = {inferred:?}");
    let _ = writeln!(f, "tags = {}", toml_list(&etags));
    let _ = writeln!(
        f,
        "actors = {}",
        toml_list(&actors.into_iter().collect::<Vec<_>>())
    );
    f.push_str("+++\n\n");
    f.push_str(&body);
    EventDoc {
        id,
        date,
        title,
        file: f,
        body,
    }
}

// ---------------------------------------------------------------------------
// Hugo

struct HugoLinks {
    cite: Regex,
    page: Regex,
    other: Regex,
}

impl HugoLinks {
    fn new() -> HugoLinks {
        HugoLinks {
            cite: Regex::new(r#"\[([^\]]*)\]\(source:([a-z0-9_-]+)(?:#[a-z0-9-]+)? ""#)
                .expect("regex"),
            page: Regex::new(r"\]\(@/(briefs|summaries)/([a-z0-9_-]+)\.md(#[a-z0-9-]+)?\)")
                .expect("regex"),
            other: Regex::new(
                r"\]\(@/(terms|sources|events|briefs|summaries|about\.md)(?:/([a-z0-9_-]+))?\)",
            )
            .expect("regex"),
        }
    }
    /// Briefing Markdown → Hugo Markdown: citations become numbered links to the
    /// source page (the quote stays as the link title), `@/` links plain paths.
    fn convert(&self, md: &str) -> String {
        let mut n = 0;
        let md = self.cite.replace_all(md, |c: &regex::Captures<'_>| {
            n += 1;
            let text = if c[1].is_empty() {
                format!("[{n}]")
            } else {
                c[1].to_string()
            };
            format!("[{text}](/sources/{}/ \"", &c[2])
        });
        let md = self.page.replace_all(&md, |c: &regex::Captures<'_>| {
            format!(
                "](/{}/{}/{})",
                &c[1],
                &c[2],
                c.get(3).map_or("", |m| m.as_str())
            )
        });
        self.other
            .replace_all(&md, |c: &regex::Captures<'_>| {
                let base = match &c[1] {
                    "terms" => "glossary",
                    "events" => "timeline",
                    "about.md" => "about",
                    other => other,
                };
                match c.get(2) {
                    Some(s) => format!("](/{base}/{}/)", s.as_str()),
                    None => format!("](/{base}/)"),
                }
            })
            .into_owned()
    }
}

fn full_date(d: &str) -> String {
    match d.len() {
        4 => format!("{d}-01-01"),
        7 => format!("{d}-01"),
        _ => d.to_string(),
    }
}

/// The Hugo site's configuration, layouts and stylesheet, shared by both
/// corpora: `args` are the generator's arguments (for the header comment),
/// `path` the base URL's folder.
fn write_hugo_skeleton(h: &Path, args: &str, path: &str, title: &str) {
    write(
        &h.join("hugo.toml"),
        &format!(
            "# Generated by `cargo run --example corpus -- {args} --hugo …`.\nbaseURL = \"https://example.org/{path}/\"\ntitle = {title:?}\nlanguageCode = \"en\"\nenableRobotsTXT = false\n\n[taxonomies]\ntag = \"tags\"\n\n[outputs]\nhome = [\"html\", \"rss\"]\nsection = [\"html\"]\ntaxonomy = [\"html\"]\nterm = [\"html\"]\npage = [\"html\"]\n"
        ),
    );
    let layouts = h.join("layouts");
    write(&layouts.join("baseof.html"), HUGO_BASEOF);
    write(&layouts.join("page.html"), HUGO_PAGE);
    write(&layouts.join("home.html"), HUGO_LIST);
    write(&layouts.join("section.html"), HUGO_LIST);
    write(&layouts.join("taxonomy.html"), HUGO_TAXONOMY);
    write(&layouts.join("term.html"), HUGO_TERM);
    write(&h.join("static/style.css"), HUGO_CSS);
}

const HUGO_BASEOF: &str = r#"<!doctype html>
<html lang="{{ site.Language.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} · {{ end }}{{ site.Title }}</title>
{{ with .Description }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
</head>
<body>
<header>
<a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav>
<a href="{{ "/briefs/" | relURL }}">Briefs</a>
<a href="{{ "/summaries/" | relURL }}">Summaries</a>
<a href="{{ "/timeline/" | relURL }}">Timeline</a>
<a href="{{ "/sources/" | relURL }}">Sources</a>
<a href="{{ "/glossary/" | relURL }}">Index</a>
<a href="{{ "/tags/" | relURL }}">Tags</a>
</nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>{{ site.Title }}</p></footer>
</body>
</html>
"#;

const HUGO_PAGE: &str = r#"{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ if not .Date.IsZero }}<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time></p>{{ end }}
{{ with .GetTerms "tags" }}<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
{{ .Content }}
</article>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ with .Description }} {{ . }}{{ end }}</li>
{{ end }}
</ul>
{{ end }}
"#;

const HUGO_TAXONOMY: &str = r#"{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul>
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> ({{ .Count }})</li>
{{ end }}
</ul>
{{ end }}
"#;

const HUGO_TERM: &str = r#"{{ define "main" }}
<h1>Tag: {{ .Title }}</h1>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ with .Description }} {{ . }}{{ end }}</li>
{{ end }}
</ul>
{{ end }}
"#;

const HUGO_CSS: &str = "body{max-width:46rem;margin:0 auto;padding:1rem;font:16px/1.6 system-ui,sans-serif}nav a{margin-right:.6rem}blockquote{border-left:3px solid #ccc;margin-left:0;padding-left:1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .4rem}\n";

// ---------------------------------------------------------------------------
// Output

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

const MARKER: &str = ".briefing-corpus";

/// Makes `dir` an empty folder, refusing to empty one this generator did not write.
fn fresh_dir(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        let empty = std::fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .next()
            .is_none();
        if !empty {
            if !dir.join(MARKER).exists() {
                return Err(format!(
                    "{} exists and was not written by this generator (no {MARKER}); remove it first",
                    dir.display()
                ));
            }
            std::fs::remove_dir_all(dir)
                .map_err(|e| format!("cannot remove {}: {e}", dir.display()))?;
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    write(
        &dir.join(MARKER),
        "written by `cargo run --example corpus`; the folder is replaced on the next run\n",
    );
    Ok(())
}

struct Args {
    seed: u64,
    pages: usize,
    out: PathBuf,
    hugo: Option<PathBuf>,
    plain: bool,
}

const USAGE: &str = "usage: corpus [--plain] --seed N --pages N --out DIR [--hugo DIR]";

fn parse_args() -> Result<Args, String> {
    let mut seed = 42;
    let mut pages = None;
    let mut out = None;
    let mut hugo = None;
    let mut plain = false;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = |name: &str| {
            it.next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match a.as_str() {
            "--seed" => seed = val("--seed")?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--pages" => {
                pages = Some(
                    val("--pages")?
                        .parse::<usize>()
                        .map_err(|e| format!("--pages: {e}"))?,
                )
            }
            "--out" => out = Some(PathBuf::from(val("--out")?)),
            "--hugo" => hugo = Some(PathBuf::from(val("--hugo")?)),
            "--plain" => plain = true,
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    let pages = pages.ok_or_else(|| format!("--pages is required\n{USAGE}"))?;
    if pages < 10 {
        return Err("--pages must be at least 10".into());
    }
    Ok(Args {
        seed,
        pages,
        out: out.ok_or_else(|| format!("--out is required\n{USAGE}"))?,
        hugo,
        plain,
    })
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let (seed, n) = (args.seed, args.pages);
    if args.plain {
        return match plain::generate(seed, n, &args.out, args.hugo.as_deref()) {
            Ok(line) => {
                eprintln!("{line}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("{e}");
                ExitCode::FAILURE
            }
        };
    }
    let n_sources = (n / 10).max(1);
    let n_events = (n / 10).max(1);
    let n_terms = (200 + n / 50).min(700);
    let n_tags = 20 + n / 25;

    let mut terms = glossary_names(seed, n_terms);
    let sources: Vec<Source> = (0..n_sources)
        .into_par_iter()
        .map(|i| make_source(seed, i, &terms))
        .collect();
    // Definitions, some with a citation.
    let all_sources: Vec<usize> = (0..sources.len()).collect();
    for (k, t) in terms.iter_mut().enumerate() {
        let mut rng = Rng::for_item(seed, K_DEF, k as u64);
        let what = match t.kind {
            "country" => "Country",
            "mineral" => "Mineral",
            "concept" => "Concept",
            "company" => "Company",
            "person" => "Person",
            "organisation" => "Organisation",
            "project" => "Project",
            "policy" => "Policy",
            _ => "Event",
        };
        let mut d = format!(
            "{what} named in the sources in connection with {}",
            rng.pick(EN_OBJ)
        );
        if rng.chance(0.3) {
            d.push(' ');
            d.push_str(&citation(&mut rng, &sources, &all_sources));
        }
        d.push('.');
        t.definition = d;
    }
    let tags = tag_names(seed, n_tags);
    let metas: Vec<Meta> = (0..n)
        .map(|i| make_meta(seed, i, n_sources, &terms, &sources, n_tags))
        .collect();

    if let Err(e) = fresh_dir(&args.out) {
        eprintln!("{e}");
        return ExitCode::FAILURE;
    }
    let hugo_links = HugoLinks::new();
    if let Some(h) = &args.hugo {
        if let Err(e) = fresh_dir(h) {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    }
    let out = &args.out;
    const KINDS: &str = "\n[[term_kinds]]\nid = \"country\"\nheading = \"Countries\"\n\n[[term_kinds]]\nid = \"organisation\"\nheading = \"Organisations\"\n\n[[term_kinds]]\nid = \"company\"\nheading = \"Companies\"\n\n[[term_kinds]]\nid = \"project\"\nheading = \"Projects\"\n\n[[term_kinds]]\nid = \"policy\"\nheading = \"Policies\"\n\n[[term_kinds]]\nid = \"mineral\"\nheading = \"Minerals\"\n\n[[term_kinds]]\nid = \"concept\"\nheading = \"Concepts\"\n\n[[term_kinds]]\nid = \"person\"\nheading = \"People\"\n\n[[term_kinds]]\nid = \"event\"\nheading = \"Events\"\n";
    let site_title = format!("Benchmark briefing (seed {seed}, {n} pages)");
    write(
        &out.join("briefing.toml"),
        &format!(
            "# Generated by `cargo run --example corpus -- --seed {seed} --pages {n}`.\ntitle = {site_title:?}\ndescription = \"A generated briefing for benchmarks: mixed English and Chinese text with citations, a timeline and a term index.\"\nlanguage = \"en\"\nbase_url = \"https://example.org/bench/\"\n{KINDS}{RULESETS}"
        ),
    );
    // Sources, each with a translation of its blocks not in English.
    sources.par_iter().enumerate().for_each(|(i, s)| {
        write(&out.join("seeds").join(format!("{}.txt", s.stem)), &s.text);
        write(
            &out.join("seeds").join(format!("{}.toml", s.stem)),
            &sidecar(s),
        );
        write(
            &out.join("content/translations")
                .join(format!("{}.toml", s.slug)),
            &translation(seed, i, s, &terms),
        );
    });
    // Glossary.
    let mut g =
        String::from("# Generated term index for benchmarks.\noriginal_language = \"zh-Hans\"\n");
    for t in &terms {
        let _ = write!(
            g,
            "\n[[term]]\nid = {:?}\nname = {:?}\noriginal = {:?}\nkind = {:?}\naliases = {}\ndefinition = '{}'\n",
            t.id,
            t.name,
            t.zh,
            t.kind,
            toml_list(&t.aliases),
            t.definition
        );
    }
    write(&out.join("content/glossary.toml"), &g);
    // Home and about.
    let home_body = "This generated briefing exercises every feature of the generator at scale. Start with the [briefs](@/briefs), the [summaries](@/summaries), the [timeline](@/events), the [sources](@/sources) or the [index](@/terms). See [about](@/about.md) for how it was made.\n";
    write(
        &out.join("content/index.md"),
        &format!("+++\ntitle = {site_title:?}\nsummary = \"A generated briefing for benchmarks.\"\n+++\n\n{home_body}"),
    );
    let about_body = format!("The text is generated by a deterministic program from seed {seed}. Sources mix Chinese and English paragraphs; pages are about 1,500 words each and cite the sources verbatim.\n");
    write(
        &out.join("content/about.md"),
        &format!("+++\ntitle = \"About this corpus\"\n+++\n\n{about_body}"),
    );
    // Pages, in parallel (each page has its own random stream).
    (0..n).into_par_iter().for_each(|i| {
        let m = &metas[i];
        let body = page_body(seed, i, &metas, &terms, &sources);
        write(
            &out.join("content")
                .join(m.section)
                .join(format!("{}.md", m.slug)),
            &page_file(m, &tags, &sources, &body),
        );
        if let Some(h) = &args.hugo {
            let mut f = String::from("+++\n");
            let _ = writeln!(f, "title = {:?}", m.title);
            let _ = writeln!(f, "description = {:?}", m.summary);
            if let Some(d) = &m.date {
                let _ = writeln!(f, "date = {}", full_date(d));
            }
            let t: Vec<String> = m.tags.iter().map(|&k| tags[k].clone()).collect();
            let _ = writeln!(f, "tags = {}", toml_list(&t));
            if let Some(w) = m.weight {
                let _ = writeln!(f, "weight = {w}");
            }
            f.push_str("+++\n\n");
            f.push_str(&hugo_links.convert(&body));
            write(
                &h.join("content")
                    .join(m.section)
                    .join(format!("{}.md", m.slug)),
                &f,
            );
        }
    });
    // Events.
    let events: Vec<EventDoc> = (0..n_events)
        .into_par_iter()
        .map(|i| make_event(seed, i, &terms, &sources, &tags))
        .collect();
    events.par_iter().for_each(|e| {
        write(
            &out.join("content/events").join(format!("{}.md", e.id)),
            &e.file,
        )
    });

    if let Some(h) = &args.hugo {
        write_hugo_skeleton(
            h,
            &format!("--seed {seed} --pages {n}"),
            "bench",
            &site_title,
        );
        let c = h.join("content");
        write(&c.join("_index.md"), &format!("+++\ntitle = {site_title:?}\ndescription = \"A generated briefing for benchmarks.\"\n+++\n\n{}", hugo_links.convert(home_body)));
        write(
            &c.join("about.md"),
            &format!("+++\ntitle = \"About this corpus\"\n+++\n\n{about_body}"),
        );
        write(
            &c.join("briefs/_index.md"),
            "+++\ntitle = \"Briefs\"\n+++\n",
        );
        write(
            &c.join("summaries/_index.md"),
            "+++\ntitle = \"Summaries\"\n+++\n",
        );
        write(
            &c.join("sources/_index.md"),
            "+++\ntitle = \"Sources\"\n+++\n",
        );
        write(
            &c.join("glossary/_index.md"),
            "+++\ntitle = \"Index\"\n+++\n",
        );
        sources.par_iter().for_each(|s| {
            let mut f = format!(
                "+++\ntitle = {:?}\ndescription = {:?}\n+++\n\n",
                s.title_en, s.title_zh
            );
            let _ = write!(
                f,
                "Publisher: {}. Author: {}. Published: {}.\n\n",
                s.publisher, s.author, s.published
            );
            for p in &s.article {
                f.push_str(p);
                f.push_str("\n\n");
            }
            write(&c.join("sources").join(format!("{}.md", s.slug)), &f);
        });
        terms.par_iter().for_each(|t| {
            let mut f = format!("+++\ntitle = {:?}\n+++\n\n", t.name);
            let _ = write!(
                f,
                "**{}** ({}). ",
                if t.zh.is_empty() { "—" } else { &t.zh },
                t.kind
            );
            if !t.aliases.is_empty() {
                let _ = write!(f, "Also: {}. ", t.aliases.join(", "));
            }
            let _ = writeln!(f, "\n\n{}", hugo_links.convert(&t.definition));
            write(&c.join("glossary").join(format!("{}.md", t.id)), &f);
        });
        let mut order: Vec<&EventDoc> = events.iter().collect();
        order.sort_by(|a, b| (&a.date, &a.id).cmp(&(&b.date, &b.id)));
        let mut tl = String::from("+++\ntitle = \"Timeline\"\n+++\n\n");
        for e in order {
            let _ = write!(
                tl,
                "## {} {{#{}}}\n\n{}\n\n{}\n",
                e.title,
                e.id,
                e.date,
                hugo_links.convert(&e.body)
            );
        }
        write(&c.join("timeline.md"), &tl);
    }
    let quotes: usize = sources.iter().map(|s| s.quotes.len()).sum();
    eprintln!(
        "corpus: seed {seed}: {n} pages ({n_sources} summaries), {n_sources} sources ({quotes} quotable passages), {n_events} events, {} terms, {n_tags} tags → {}{}",
        terms.len(),
        out.display(),
        args.hugo.as_ref().map_or(String::new(), |h| format!(" and Hugo site {}", h.display()))
    );
    ExitCode::SUCCESS
}
