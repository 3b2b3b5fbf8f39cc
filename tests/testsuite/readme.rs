//! The README stays true: its Quick start has exactly the two commands, and
//! every command and flag it documents exists.

use std::path::Path;
use std::process::Command;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

#[test]
fn quick_start_has_exactly_two_commands() {
    let text = readme();
    let quick = text
        .split("## Quick start")
        .nth(1)
        .expect("Quick start section")
        .split("\n## ")
        .next()
        .unwrap();
    let block = quick.split("```").nth(1).expect("code block");
    let commands: Vec<&str> = block
        .lines()
        .skip(1)
        .map(|l| l.split('#').next().unwrap().trim())
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(commands, ["cargo run --release -- build", "cargo test"]);
}

#[test]
fn documented_commands_and_flags_exist() {
    let text = readme();
    let help = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_briefing"))
            .args(args)
            .arg("--help")
            .output()
            .unwrap();
        String::from_utf8_lossy(&o.stdout).into_owned()
    };
    let re = regex::Regex::new(r"(?m)^briefing (\w+)([^\n]*)$").unwrap();
    let flag_re = regex::Regex::new(r"--[a-z-]+").unwrap();
    let mut seen = 0;
    for c in re.captures_iter(&text) {
        let (cmd, rest) = (&c[1], &c[2]);
        let mut h = help(&[cmd]);
        if cmd == "theme" {
            h.push_str(&help(&["theme", "export"]));
        }
        if cmd == "new" {
            for kind in ["source", "summary", "event", "term", "brief", "page"] {
                h.push_str(&help(&["new", kind]));
            }
        }
        assert!(
            h.contains("Usage:"),
            "README documents `briefing {cmd}`, which does not exist"
        );
        for flag in flag_re.find_iter(rest) {
            assert!(
                h.contains(flag.as_str()),
                "README documents `{}` for `briefing {cmd}`, which it does not take",
                flag.as_str()
            );
        }
        seen += 1;
    }
    assert!(seen >= 5, "expected the usage block to list every command");
}
