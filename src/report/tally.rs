//! The claims' verdicts counted, and said in one sentence. Claims that name
//! the same metric row (metric, subject, segment and period) state one fact,
//! and are counted once (SPEC 6.1, one fact, one count): two sources that both
//! say operating income fell 74% are one figure confirmed, not two.

use std::collections::BTreeMap;

use crate::metrics::{ClaimResult, Metrics, Verdict};

/// Facts counted by verdict; only `holds`, `fails` and `split` were tested
/// independently.
pub struct Tally {
    pub claims: usize,
    pub facts: usize,
    pub holds: usize,
    pub fails: usize,
    /// Facts that hold as one claim states them and fail as another does.
    pub split: usize,
    pub restates: usize,
    pub unverifiable: usize,
}

/// The verdict of one fact from those of the claims that state it: tested if
/// any claim of it was tested against other sources (holding only if every
/// such claim holds), else repeated if any repeats its own source.
fn fact_verdict(verdicts: &[Verdict]) -> Option<Verdict> {
    let tested: Vec<Verdict> = verdicts
        .iter()
        .copied()
        .filter(|v| matches!(v, Verdict::Holds | Verdict::Fails))
        .collect();
    let all = |v: Verdict| tested.iter().all(|t| *t == v);
    if !tested.is_empty() {
        return if all(Verdict::Holds) {
            Some(Verdict::Holds)
        } else if all(Verdict::Fails) {
            Some(Verdict::Fails)
        } else {
            None
        };
    }
    if verdicts.contains(&Verdict::Restates) {
        Some(Verdict::Restates)
    } else {
        Some(Verdict::Unverifiable)
    }
}

/// The fact a claim states: the metric row it names.
fn fact(c: &ClaimResult) -> (&str, &str, &str, &str) {
    (
        c.metric.name(),
        c.subject.as_str(),
        c.segment.as_deref().unwrap_or(""),
        c.period.as_deref().unwrap_or(""),
    )
}

/// For each claim, whether an earlier claim names the same figure, so that
/// the claims table can say why the tally counts it with that one.
pub fn repeats_earlier(claims: &[ClaimResult]) -> Vec<bool> {
    let mut seen = std::collections::BTreeSet::new();
    claims.iter().map(|c| !seen.insert(fact(c))).collect()
}

/// "1 claim", "2 claims".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Tally {
    pub fn of(metrics: &Metrics) -> Tally {
        Tally::of_claims(&metrics.claims)
    }

    pub fn of_claims(claims: &[ClaimResult]) -> Tally {
        let mut facts: BTreeMap<_, Vec<Verdict>> = BTreeMap::new();
        for c in claims {
            facts.entry(fact(c)).or_default().push(c.verdict);
        }
        let verdicts: Vec<Option<Verdict>> = facts.values().map(|v| fact_verdict(v)).collect();
        let count = |v: Option<Verdict>| verdicts.iter().filter(|f| **f == v).count();
        Tally {
            claims: claims.len(),
            facts: facts.len(),
            holds: count(Some(Verdict::Holds)),
            fails: count(Some(Verdict::Fails)),
            split: count(None),
            restates: count(Some(Verdict::Restates)),
            unverifiable: count(Some(Verdict::Unverifiable)),
        }
    }

    /// Facts tested against data from other sources.
    pub fn independent(&self) -> usize {
        self.holds + self.fails + self.split
    }

    /// Whether some claims state the same fact, so facts and claims differ.
    pub fn merges(&self) -> bool {
        self.facts < self.claims
    }

    /// "Of the 10 claims, 4 were tested against data from other sources: 3 hold
    /// and 1 fails; 5 repeat their own source; 1 cannot be checked." With
    /// claims of one fact: "4 facts from 5 claims (claims that name the same
    /// figure count once): of the 3 tested against data from other sources, 2
    /// hold and 1 fails; 1 cannot be checked against the data."
    pub fn sentence(&self) -> String {
        let n = self.independent();
        let tested = match (self.merges(), n) {
            (true, 0) => "none was tested against data from other sources".to_string(),
            (true, n) => format!(
                "of the {n} tested against data from other sources, {}",
                self.results()
            ),
            (false, 0) => "0 were tested against data from other sources".to_string(),
            (false, n) => format!(
                "{n} {} tested against data from other sources: {}",
                if n == 1 { "was" } else { "were" },
                self.results()
            ),
        };
        let parts = [vec![tested], self.untested()].concat().join("; ");
        if self.merges() {
            format!(
                "{} from {} (claims that name the same figure count once): {parts}.",
                counted(self.facts, "fact", "facts"),
                counted(self.claims, "claim", "claims"),
            )
        } else {
            format!(
                "Of the {}, {parts}.",
                counted(self.claims, "claim", "claims")
            )
        }
    }

    /// "3 hold and 1 fails", or with a fact its claims state differently "3
    /// hold, 1 fails and 1 holds as one claim states it and fails as another
    /// does".
    fn results(&self) -> String {
        let holds = counted(self.holds, "holds", "hold");
        let fails = counted(self.fails, "fails", "fail");
        match self.split {
            0 => format!("{holds} and {fails}"),
            1 => format!(
                "{holds}, {fails} and 1 holds as one claim states it and fails as another does"
            ),
            n => format!(
                "{holds}, {fails} and {n} hold as one claim states them and fail as another does"
            ),
        }
    }

    /// What was not tested: facts repeated from their own source, facts no
    /// figure of the data can test.
    fn untested(&self) -> Vec<String> {
        let mut parts = Vec::new();
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
        parts
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Verdict::*;

    #[test]
    fn a_fact_is_tested_when_any_of_its_claims_is() {
        assert_eq!(fact_verdict(&[Holds, Holds]), Some(Holds));
        // A repeat beside an independent test: the test counts.
        assert_eq!(fact_verdict(&[Restates, Fails]), Some(Fails));
        // Claims of one figure that disagree: neither holds nor fails alone.
        assert_eq!(fact_verdict(&[Holds, Fails]), None);
        assert_eq!(fact_verdict(&[Unverifiable, Restates]), Some(Restates));
        assert_eq!(fact_verdict(&[Unverifiable]), Some(Unverifiable));
    }

    #[test]
    fn a_tally_of_facts_says_how_many_claims_it_counts() {
        let tally = Tally {
            claims: 5,
            facts: 4,
            holds: 3,
            fails: 1,
            split: 0,
            restates: 0,
            unverifiable: 0,
        };
        assert_eq!(
            tally.sentence(),
            "4 facts from 5 claims (claims that name the same figure count once): of the 4 tested against data from other sources, 3 hold and 1 fails."
        );
        let one_each = Tally {
            claims: 3,
            facts: 3,
            holds: 1,
            fails: 0,
            split: 0,
            restates: 1,
            unverifiable: 1,
        };
        assert_eq!(
            one_each.sentence(),
            "Of the 3 claims, 1 was tested against data from other sources: 1 holds and 0 fail; 1 repeats its own source, so the data cannot test it; 1 cannot be checked against the data."
        );
    }
}
