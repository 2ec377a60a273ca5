//! Text from a metrics.json made inert in GitHub Markdown, for `diff
//! --format markdown`, whose output a workflow posts as a pull-request
//! comment. Names of stacks, layers and periods are free text that `check`
//! accepts; in a comment, raw, they could draw HTML, ping people with an
//! `@mention`, link, emphasise, open code, start a heading or add a table
//! column. Each such character is escaped where it stands, so the text reads
//! as written and does nothing else.
//!
//! Two kinds of escape: CommonMark's own (a backslash before ASCII
//! punctuation, HTML character references), and a zero-width space
//! (`&#8203;`) after `@` and `#` and before `:`. GitHub finds mentions
//! (`@name`), references (`#12`) and bare links (`https://`) in the text
//! after Markdown is read, where a backslash is already gone; a zero-width
//! space is still there and breaks each pattern.

use std::borrow::Cow;

/// The zero-width space that breaks a mention, reference or link pattern.
const BREAK: &str = "&#8203;";

/// `text` as Markdown that shows exactly `text` within a line: in a table
/// cell or after other words (a `#` is safe at a line's start too, but not
/// a `-` or `1.`). Control characters, line breaks among them, are written
/// as escapes such as `\n`, so the text stays on its line.
pub fn escape(text: &str) -> String {
    let text = visible(text);
    let chars: Vec<char> = text.chars().collect();
    // GitHub's inline math needs a `$` on each side; a lone one is left as is,
    // as in `$40.7B`.
    let math = chars.iter().filter(|&&c| c == '$').count() > 1;
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|k| chars[k]);
        let after = chars.get(i + 1).copied();
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '@' | '#' => {
                out.push(c);
                out.push_str(BREAK);
            }
            ':' => {
                out.push_str(BREAK);
                out.push(':');
            }
            '\\' | '`' | '*' | '~' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '$' if math => out.push_str("\\$"),
            // An underscore between letters or digits never opens or closes
            // emphasis (GFM, "intraword"), so `revenue_yoy_pct` stays as is.
            '_' if !(is_word(before) && is_word(after)) => out.push_str("\\_"),
            // `www.` starts a link without a scheme.
            '.' if i >= 3 && chars[i - 3..i].iter().all(|c| c.eq_ignore_ascii_case(&'w')) => {
                out.push_str(BREAK);
                out.push('.');
            }
            _ => out.push(c),
        }
    }
    out
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

