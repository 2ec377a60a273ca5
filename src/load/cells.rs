//! What a cell may hold, apart from the row it is in: plain numbers and their
//! bounds, slugs, text without control characters; and how a bad cell is
//! quoted in a message.

pub use crate::model::Bound;

/// Whether a text cell holds one line or may hold several.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    One,
    Many,
}

/// The first character text may not hold: C0 controls (U+0000 to U+001F),
/// DEL (U+007F) and C1 controls (U+0080 to U+009F, such as the 8-bit CSI that
/// terminals read as an escape), except that text of many lines may hold LF,
/// CR and tab.
pub fn forbidden_control(raw: &str, lines: Lines) -> Option<char> {
    raw.chars()
        .find(|&c| c.is_control() && !(lines == Lines::Many && matches!(c, '\n' | '\r' | '\t')))
}

/// `[a-z0-9][a-z0-9_-]*`
pub fn is_slug(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// A plain decimal: `-1234.5`, `.5`, `12.`, `1e6`, `-2.5E-3`; no sign `+`, no
/// separators, no symbols, no `inf` or `NaN`, and finite.
pub fn parse_number(text: &str) -> Option<f64> {
    let b = text.as_bytes();
    // Most cells are plain whole numbers: up to 15 digits are exact in an f64.
    if !b.is_empty() && b.len() <= 15 && b.iter().all(u8::is_ascii_digit) {
        return Some(b.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')) as f64);
    }
    let mut i = usize::from(b.first() == Some(&b'-'));
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - int_start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let frac_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - frac_start;
    }
    if digits == 0 {
        return None;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let exp_start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == exp_start {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    text.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A hint for a number written as people write numbers for each other
/// (a percent sign, thousands separators, a currency sign); empty otherwise.
pub fn number_hint(raw: &str) -> &'static str {
    let digits_around_comma = raw.contains(',') && raw.chars().any(|c| c.is_ascii_digit());
    if raw.contains('%') {
        " (write a percentage as a plain number: 12.5 for 12.5 %)"
    } else if digits_around_comma {
        " (write numbers without thousands separators)"
    } else if raw.chars().any(|c| "$€£¥".contains(c)) {
        " (write money as a plain number in millions, without a currency sign)"
    } else {
        ""
    }
}

/// How a raw cell is quoted in a message: `an empty cell`, or the text in quotes
/// with control characters escaped and long text cut.
pub fn found(raw: &str) -> String {
    const MAX_CHARS: usize = 60;
    if raw.is_empty() {
        return "an empty cell".into();
    }
    if raw.chars().count() > MAX_CHARS {
        let cut: String = raw.chars().take(MAX_CHARS).collect();
        format!("{:?}", cut + "…")
    } else {
        format!("{raw:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_plain_decimals() {
        for (text, value) in [
            ("-1234.5", -1234.5),
            ("1e6", 1e6),
            ("2.5E-3", 0.0025),
            (".5", 0.5),
            ("12.", 12.0),
            ("0", 0.0),
        ] {
            assert_eq!(parse_number(text), Some(value), "{text}");
        }
        for text in [
            "", "+5", "1,234", "12%", "$5", "n/a", "inf", "NaN", "1e", "1e999", " 5", "5 ", "-",
            ".", "1.2.3", "0x10",
        ] {
            assert_eq!(parse_number(text), None, "{text:?}");
        }
    }

    #[test]
    fn found_text_is_escaped_and_cut() {
        assert_eq!(found("a\"b\nc"), r#""a\"b\nc""#);
        let long = "x".repeat(100);
        assert_eq!(found(&long), format!("\"{}…\"", "x".repeat(60)));
    }
}
