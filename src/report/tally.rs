//! The claims' verdicts counted, and said in one sentence.

use crate::metrics::{Metrics, Verdict};

/// Verdicts counted; only `holds` and `fails` were tested independently.
pub struct Tally {
    pub holds: usize,
    pub fails: usize,
    pub restates: usize,
    pub unverifiable: usize,
}

impl Tally {
    pub fn of(metrics: &Metrics) -> Tally {
        let count = |v: Verdict| metrics.claims.iter().filter(|c| c.verdict == v).count();
        Tally {
            holds: count(Verdict::Holds),
            fails: count(Verdict::Fails),
            restates: count(Verdict::Restates),
            unverifiable: count(Verdict::Unverifiable),
        }
    }

    pub fn independent(&self) -> usize {
        self.holds + self.fails
    }

    /// "Of the 10 claims, 4 were tested against data from other sources: 3 hold
    /// and 1 fails; 5 repeat their own source; 1 cannot be checked."
    pub fn sentence(&self) -> String {
        let total = self.independent() + self.restates + self.unverifiable;
        let mut parts = vec![format!(
            "{} {} tested against data from other sources",
            self.independent(),
            if self.independent() == 1 {
                "was"
            } else {
                "were"
            }
        )];
        if self.independent() > 0 {
            parts[0].push_str(&format!(
                ": {} {} and {} {}",
                self.holds,
                if self.holds == 1 { "holds" } else { "hold" },
                self.fails,
                if self.fails == 1 { "fails" } else { "fail" }
            ));
        }
        if self.restates > 0 {
            parts.push(format!(
                "{} {} {} own source, so the data cannot test {}",
                self.restates,
                if self.restates == 1 {
                    "repeats"
                } else {
                    "repeat"
                },
                if self.restates == 1 { "its" } else { "their" },
                if self.restates == 1 { "it" } else { "them" }
            ));
        }
        if self.unverifiable > 0 {
            parts.push(format!(
                "{} cannot be checked against the data",
                self.unverifiable
            ));
        }
        format!(
            "Of the {total} {}, {}.",
            if total == 1 { "claim" } else { "claims" },
            parts.join("; ")
        )
    }
}
