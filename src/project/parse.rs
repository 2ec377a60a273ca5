//! The text of a project file read with serde and `toml` (unknown keys
//! refused), then each value checked: what it must be, and where it is.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::entries::each_entry;
use super::problems::{key_at, reword, InvalidProject, Problems};
use super::settings::{Focus, Project, MAX_TOP_PRODUCTS};
use crate::model::{Currency, ReportSection};

/// The file as `toml` reads it: each value with its place in the text.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProject {
    title: Option<Spanned<String>>,
    subtitle: Option<Spanned<String>>,
    focus: Option<Spanned<String>>,
    author: Option<Spanned<String>>,
    base_url: Option<Spanned<String>>,
    currency: Option<Spanned<String>>,
    data: Option<Spanned<String>>,
    out: Option<Spanned<String>>,
    templates: Option<Spanned<String>>,
    sections: Option<Spanned<Vec<Spanned<String>>>>,
    // Wider than any count, so that a number too large is said to be out of range.
    top_products: Option<Spanned<i128>>,
}

/// Checks the text of a project file. `file` is how messages name it, `dir`
/// the folder its paths are relative to.
pub fn parse(bytes: &[u8], file: &str, dir: &Path) -> Result<Project, InvalidProject> {
    // A byte-order mark is accepted, as in the data files.
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(InvalidProject::of_file(
            file,
            "expected UTF-8 text, found bytes that are not".into(),
        ));
    };
    let mut problems = Problems {
        text,
        file,
        found: Vec::new(),
    };
    let raw = raw_project(&mut problems, text)?;
    let mut project = Project {
        dir: dir.to_path_buf(),
        title: text_of(&mut problems, "title", raw.title, "text").map(Spanned::into_inner),
        subtitle: text_of(&mut problems, "subtitle", raw.subtitle, "text").map(Spanned::into_inner),
        author: text_of(&mut problems, "author", raw.author, "text").map(Spanned::into_inner),
        data: text_of(&mut problems, "data", raw.data, "a folder")
            .map(|v| dir.join(v.into_inner())),
        out: text_of(&mut problems, "out", raw.out, "a folder").map(|v| dir.join(v.into_inner())),
        templates: text_of(&mut problems, "templates", raw.templates, "a folder")
            .map(|v| dir.join(v.into_inner())),
        ..Project::default()
    };
    if let Some(focus) = text_of(&mut problems, "focus", raw.focus, "a company id") {
        project.focus = Some(Focus {
            id: focus.get_ref().clone(),
            file: file.to_string(),
            line: problems.line(focus.span().start),
        });
    }
    project.base_url = raw.base_url.and_then(|url| base_url(&mut problems, url));
    project.currency = raw.currency.and_then(|code| currency(&mut problems, code));
    if let Some(list) = raw.sections {
        project.sections = sections(&mut problems, list);
    }
    project.top_products = raw
        .top_products
        .and_then(|top| top_products(&mut problems, top));
    if problems.found.is_empty() {
        Ok(project)
    } else {
        Err(problems.into_error())
    }
}

/// The file read by serde: every key with a problem is reported, and the
/// good ones are checked further; a file that cannot be read at all stops here.
fn raw_project(problems: &mut Problems, text: &str) -> Result<RawProject, InvalidProject> {
    match toml::from_str(text) {
        Ok(raw) => Ok(raw),
        Err(error) => match each_entry::<RawProject>(text) {
            Some((good, found)) => {
                for p in found {
                    problems.push(p.span, Some(&p.key), &reword(&p.message));
                }
                Ok(good)
            }
            None => {
                let span = error.span().unwrap_or(0..0);
                let key = key_at(text, span.start);
                problems.push(span, key.as_deref(), &reword(error.message()));
                let found = std::mem::take(&mut problems.found);
                Err(Problems { found, ..*problems }.into_error())
            }
        },
    }
}

