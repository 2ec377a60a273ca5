//! Text made safe inside XML and HTML: the text and attributes of the charts'
//! SVG, and the problems on the page `serve` shows while the report cannot be
//! built.

/// Escapes text for XML and HTML content and attributes. A control character
/// becomes a space: XML 1.0 forbids most of them, and a label holds one line.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_entities_and_control_characters_spaces() {
        assert_eq!(
            xml_escape("R&D <b>\"Qwen's\"</b>\n\u{1b}x"),
            "R&amp;D &lt;b&gt;&quot;Qwen&apos;s&quot;&lt;/b&gt;  x"
        );
        assert_eq!(xml_escape("字节跳动"), "字节跳动");
    }
}