/// `text` with each control character (C0, DEL and C1, U+0080 to U+009F)
/// written as its Rust escape: `\u{1b}`, `\n`. A terminal shown the text
/// then shows those characters rather than obeying them.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `text` cut to at most `max` characters, the last of them `…` when cut.
pub fn cut(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some(_) => {
            let kept: String = text.chars().take(max.saturating_sub(1)).collect();
            Cow::Owned(kept + "…")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The HTML of `markdown` as GitHub's flavour of Markdown reads it, with
    /// raw HTML let through so that any would show.
    fn gfm(markdown: &str) -> String {
        let mut options = comrak::Options::default();
        options.extension.table = true;
        options.extension.autolink = true;
        options.extension.strikethrough = true;
        options.extension.math_dollars = true;
        options.render.r#unsafe = true;
        comrak::markdown_to_html(markdown, &options)
    }

    /// Rendered HTML text back to the characters it shows, the zero-width
    /// spaces left out.
    fn shown(html: &str) -> String {
        html.replace('\u{200b}', "")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    }

    /// `text`, escaped, shows as exactly `text` (control characters as
    /// their escapes) and nothing more, after a word and in a table cell:
    /// no element, no link, no extra cell.
    fn shows_as_written(text: &str) {
        let escaped = escape(text);
        let expected = visible(text);
        let paragraph = gfm(&format!("x {escaped}"));
        let inner = paragraph
            .strip_prefix("<p>x ")
            .and_then(|p| p.strip_suffix("</p>\n"))
            .unwrap_or_else(|| panic!("{text:?}: not one paragraph: {paragraph}"));
        assert!(!inner.contains('<'), "{text:?}: {paragraph}");
        assert_eq!(shown(inner), expected.trim_end(), "{text:?}");
        let table = gfm(&format!("| a | b |\n|---|---|\n| {escaped} | end |\n"));
        let cells: Vec<&str> = table
            .split("<td>")
            .skip(1)
            .map(|c| c.split("</td>").next().unwrap())
            .collect();
        assert_eq!(cells.len(), 2, "{text:?}: {table}");
        assert!(!cells[0].contains('<'), "{text:?}: {table}");
        assert_eq!(shown(cells[0]), expected, "{text:?}");
    }

    #[test]
    fn html_is_written_as_text() {
        assert_eq!(escape("<img src=x>"), "&lt;img src=x&gt;");
        assert_eq!(escape("</details>"), "&lt;/details&gt;");
        assert_eq!(escape("R&D &lt;"), "R&amp;D &amp;lt;");
        for text in [
            "<img src=x onerror=alert(1)>",
            "</details>",
            "<!-- x",
            "R&D &lt;",
        ] {
            shows_as_written(text);
        }
    }

    #[test]
    fn mentions_and_references_do_not_ping() {
        assert_eq!(escape("@octocat"), "@&#8203;octocat");
        assert_eq!(escape("@org/team"), "@&#8203;org/team");
        assert_eq!(escape("fixes #12"), "fixes #&#8203;12");
        for text in ["@octocat", "cc @org/team", "a@b.example", "org/repo#12"] {
            shows_as_written(text);
            // GitHub reads a mention as `@` then a letter, digit or `-`.
            let escaped = escape(text);
            assert!(escaped
                .split('@')
                .skip(1)
                .all(|rest| rest.starts_with(BREAK)));
        }
    }

    #[test]
    fn links_and_autolinks_are_text() {
        assert_eq!(
            escape("[x](https://e.vil)"),
            "\\[x\\](https&#8203;://e.vil)"
        );
        assert_eq!(escape("www.e.vil"), "www&#8203;.e.vil");
        for text in [
            "[x](https://e.vil)",
            "![i](https://e.vil/i.png)",
            "[x]: https://e.vil",
            "https://e.vil/path",
            "see WWW.e.vil now",
            "<https://e.vil>",
            "mailto:a@b.example",
        ] {
            shows_as_written(text);
        }
    }

    #[test]
    fn emphasis_strikethrough_and_math_are_text() {
        assert_eq!(
            escape("**all checks passed**"),
            "\\*\\*all checks passed\\*\\*"
        );
        assert_eq!(escape("_x_ ~~s~~"), "\\_x\\_ \\~\\~s\\~\\~");
        assert_eq!(escape("$x$"), "\\$x\\$");
        // Underscores between letters never emphasise; a lone `$` is no math.
        assert_eq!(escape("revenue_yoy_pct"), "revenue_yoy_pct");
        assert_eq!(escape("+$1.2B (+3.0%)"), "+$1.2B (+3.0%)");
        for text in [
            "**all checks passed**",
            "*x*",
            "_x_",
            "__x__",
            "a_b_",
            "~s~ ~~s~~",
            "$x$",
            "$$x$$",
            "revenue_yoy_pct",
        ] {
            shows_as_written(text);
        }
    }

    #[test]
    fn code_spans_and_fences_are_text() {
        assert_eq!(escape("`x`"), "\\`x\\`");
        for text in ["`x`", "```", "``` rust", "~~~"] {
            shows_as_written(text);
        }
    }

    #[test]
    fn headings_are_text_even_at_a_line_start() {
        assert_eq!(escape("# h"), "#&#8203; h");
        for text in ["# h", "### h", "#"] {
            shows_as_written(text);
            let html = gfm(&escape(text));
            assert_eq!(html, format!("<p>{}</p>\n", text.replace('#', "#\u{200b}")));
        }
        for text in ["> quote", "- item", "1. item", "---", "==="] {
            shows_as_written(text);
        }
    }

    #[test]
    fn pipes_stay_in_their_cell() {
        assert_eq!(escape("AI | agents"), "AI \\| agents");
        for text in ["AI | agents", "|", "a \\| b", "\\"] {
            shows_as_written(text);
        }
    }

    #[test]
    fn line_breaks_and_other_controls_are_written_as_escapes() {
        assert_eq!(escape("a\nb\r\nc"), "a\\\\nb\\\\r\\\\nc");
        assert_eq!(escape("\u{1b}[31m"), "\\\\u{1b}\\[31m");
        assert_eq!(
            visible("\u{1b}[2J\u{9b}0m\u{85}\u{7f}\t"),
            "\\u{1b}[2J\\u{9b}0m\\u{85}\\u{7f}\\t"
        );
        for text in ["a\nb", "a\r\n\r\nb", "\u{1b}[31mred", "\u{9b}2J", "a\u{0}b"] {
            shows_as_written(text);
        }
    }

    #[test]
    fn long_text_is_cut_with_an_ellipsis() {
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abcd", 4), "abcd");
        assert_eq!(cut("阿里巴巴云", 3), "阿里…");
    }
}