fn base_url(problems: &mut Problems, url: Spanned<String>) -> Option<String> {
    match web_address_problem(url.get_ref()) {
        None => Some(url.into_inner()),
        Some(why) => {
            let found = format!("{:?}", url.get_ref());
            let message = format!("expected an http:// or https:// address{why}, found {found}");
            problems.push(url.span(), Some("base_url"), &message);
            None
        }
    }
}

fn currency(problems: &mut Problems, code: Spanned<String>) -> Option<Currency> {
    let currency = Currency::parse(code.get_ref());
    if currency.is_none() {
        let message = format!(
            "expected an ISO 4217 currency code, such as USD, found {:?}",
            code.get_ref()
        );
        problems.push(code.span(), Some("currency"), &message);
    }
    currency
}

fn top_products(problems: &mut Problems, top: Spanned<i128>) -> Option<usize> {
    match usize::try_from(*top.get_ref()) {
        Ok(n) if (1..=MAX_TOP_PRODUCTS).contains(&n) => Some(n),
        _ => {
            let message = format!(
                "expected a whole number from 1 to {MAX_TOP_PRODUCTS}, found {}",
                top.get_ref()
            );
            problems.push(top.span(), Some("top_products"), &message);
            None
        }
    }
}

/// A text value that is not blank and holds no control character (a line
/// break, an escape), as the data's text cells.
fn text_of(
    problems: &mut Problems,
    key: &str,
    value: Option<Spanned<String>>,
    what: &str,
) -> Option<Spanned<String>> {
    let value = value?;
    let text = value.get_ref();
    let problem = if text.trim().is_empty() {
        format!("expected {what}, found {text:?}")
    } else if text.chars().any(char::is_control) {
        format!("expected {what} without control characters, found {text:?}")
    } else {
        return Some(value);
    };
    problems.push(value.span(), Some(key), &problem);
    None
}

/// `--title`: text as aimarket.toml's `title` must be.
pub fn title_flag(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        Err("expected text".to_string())
    } else if text.chars().any(char::is_control) {
        Err("expected text without control characters".to_string())
    } else {
        Ok(text.to_string())
    }
}

/// The section ids of `sections`, each known and listed once.
fn sections(
    problems: &mut Problems,
    list: Spanned<Vec<Spanned<String>>>,
) -> Option<Vec<ReportSection>> {
    let span = list.span();
    let list = list.into_inner();
    if list.is_empty() {
        problems.push(
            span,
            Some("sections"),
            "expected at least one section id, found []",
        );
        return None;
    }
    let mut chosen = Vec::new();
    let mut ok = true;
    for name in list {
        match ReportSection::parse(name.get_ref()) {
            Some(section) if chosen.contains(&section) => {
                let message = format!("section {:?} is listed twice", name.get_ref());
                problems.push(name.span(), Some("sections"), &message);
                ok = false;
            }
            Some(section) => chosen.push(section),
            None => {
                let ids: Vec<&str> = ReportSection::ALL.iter().map(|s| s.id()).collect();
                let message = format!(
                    "unknown section {:?}, expected one of: {}",
                    name.get_ref(),
                    ids.join(", ")
                );
                problems.push(name.span(), Some("sections"), &message);
                ok = false;
            }
        }
    }
    ok.then_some(chosen)
}

/// Why `url` cannot be the address a page names as its own, or `None` when
/// it can: `http://` or `https://`, a host and an optional port from 1 to
/// 65535, only the characters an address is written with (RFC 3986: no
/// quote, angle bracket, brace, space or control, which would need escaping
/// wherever the address is written), and no user name or password (which a
/// published page would give away). The reason is said after "expected an
/// http:// or https:// address".
pub fn web_address_problem(url: &str) -> Option<String> {
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return Some(String::new());
    };
    if let Some(c) = url.chars().find(|&c| !is_address_char(c)) {
        return Some(format!(
            " written with the characters of RFC 3986 (percent-encode {c:?})"
        ));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.contains('@') {
        return Some(" without a user name or password".into());
    }
    let host = match authority.rsplit_once(':') {
        // `[::1]:8000` or `example.org:8000`, not the colons of `[::1]`.
        Some((host, port)) if !port.contains(']') => {
            if !port.parse::<u16>().is_ok_and(|p| p > 0) {
                return Some(format!(" with a port from 1 to 65535 (found {port:?})"));
            }
            host
        }
        _ => authority,
    };
    if host.is_empty() || url::Url::parse(url).is_err() {
        return Some(" with a valid host".into());
    }
    None
}

