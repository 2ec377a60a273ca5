//! Property test of `diff` on metrics.json files mutated at random: text
//! fields made hostile (Markdown, HTML, mentions, control characters, 70,000
//! characters), numbers made odd, days made wrong, rows repeated or
//! multiplied, bytes inserted or flipped. Whatever the input, `diff` never
//! panics and exits 0 (compared) or 3 (a side cannot be read, said on one
//! line naming its file); its output holds no control character, and its
//! Markdown holds no raw `<`, no `@` that could mention anyone, no row with
//! a cell too many or too few, and fits a pull-request comment.

mod common;

use common::{Run, Workdir};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{json, Value};

/// Kept modest so a debug `cargo test` stays quick (each case runs the
/// binary three times).
const CASES: u32 = 64;

/// What `diff --format markdown` is held to (docs/command-line.md, `diff`).
const MAX_MARKDOWN_BYTES: usize = 60_000;

#[derive(Clone, Debug)]
enum Mutation {
    /// A text field replaced by `text`, or `text` added to its end: only
    /// the free text of names (`free`), or any.
    Text(Index, String, bool, bool),
    /// A day (`as_of` or a metric's period) written as `day`.
    Day(Index, &'static str),
    /// A metric row, claim or input file repeated.
    Repeat(Index, Index),
    /// A metric row multiplied into `n` rows of distinct subjects.
    Many(Index, usize),
    /// A `value` written as the JSON token `number`.
    Number(Index, &'static str),
    /// Bytes inserted raw.
    Insert(Index, Vec<u8>),
    /// One byte replaced.
    Flip(Index, u8),
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<img src=x onerror=alert(1)>".to_string()),
        Just("@octocat @org/team".to_string()),
        Just("</details>\n\n**all checks passed**".to_string()),
        Just("[x](https://e.vil) https://e.vil www.e.vil <https://e.vil>".to_string()),
        Just("```\n# h\n| a | b |\n~~s~~ _x_ $x$ #12".to_string()),
        Just("\u{1b}[31m\u{9b}2J\u{85}\u{0}\r\n\t".to_string()),
        Just("L".repeat(70_000)),
        Just("@x|".repeat(10_000)),
        "[a-z<>@#|*_~`()$:!&\\[\\]\\\\ \\x00-\\x1f\\x7f-\\x9f\u{200b}-\u{202e}]{0,40}",
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let day = prop_oneof![
        Just("+002026-01-01"),
        Just("2026-1-1"),
        Just("2026-02-30"),
        Just(" 2026-01-01"),
        Just("2026-01-01T00:00"),
        Just("10000-01-01"),
        Just("0000-01-01"),
        Just("2026/01/01"),
        Just(""),
    ];
    let number = prop_oneof![
        Just("1e309"),
        Just("-1e309"),
        Just("1.7e308"),
        Just("-1.7e308"),
        Just("1e300"),
        Just("1e-320"),
        Just("-0"),
        Just("0"),
        Just("NaN"),
        Just("Infinity"),
        Just("123456789012345678901234567890"),
        Just("null"),
        Just("\"5\""),
    ];
    let bytes = prop_oneof![
        Just(b"\x1b[2J".to_vec()),
        Just(b"\xc2\x9b".to_vec()),
        Just(b"\xff\xfe".to_vec()),
        Just(b"\"".to_vec()),
        Just(b"\\u001b".to_vec()),
        Just(b"\\u0000".to_vec()),
        Just(b"\\ud800".to_vec()),
        Just(b",".to_vec()),
        Just(b"}".to_vec()),
        prop::collection::vec(any::<u8>(), 1..6),
    ];
    prop_oneof![
        6 => (any::<Index>(), hostile_text(), any::<bool>(), prop::bool::weighted(0.8))
            .prop_map(|(at, text, add, free)| Mutation::Text(at, text, add, free)),
        1 => (any::<Index>(), day).prop_map(|(at, day)| Mutation::Day(at, day)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(list, at)| Mutation::Repeat(list, at)),
        2 => (any::<Index>(), 1..3_000usize).prop_map(|(at, n)| Mutation::Many(at, n)),
        1 => (any::<Index>(), number).prop_map(|(at, number)| Mutation::Number(at, number)),
        1 => (any::<Index>(), bytes).prop_map(|(at, bytes)| Mutation::Insert(at, bytes)),
        1 => (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Mutation::Flip(at, byte)),
    ]
}

fn fixture(side: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/diff")
        .join(side)
        .join("metrics.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The JSON pointers of every string in `value`.
fn strings(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::String(_) => out.push(at),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                strings(item, format!("{at}/{i}"), out);
            }
        }
        Value::Object(fields) => {
            for (name, field) in fields {
                strings(field, format!("{at}/{name}"), out);
            }
        }
        _ => {}
    }
}

/// Applies the mutations that work on the document.
fn edit(doc: &mut Value, mutation: &Mutation) {
    match mutation {
        Mutation::Text(at, text, add, free) => {
            let mut pointers = Vec::new();
            strings(doc, String::new(), &mut pointers);
            let names = [
                "/metric", "/subject", "/segment", "/period", "/unit", "/id", "/file",
            ];
            if *free {
                pointers.retain(|p| names.iter().any(|n| p.ends_with(n)));
            }
            let field = doc
                .pointer_mut(&pointers[at.index(pointers.len())])
                .unwrap();
            let old = field.as_str().unwrap().to_string();
            *field = json!(if *add { old + text } else { text.clone() });
        }
        Mutation::Day(at, day) => {
            let rows = doc["metrics"].as_array().unwrap().len();
            match at.index(rows + 1) {
                0 => doc["as_of"] = json!(day),
                k => doc["metrics"][k - 1]["period"] = json!(day),
            }
        }
        Mutation::Repeat(list, at) => {
            let name = ["metrics", "claims", "inputs"][list.index(3)];
            let items = doc[name].as_array_mut().unwrap();
            let item = items[at.index(items.len())].clone();
            items.push(item);
        }
        Mutation::Many(at, n) => {
            let rows = doc["metrics"].as_array_mut().unwrap();
            let row = rows[at.index(rows.len())].clone();
            rows.extend((0..*n).map(|i| {
                let mut copy = row.clone();
                copy["subject"] = json!(format!("{}_{i}", row["subject"].as_str().unwrap()));
                copy["value"] = json!(i);
                copy
            }));
        }
        _ => {}
    }
}

/// Applies the mutations that work on the bytes.
fn damage(bytes: &mut Vec<u8>, mutation: &Mutation) {
    match mutation {
        Mutation::Number(at, number) => {
            let key = b"\"value\":";
            let starts: Vec<usize> = (0..bytes.len().saturating_sub(key.len()))
                .filter(|&i| bytes[i..].starts_with(key))
                .collect();
            if starts.is_empty() {
                return;
            }
            let start = starts[at.index(starts.len())] + key.len();
            let end = start
                + bytes[start..]
                    .iter()
                    .position(|b| matches!(b, b',' | b'}'))
                    .unwrap_or(0);
            bytes.splice(start..end, number.bytes());
        }
        Mutation::Insert(at, new) => {
            let k = at.index(bytes.len() + 1);
            bytes.splice(k..k, new.iter().copied());
        }
        Mutation::Flip(at, byte) => {
            let k = at.index(bytes.len());
            bytes[k] = *byte;
        }
        _ => {}
    }
}

fn mutated(side: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut doc = fixture(side);
    for m in mutations {
        edit(&mut doc, m);
    }
    let mut bytes = serde_json::to_vec(&doc).unwrap();
    for m in mutations {
        damage(&mut bytes, m);
    }
    bytes
}

/// A table row's cells: its `|`s not escaped by a backslash, less one.
fn cells(line: &str) -> usize {
    let mut pipes = 0;
    let mut escaped = false;
    for c in line.chars() {
        match (c, escaped) {
            (_, true) => escaped = false,
            ('\\', false) => escaped = true,
            ('|', false) => pipes += 1,
            _ => {}
        }
    }
    pipes - 1
}

fn assert_markdown_is_safe(text: &str) {
    assert!(text.len() <= MAX_MARKDOWN_BYTES, "{} bytes", text.len());
    assert!(!text.contains('<'), "a raw <");
    for (i, _) in text.match_indices('@') {
        assert!(
            text[i + 1..].starts_with("&#8203;"),
            "a mention: {}",
            &text[i..]
        );
    }
    let mut header = None;
    for line in text.lines() {
        if !line.starts_with('|') {
            header = None;
        } else if let Some(columns) = header {
            assert_eq!(cells(line), columns, "{line}");
        } else {
            header = Some(cells(line));
        }
    }
}

fn assert_holds(run: &Run, format: &str) {
    assert!(
        run.status == 0 || run.status == 3,
        "{format}: exit {}: {}",
        run.status,
        run.stderr
    );
    let control = |text: &str| text.chars().any(|c| c.is_control() && c != '\n');
    assert!(!control(&run.stdout) && !control(&run.stderr), "{format}");
    if run.status == 3 {
        assert_eq!(run.stdout, "");
        let named = ["error: old.json: ", "error: new.json: "];
        assert!(
            named.iter().any(|n| run.stderr.starts_with(n)),
            "{}",
            run.stderr
        );
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stderr.len() < 1_000, "{}", run.stderr);
        return;
    }
    match format {
        "markdown" => assert_markdown_is_safe(&run.stdout),
        "json" => {
            serde_json::from_str::<Value>(&run.stdout).unwrap();
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    #[test]
    fn diff_never_panics_and_its_markdown_is_safe_to_post(
        old in prop::collection::vec(mutation(), 0..3),
        new in prop::collection::vec(mutation(), 1..5),
    ) {
        let work = Workdir::empty();
        let (old, new) = (mutated("old", &old), mutated("new", &new));
        std::fs::write(work.path().join("old.json"), &old).unwrap();
        std::fs::write(work.path().join("new.json"), &new).unwrap();
        for format in ["markdown", "text", "json"] {
            let run = work.run(&["diff", "old.json", "new.json", "--format", format]);
            assert_holds(&run, format);
            // No text grows the output out of proportion to the input.
            let input = old.len() + new.len();
            let bytes = run.stdout.len();
            prop_assert!(bytes <= 20 * input + 10_000, "{format}: {bytes} bytes");
        }
    }
}
