//! The theme's words in templates: two Tera functions over the site's
//! [`Ui`].
//!
//! - `t(key="home.briefs", n=counts.briefs)`: the word, its plural form
//!   picked by `n` (which also fills `{n}`), its other placeholders filled
//!   by the arguments of the same names. It returns HTML — the word and
//!   every value escaped, a link (`[label](name)`) an `<a>` to the value of
//!   `name` — so Tera does not escape it again.
//! - `t_js(key="timeline.filter_count")`: the word as JSON (a counted
//!   phrase as its forms) for a `data-` attribute that a theme script reads
//!   and fills; escaped by Tera like any attribute value.

use std::collections::HashMap;
use std::sync::Arc;

use tera::{Error, Function, Result, Value};

use crate::i18n::pattern::Out;
use crate::i18n::Ui;

/// Registers `t` and `t_js` with `tera`.
pub fn register(tera: &mut tera::Tera, ui: &Arc<Ui>) {
    tera.register_function("t", Words(Arc::clone(ui)));
    tera.register_function("t_js", WordsJs(Arc::clone(ui)));
}

struct Words(Arc<Ui>);

/// The `key` argument.
fn key(args: &HashMap<String, Value>, f: &str) -> Result<String> {
    match args.get("key") {
        Some(Value::String(k)) => Ok(k.clone()),
        _ => Err(Error::msg(format!(
            "{f}() needs the key of a word: {f}(key=\"nav.home\")"
        ))),
    }
}

/// An argument as the text it fills in.
fn text(name: &str, v: &Value) -> Result<String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Ok(String::new()),
        _ => Err(Error::msg(format!(
            "t(): `{name}` is a list or a map; placeholders take texts and numbers"
        ))),
    }
}

impl Function for Words {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let key = key(args, "t")?;
        let n = match args.get("n") {
            None => None,
            Some(v) => Some(v.as_u64().ok_or_else(|| {
                Error::msg(format!(
                    "t(key=\"{key}\"): `n` counts, and is a whole number ≥ 0 (got {v})"
                ))
            })?),
        };
        let mut values = HashMap::new();
        for (name, v) in args {
            if name != "key" && name != "n" {
                values.insert(name.as_str(), text(name, v)?);
            }
        }
        let find = |name: &str| values.get(name).cloned();
        self.0
            .fill(&key, n, &find, Out::Html)
            .map(Value::String)
            .map_err(|e| Error::msg(format!("t(): {e}")))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

struct WordsJs(Arc<Ui>);

impl Function for WordsJs {
    fn call(&self, args: &HashMap<String, Value>) -> Result<Value> {
        let key = key(args, "t_js")?;
        let json = self.0.json(&key).ok_or_else(|| {
            Error::msg(format!(
                "t_js(): no word `{key}` in the language files{}",
                crate::suggest::did_you_mean(&key, self.0.keys())
            ))
        })?;
        Ok(Value::String(json.to_string()))
    }
}