/// The characters an address is written with (RFC 3986, section 2): the
/// unreserved, the reserved and `%` of a percent-encoding.
fn is_address_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn problems(text: &str) -> Vec<String> {
        parse(text.as_bytes(), "aimarket.toml", Path::new(""))
            .unwrap_err()
            .lines()
    }

    #[test]
    fn every_key_is_read_and_paths_join_the_folder() {
        let text = "title = \"T\"\nsubtitle = \"S\"\nfocus = \"alibaba\"\nauthor = \"A\"\n\
                    base_url = \"https://example.org/report/\"\ncurrency = \"CNY\"\n\
                    data = \"facts\"\nout = \"/tmp/r\"\ntemplates = \"look\"\n\
                    sections = [\"summary\", \"earnings\"]\ntop_products = 3\n";
        let project = parse(text.as_bytes(), "p/aimarket.toml", Path::new("p")).unwrap();
        assert_eq!(project.title.as_deref(), Some("T"));
        assert_eq!(project.subtitle.as_deref(), Some("S"));
        assert_eq!(project.author.as_deref(), Some("A"));
        assert_eq!(
            project.base_url.as_deref(),
            Some("https://example.org/report/")
        );
        assert_eq!(
            project.focus,
            Some(Focus {
                id: "alibaba".into(),
                file: "p/aimarket.toml".into(),
                line: 3
            })
        );
        assert_eq!(
            project.currency.map(|c| c.to_string()).as_deref(),
            Some("CNY")
        );
        assert_eq!(project.data, Some(PathBuf::from("p/facts")));
        assert_eq!(project.out, Some(PathBuf::from("/tmp/r")));
        assert_eq!(project.templates, Some(PathBuf::from("p/look")));
        assert_eq!(
            project.sections,
            Some(vec![ReportSection::Summary, ReportSection::Earnings])
        );
        assert_eq!(project.top_products, Some(3));
    }

    #[test]
    fn an_empty_file_sets_nothing() {
        let project = parse(b"\xEF\xBB\xBF# nothing\n", "aimarket.toml", Path::new("")).unwrap();
        assert!(project.title.is_none() && project.sections.is_none());
    }

    #[test]
    fn toml_errors_name_the_line_and_key() {
        assert_eq!(
            problems("title = \"x\"\n\ntitel = \"y\"\n"),
            [
                "error: aimarket.toml:3: titel: unknown key, expected one of: title, subtitle, \
              focus, author, base_url, currency, data, out, templates, sections, top_products"
            ]
        );
        assert_eq!(
            problems("title = 3\n"),
            ["error: aimarket.toml:1: title: expected a string, found integer `3`"]
        );
        assert_eq!(
            problems("sections = [\n  \"summary\",\n  4,\n]\n"),
            ["error: aimarket.toml:3: sections: expected a string, found integer `4`"]
        );
        assert_eq!(
            problems("top_products = \"many\"\n"),
            ["error: aimarket.toml:1: top_products: expected a whole number, found string \"many\""]
        );
        assert_eq!(
            problems("title = \"a\"\ntitle = \"b\"\n"),
            ["error: aimarket.toml:2: title: the key is given twice"]
        );
        assert_eq!(
            problems("title = \"a\"\nauthor = \n"),
            ["error: aimarket.toml:2: author: string values must be quoted, expected literal string"]
        );
        assert_eq!(
            problems("[section\n"),
            ["error: aimarket.toml:1: unclosed table, expected `]`"]
        );
    }

    #[test]
    fn bad_values_are_each_reported() {
        assert_eq!(
            problems(
                "base_url = \"ftp://example.org\"\ncurrency = \"usd\"\n\
                 sections = [\"summary\", \"sumary\", \"summary\"]\ntop_products = 0\ntitle = \" \"\n"
            ),
            [
                "error: aimarket.toml:1: base_url: expected an http:// or https:// address, found \"ftp://example.org\"",
                "error: aimarket.toml:2: currency: expected an ISO 4217 currency code, such as USD, found \"usd\"",
                "error: aimarket.toml:3: sections: unknown section \"sumary\", expected one of: key-figures, \
                 summary, changes, earnings, capex, targets, users, stacks, claims, provenance",
                "error: aimarket.toml:3: sections: section \"summary\" is listed twice",
                "error: aimarket.toml:4: top_products: expected a whole number from 1 to 20, found 0",
                "error: aimarket.toml:5: title: expected text, found \" \"",
            ]
        );
    }

    #[test]
    fn what_serde_found_is_said_in_toml_words() {
        assert_eq!(
            problems("title = [1]\nauthor = {a = 1}\n"),
            [
                "error: aimarket.toml:1: title: expected a string, found a list",
                "error: aimarket.toml:2: author: expected a string, found a table",
            ]
        );
        // Regression: a number too large for TOML's integers read "expected a
        // whole number, found integer".
        assert_eq!(
            problems("top_products = 99999999999999999999\n"),
            [
                "error: aimarket.toml:1: top_products: expected a whole number from 1 to 20, \
                 found 99999999999999999999"
            ]
        );
    }

    #[test]
    fn text_holds_no_control_character() {
        assert_eq!(
            problems("author = \"Q\\u001b[31mR\"\n"),
            [
                "error: aimarket.toml:1: author: expected text without control characters, \
              found \"Q\\u{1b}[31mR\""
            ]
        );
        assert_eq!(
            title_flag("a\u{7}b"),
            Err("expected text without control characters".into())
        );
        assert_eq!(title_flag(" "), Err("expected text".into()));
        assert_eq!(title_flag("Draft"), Ok("Draft".into()));
    }

    #[test]
    fn bytes_that_are_not_utf8_are_a_problem() {
        let problem = parse(b"title = \"\xFF\"\n", "aimarket.toml", Path::new("")).unwrap_err();
        assert_eq!(
            problem.lines(),
            ["error: aimarket.toml: expected UTF-8 text, found bytes that are not"]
        );
    }

    #[test]
    fn web_addresses() {
        let fine = |url: &str| web_address_problem(url).is_none();
        assert!(fine("http://a"));
        assert!(fine("https://example.org/a@b"));
        assert!(fine("https://example.org/x?y#z"));
        assert!(fine("https://example.org:8443/ai/"));
        assert!(fine("http://[::1]:4000/"));
        assert!(fine("https://example.org/a%20b/"));
        assert!(!fine("https://"));
        assert!(!fine("https:///path"));
        assert!(!fine("https://a b"));
        assert!(!fine("example.org"));
        // Regression: quotes, angle brackets and braces, and a port past 65535, passed.
        assert_eq!(
            web_address_problem("https://example.org/\"a"),
            Some(" written with the characters of RFC 3986 (percent-encode '\"')".into())
        );
        assert!(!fine("https://example.org/<b>"));
        assert!(!fine("https://example.org/{{x}}"));
        assert!(!fine("https://example.org/\u{85}"));
        assert_eq!(
            web_address_problem("https://example.org:99999/"),
            Some(" with a port from 1 to 65535 (found \"99999\")".into())
        );
        assert!(!fine("https://example.org:0/"));
        assert!(!fine("https://example.org:/"));
        assert_eq!(
            web_address_problem("https://user:pw@example.org/"),
            Some(" without a user name or password".into())
        );
    }
}
