//! The report's sections by their stable ids: the anchors of the page, and the
//! names `sections` in aimarket.toml lists to choose and order them.

/// A section of the report, in the page's default order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReportSection {
    KeyFigures,
    Summary,
    /// What changed since the report `build --compare` names.
    Changes,
    Earnings,
    Capex,
    Targets,
    Users,
    Stacks,
    Claims,
    Provenance,
}

impl ReportSection {
    /// Every section, in the default order.
    pub const ALL: [ReportSection; 10] = [
        ReportSection::KeyFigures,
        ReportSection::Summary,
        ReportSection::Changes,
        ReportSection::Earnings,
        ReportSection::Capex,
        ReportSection::Targets,
        ReportSection::Users,
        ReportSection::Stacks,
        ReportSection::Claims,
        ReportSection::Provenance,
    ];

    /// The stable id: the section's anchor on the page (`#capex`).
    pub fn id(self) -> &'static str {
        match self {
            ReportSection::KeyFigures => "key-figures",
            ReportSection::Summary => "summary",
            ReportSection::Changes => "changes",
            ReportSection::Earnings => "earnings",
            ReportSection::Capex => "capex",
            ReportSection::Targets => "targets",
            ReportSection::Users => "users",
            ReportSection::Stacks => "stacks",
            ReportSection::Claims => "claims",
            ReportSection::Provenance => "provenance",
        }
    }

    /// The heading of the section, as the table of contents shows it.
    pub fn title(self) -> &'static str {
        match self {
            ReportSection::KeyFigures => "Key figures",
            ReportSection::Summary => "Summary",
            ReportSection::Changes => "What changed",
            ReportSection::Earnings => "Earnings",
            ReportSection::Capex => "Capex and commitments",
            ReportSection::Targets => "Targets",
            ReportSection::Users => "Users and adoption",
            ReportSection::Stacks => "The two stacks",
            ReportSection::Claims => "Claims",
            ReportSection::Provenance => "Data and provenance",
        }
    }

    pub fn parse(id: &str) -> Option<ReportSection> {
        ReportSection::ALL.into_iter().find(|s| s.id() == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_back() {
        for section in ReportSection::ALL {
            assert_eq!(ReportSection::parse(section.id()), Some(section));
        }
        assert_eq!(ReportSection::parse("key_figures"), None);
    }
}
