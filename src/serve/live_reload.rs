//! The served copy of a page: the built report has no script and a
//! Content-Security-Policy that forbids every script; the served copy gets one
//! small script that reloads the page when a rebuild finishes, a style that
//! lays out a section only when it comes near the screen (a reload is then
//! ready in about half the time), and a policy that allows that one script
//! and that one style (by their hashes) and the event stream. The built
//! report lays out every section at once, so that a screenshot of the whole
//! page, or any tool that reads it without scrolling, sees it all.

use crate::report::csp_hash;
use crate::xml::xml_escape;

/// The path of the event stream that says when to reload.
pub const EVENTS: &str = "/__aimarket/events";

/// Opens the event stream with the build the page came from, and reloads the
/// page on a "reload" event (sent at once if a build finished since).
const SCRIPT: &str = "(function(){var g=document.currentScript.dataset.generation;\
var s=new EventSource('/__aimarket/events?since='+g);\
s.addEventListener('reload',function(){s.close();location.reload();});})();";

/// Sections off screen are laid out when they come near it; until then each
/// holds the place of its last known height (or of 1200 px).
const LAZY_SECTIONS: &str =
    "main > section{content-visibility:auto;contain-intrinsic-size:auto 1200px}";

/// The page's policy as the report writes it, HTML-escaped.
const NO_SCRIPTS: &str = "default-src &#39;none&#39;;";

/// The served copy of `index.html`: the style at the end of `<head>`, the
/// script before `</body>`, and the policy allowing both.
pub fn served_report(html: &str, generation: u64) -> String {
    let allowed = format!(
        "{NO_SCRIPTS} script-src &#39;sha256-{}&#39;; connect-src &#39;self&#39;;",
        csp_hash(SCRIPT)
    );
    let style_hash = format!("&#39;sha256-{}&#39;", csp_hash(LAZY_SECTIONS));
    let mut html = html.replacen(NO_SCRIPTS, &allowed, 1);
    html = if html.contains("style-src ") {
        html.replacen("style-src ", &format!("style-src {style_hash} "), 1)
    } else {
        html.replacen(&allowed, &format!("{allowed} style-src {style_hash};"), 1)
    };
    if let Some(at) = html.find("</head>") {
        html.insert_str(at, &format!("<style>{LAZY_SECTIONS}</style>\n"));
    }
    match html.rfind("</body>") {
        Some(at) => format!("{}{}{}", &html[..at], script_tag(generation), &html[at..]),
        None => html + &script_tag(generation),
    }
}

/// The page shown in place of the report while it cannot be built: the
/// problems as the terminal prints them (the data's, as `check` prints them,
/// aimarket.toml's or a template's), and the same reload script.
pub fn problems_page(problems: &str, generation: u64) -> String {
    let css = "body{font:1rem/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;\
padding:0 1rem;color:#1f1f1f;background:#fbfbf9}\
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;border-left:4px solid #b3261e;padding:1rem}\
@media (prefers-color-scheme:dark){body{color:#eee;background:#161616}pre{background:#222}}";
    let csp = format!(
        "default-src &#39;none&#39;; style-src &#39;sha256-{}&#39;; script-src &#39;sha256-{}&#39;; connect-src &#39;self&#39;",
        csp_hash(css),
        csp_hash(SCRIPT)
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
<meta name=\"color-scheme\" content=\"light dark\">\n\
<title>The report cannot be built</title>\n<style>{css}</style>\n</head>\n<body>\n<main>\n\
<h1>The report cannot be built</h1>\n\
<p>It comes back as soon as these problems are fixed (the terminal shows them too):</p>\n\
<pre>{}</pre>\n</main>\n{}</body>\n</html>\n",
        escape_lines(problems),
        script_tag(generation)
    )
}

fn script_tag(generation: u64) -> String {
    format!("<script data-generation=\"{generation}\">{SCRIPT}</script>\n")
}

/// The text escaped line by line, its line breaks kept for the `<pre>`.
fn escape_lines(text: &str) -> String {
    text.split('\n')
        .map(xml_escape)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_served_copy_allows_only_its_own_script() {
        let html = "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; img-src data:\"></head><body><p>x</p></body>";
        let served = served_report(html, 7);
        // A report without a style-src of its own gets one for the served style.
        let policy = format!(
            "default-src &#39;none&#39;; script-src &#39;sha256-{}&#39;; connect-src &#39;self&#39;; \
             style-src &#39;sha256-{}&#39;; img-src data:",
            csp_hash(SCRIPT),
            csp_hash(LAZY_SECTIONS)
        );
        assert!(served.contains(&policy), "{served}");
        assert!(served.ends_with(&format!(
            "<p>x</p><script data-generation=\"7\">{SCRIPT}</script>\n</body>"
        )));
    }

    #[test]
    fn the_served_copy_allows_its_own_style_beside_the_report_s() {
        let html = "<head><meta http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src &#39;sha256-abc&#39;; img-src data:\">\n<style>p{}</style>\n</head><body></body>";
        let served = served_report(html, 1);
        assert!(served.contains(&format!(
            "style-src &#39;sha256-{}&#39; &#39;sha256-abc&#39;; img-src data:",
            csp_hash(LAZY_SECTIONS)
        )));
        assert!(served.contains(&format!(
            "<style>p{{}}</style>\n<style>{LAZY_SECTIONS}</style>\n</head>"
        )));
        // The hash is of the style's text (checked with `openssl dgst -sha256 -binary | base64`).
        assert_eq!(
            csp_hash(LAZY_SECTIONS),
            "xMQ1Bd3uUFVGiBpwcQYuIgqU15osrjQFFAS3K/Pf1yY="
        );
    }

    #[test]
    fn problems_are_escaped() {
        let page = problems_page(
            "error: data/x.csv:2: name: found \"<b>\"\nerror: R&D's\n",
            1,
        );
        assert!(page.contains(
            "<pre>error: data/x.csv:2: name: found &quot;&lt;b&gt;&quot;\nerror: R&amp;D&apos;s\n</pre>"
        ));
    }
}
