//! File names of charts made from data text (a target id, a users metric, a
//! stack's name): `charts/NAME.svg`, `charts/NAME.png`, `data/NAME.csv`, and the
//! ids and anchors of the page. Data text can be any length and hold any
//! character, while a file name must stay under the file system's 255 bytes,
//! hold no path separator, and differ from every other chart's.
//!
//! A name is the family's prefix and the text as a slug (lowercase ASCII
//! letters, digits, `-` and `_`; anything else `_`). It is kept as it is when it
//! fits in `KEPT` bytes and no earlier chart of the family has it, so short ids
//! keep their readable names. Otherwise it is cut to `KEPT` bytes and ends in
//! `-` and the first 8 hex digits of the SHA-256 of the full text: the same
//! text always gives the same name, and texts that share a long beginning, or
//! that differ only in characters the slug drops, get different ones.

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

/// The longest name kept as it is; a cut name adds 9 bytes (`-` and 8 hex digits).
const KEPT: usize = 64;

/// The names given so far to the charts of one family (one prefix).
#[derive(Debug, Default)]
pub struct FileNames {
    taken: BTreeSet<String>,
}

impl FileNames {
    pub fn new() -> FileNames {
        FileNames::default()
    }

    /// A name for the chart of `text`, unique among the names this family gave.
    pub fn claim(&mut self, prefix: &str, text: &str) -> String {
        let slug = slug(text);
        let plain = format!("{prefix}{slug}");
        let mut name = if slug.is_empty() || plain.len() > KEPT || self.taken.contains(&plain) {
            hashed(&plain, text)
        } else {
            plain.clone()
        };
        // Two texts whose hashes share their first 8 digits: a counter settles it.
        let mut n = 1;
        while self.taken.contains(&name) {
            n += 1;
            name = format!("{}-{n}", hashed(&plain, text));
        }
        self.taken.insert(name.clone());
        name
    }
}

/// Lowercase ASCII letters, digits, `-` and `_`; every other character `_`;
/// no `_` at either end (`AI agents` -> `ai_agents`).
fn slug(text: &str) -> String {
    let name: String = text
        .chars()
        .map(|c| match c {
            'a'..='z' | '0'..='9' | '-' | '_' => c,
            'A'..='Z' => c.to_ascii_lowercase(),
            _ => '_',
        })
        .collect();
    name.trim_matches('_').to_string()
}

/// `name` cut to `KEPT` bytes, then `-` and 8 hex digits of the SHA-256 of `text`.
fn hashed(name: &str, text: &str) -> String {
    // The slug is ASCII, so any byte is a character boundary.
    let cut = name[..name.len().min(KEPT)].trim_end_matches(['_', '-']);
    let digest = format!("{:x}", Sha256::digest(text.as_bytes()));
    format!("{cut}-{}", &digest[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(prefix: &str, text: &str) -> String {
        FileNames::new().claim(prefix, text)
    }

    #[test]
    fn short_ids_keep_their_names() {
        assert_eq!(
            claim("commitment_pace_", "baba_ai_infra_3y"),
            "commitment_pace_baba_ai_infra_3y"
        );
        assert_eq!(
            claim("users_", "open_model_downloads"),
            "users_open_model_downloads"
        );
        assert_eq!(
            claim("stack_players_", "AI agents"),
            "stack_players_ai_agents"
        );
        assert_eq!(
            claim("stack_players_", "Commerce"),
            "stack_players_commerce"
        );
    }

    #[test]
    fn a_long_id_is_cut_and_ends_in_its_hash() {
        // printf %s "$(printf 't%.0s' $(seq 250))" | sha256sum -> a4c11dc7...:
        // 16 bytes of prefix, 48 of the id, "-" and 8 hex digits: 73 bytes.
        let id = "t".repeat(250);
        let name = claim("commitment_pace_", &id);
        assert_eq!(name, format!("commitment_pace_{}-a4c11dc7", "t".repeat(48)));
        assert_eq!(name.len(), 73);
        assert_eq!(claim("commitment_pace_", &id), name, "the same every time");
    }

    #[test]
    fn long_ids_sharing_a_beginning_do_not_collide() {
        let common = "x".repeat(200);
        let (a, b) = (format!("{common}a"), format!("{common}b"));
        let mut names = FileNames::new();
        let (first, second) = (names.claim("users_", &a), names.claim("users_", &b));
        assert_ne!(first, second);
        // printf %s "$(printf 'x%.0s' $(seq 200))a" | sha256sum -> f2e74f0a...
        // and the same with "b" -> 8f58687a...
        assert_eq!(first, format!("users_{}-f2e74f0a", "x".repeat(58)));
        assert_eq!(second, format!("users_{}-8f58687a", "x".repeat(58)));
    }

    #[test]
    fn texts_with_the_same_slug_get_different_names() {
        let mut names = FileNames::new();
        assert_eq!(
            names.claim("stack_players_", "AI agents"),
            "stack_players_ai_agents"
        );
        // printf %s 'ai agents' | sha256sum -> e748f875...
        assert_eq!(
            names.claim("stack_players_", "ai agents"),
            "stack_players_ai_agents-e748f875"
        );
        // The same text twice (never in valid data) still gets a name of its own.
        assert_eq!(
            names.claim("stack_players_", "ai agents"),
            "stack_players_ai_agents-e748f875-2"
        );
    }

    #[test]
    fn names_are_safe_whatever_the_text() {
        // The slug is empty, so the hash names it:
        // printf %s '字节跳动' | sha256sum -> 702c213f...
        assert_eq!(
            claim("stack_players_", "字节跳动"),
            "stack_players-702c213f"
        );
        for text in [
            "../../etc/passwd",
            ".hidden",
            "a/b\\c",
            "Ünïcödé  ",
            "\u{0}\n",
        ] {
            let name = claim("stack_players_", text);
            assert!(
                name.bytes().all(|b| b.is_ascii_lowercase()
                    || b.is_ascii_digit()
                    || b == b'-'
                    || b == b'_'),
                "{name}"
            );
            assert!(name.len() <= 73 && !name.starts_with('.'), "{name}");
        }
        assert_eq!(
            claim("stack_players_", "../../etc/passwd"),
            "stack_players_etc_passwd"
        );
    }
}
