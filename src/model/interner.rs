//! Small codes for the ids repeated on every row of a large file.

use rustc_hash::FxHashMap;

/// Assigns small codes to repeated strings. Exports repeat their ids in runs
/// (one product day after day) or in cycles (every product, then every product
/// again the next day), so it remembers the last id and which id followed each:
/// most lookups are one comparison, not a hash.
#[derive(Default)]
pub struct Interner {
    codes: FxHashMap<String, u32>,
    names: Vec<String>,
    last: Option<u32>,
    /// For each code, the code that came after it last time (`u32::MAX`: none yet).
    next: Vec<u32>,
}

impl Interner {
    pub fn code(&mut self, text: &str) -> u32 {
        if let Some(code) = self.known(text) {
            return code;
        }
        let code = self.names.len() as u32;
        self.codes.insert(text.to_string(), code);
        self.names.push(text.to_string());
        self.next.push(u32::MAX);
        self.follow(code);
        code
    }

    /// The code of `text` if it has one already.
    #[inline]
    pub fn known(&mut self, text: &str) -> Option<u32> {
        if let Some(last) = self.last {
            if same(&self.names[last as usize], text) {
                return Some(last);
            }
            let guess = self.next[last as usize];
            if guess != u32::MAX && same(&self.names[guess as usize], text) {
                self.last = Some(guess);
                return Some(guess);
            }
        }
        let code = *self.codes.get(text)?;
        self.follow(code);
        Some(code)
    }

    /// Notes that `code` came after the last one.
    fn follow(&mut self, code: u32) {
        if let Some(last) = self.last {
            self.next[last as usize] = code;
        }
        self.last = Some(code);
    }

    pub fn into_names(self) -> Vec<String> {
        self.names
    }
}

/// String equality for short ids without a call: two words compared for
/// 8 to 16 bytes (first and last eight, overlapping), a short loop below that.
#[inline]
fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    match (a.first_chunk::<8>(), b.first_chunk::<8>()) {
        (Some(a8), Some(b8)) if a.len() <= 16 => {
            a8 == b8 && a.last_chunk::<8>() == b.last_chunk::<8>()
        }
        (Some(_), Some(_)) => a == b,
        _ => a.iter().zip(b).all(|(x, y)| x == y),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interner_follows_cycles() {
        let mut interner = Interner::default();
        let days: Vec<u32> = (0..3)
            .flat_map(|_| ["a", "b", "c"])
            .map(|t| interner.code(t))
            .collect();
        assert_eq!(days, [0, 1, 2, 0, 1, 2, 0, 1, 2]);
        assert_eq!(
            interner.code("b"),
            1,
            "a guess that misses falls back to the map"
        );
        assert_eq!(interner.code("d"), 3);
    }

    #[test]
    fn short_ids_compare_by_words() {
        for (a, b) in [
            ("dau", "dau"),
            ("syn00001", "syn00001"),
            ("synthetic", "synthetic"),
        ] {
            assert!(same(a, b));
        }
        for (a, b) in [
            ("dau", "mau"),
            ("syn00001", "syn00002"),
            ("synthetic", "synthetix"),
        ] {
            assert!(!same(a, b));
        }
        assert!(!same("abcdefghi", "abcdefgh"));
        let long = "a_product_id_of_more_than_sixteen_bytes";
        assert!(same(long, long) && !same(long, &long.replace("more", "less")));
    }

    #[test]
    fn interner_gives_stable_codes() {
        let mut interner = Interner::default();
        assert_eq!(interner.code("qwen_app"), 0);
        assert_eq!(interner.code("doubao"), 1);
        assert_eq!(interner.code("qwen_app"), 0);
        assert_eq!(interner.into_names(), ["qwen_app", "doubao"]);
    }
}
