//! SPEC 6.1, one test per rule: each builds a folder in which the misleading
//! sentence, key figure or title would come out, and asserts the honest one.
//! The base is `tests/fixtures/metrics`, whose every figure is worked out by
//! hand in `tests/metrics.rs`.

mod common;

use std::fs;

use common::{built_page as build, section, Workdir};

#[test]
fn users_counts_are_compared_only_with_the_same_kind_of_count() {
    let dir = Workdir::fixture("metrics");
    // A weekly count above every monthly one but Widget's: "the largest user
    // count" would set it against them (one above them all: see the next test).
    let users = fs::read_to_string(dir.data().join("users.csv")).unwrap();
    dir.write("users.csv", &(users + "p2,2025-04-01,wau,90,,u2\n"));
    let (text, _) = build(&dir);
    assert!(!text.contains("Largest user count"), "{text}");
    // Widget's 120 against Gadget's 10, both monthly; the weekly 90 stays out.
    assert!(text.contains(
        "Of the latest monthly active user counts of 2 products in the data (dated 1 February 2025 to 1 May 2025), Widget's is the highest: 120 on 1 May 2025; weekly and daily counts are not compared."
    ));
    assert!(
        !text.contains("weekly active user counts of"),
        "one weekly product: no ranking"
    );
}

#[test]
fn qualifiers_are_carried_into_words() {
    let dir = Workdir::fixture("metrics");
    // Widget's latest monthly count becomes "at least 120", and its daily one "about 50".
    let users = fs::read_to_string(dir.data().join("users.csv"))
        .unwrap()
        .replace(
            "p1,2025-05-01,mau,120,,u1",
            "p1,2025-05-01,mau,120,at_least,u1",
        )
        .replace("p1,2025-05-01,dau,50,,u1", "p1,2025-05-01,dau,50,approx,u1");
    dir.write("users.csv", &users);
    let (text, html) = build(&dir);
    assert!(text.contains(
        "Widget's is the highest: at least 120 on 1 May 2025; daily counts are not compared."
    ));
    // Chart titles carry them too.
    // The focus company's product follows, with its own count and day.
    assert!(html.contains(
        "Widget has the highest latest count: at least 120 on 1 May 2025; Gadget: 10 on 1 \
         February 2025</title>"
    ));
    // Widget's one daily count is listed, not drawn, with its qualifier.
    assert!(html.contains(
        "<td data-label=\"product\">Widget</td><td \
         data-label=\"what was counted\">daily active users</td><td \
         data-label=\"date\">1 May 2025</td><td data-label=\"count\">about 50</td>"
    ));
    // A claim's qualifier reaches its verdict line.
    assert!(text.contains(
        "at least 100 at least 120 holds: the data's figure is at least the claimed one"
    ));
    assert!(text.contains(
        "at most 8.0% (± 1.0%) 10.0% fails: the data's figure is not at most the claimed one"
    ));
}

/// The fixture's users.csv with a `measured_by` column: `counters` gives
/// the cell of each row in file order.
fn users_counted_by(dir: &Workdir, counters: &[&str], extra: &str) {
    let users = fs::read_to_string(dir.data().join("users.csv")).unwrap();
    let mut lines = users.lines();
    let mut out = format!("{},measured_by\n", lines.next().unwrap());
    for (line, counter) in lines.zip(counters) {
        out.push_str(&format!("{line},{counter}\n"));
    }
    out.push_str(extra);
    dir.write("users.csv", &out);
}

// Rows of the fixture's users.csv, in file order: p1 mau 1 May 120, p1 mau
// 1 Jan 100, p2 mau 1 Feb 10, p1 mau 2 Mar 150 (approx), p1 dau 1 May 50,
// p2 mau 1 Jan 0. p1 is Widget (Acme's), p2 Gadget (Hanzi's, the focus).

#[test]
fn a_ranking_of_two_trackers_names_who_counted_each_count() {
    let dir = Workdir::fixture("metrics");
    // Widget's latest monthly count is Aicpb's, Gadget's QuestMobile's;
    // QuestMobile counted both on 1 January.
    let counters = [
        "aicpb",
        "questmobile",
        "questmobile",
        "questmobile",
        "aicpb",
        "questmobile",
    ];
    users_counted_by(&dir, &counters, "");
    let (text, html) = build(&dir);
    assert!(
        text.contains(
            "Of the latest monthly active user counts of 2 products in the data, dated 1 February \
             2025 to 1 May 2025 and counted by Aicpb (Widget) and QuestMobile (Gadget), Widget's \
             is the highest: 120 on 1 May 2025; daily counts are not compared."
        ),
        "{text}"
    );
    // Like with like: the one day one counter counted both.
    assert!(text.contains(
        "Counted on one day, 1 January 2025, by QuestMobile: 100 monthly active users for \
         Widget and 0 for Gadget."
    ));
    // The chart's title names the counter of each count it names.
    assert!(html.contains(
        "Widget has the highest latest count: 120 on 1 May 2025, by Aicpb; Gadget: 10 on 1 \
         February 2025, by QuestMobile</title>"
    ));
    // The table of counts with one figure says who counted, in words.
    assert!(
        text.contains("Widget daily active users 1 May 2025 50 Aicpb"),
        "{text}"
    );
}

#[test]
fn a_weekly_count_above_every_monthly_one_is_named_with_its_bound() {
    let dir = Workdir::fixture("metrics");
    // Gadget's weekly count of at least 900 means at least 900 monthly users:
    // more than Widget's 120, the highest monthly count.
    let counters = ["company"; 6];
    users_counted_by(
        &dir,
        &counters,
        "p2,2025-04-01,wau,900,at_least,u2,company\n",
    );
    let (text, html) = build(&dir);
    assert!(
        text.contains(
            "Gadget's weekly count of at least 900 means at least 900 monthly users (1 April \
             2025, counted by Hanzi): more than any of the latest monthly active user counts of \
             2 products in the data, dated 1 February 2025 to 1 May 2025 and counted by Acme \
             (Widget) and Hanzi (Gadget)."
        ),
        "{text}"
    );
    assert!(!text.contains("Widget's is the highest"), "{text}");
    // The monthly chart's title says it too, not "Widget has the highest".
    assert!(html.contains("<title id=\"users_mau-title\">Gadget"));
    assert!(text.contains(
        "Gadget's weekly count of at least 900 means at least 900 monthly users, above every \
         product's latest count here; Gadget: 10 on 1 February 2025, by Hanzi"
    ));
}

#[test]
fn a_line_that_changes_counter_says_so_where_it_is_drawn() {
    let dir = Workdir::fixture("metrics");
    // Widget: QuestMobile on 1 January and 2 March, then Aicpb on 1 May.
    let counters = [
        "aicpb",
        "questmobile",
        "questmobile",
        "questmobile",
        "aicpb",
        "questmobile",
    ];
    users_counted_by(&dir, &counters, "");
    let (text, _) = build(&dir);
    assert!(
        text.contains(
            "Counted by QuestMobile (Gadget); Widget counted by QuestMobile (1 January to 2 March \
             2025), then Aicpb (1 May 2025). Where a line changes counter, the step compares two \
             counters' figures, not a change in users."
        ),
        "{text}"
    );
    // Each point of the chart's table says who counted it.
    assert!(text.contains("Widget 2025-03-02 monthly active users 150 about QuestMobile"));
    assert!(text.contains("Widget 2025-05-01 monthly active users 120 Aicpb"));
}

#[test]
fn a_more_than_count_says_more_than() {
    let dir = Workdir::fixture("metrics");
    let users = fs::read_to_string(dir.data().join("users.csv"))
        .unwrap()
        .replace(
            "p1,2025-05-01,mau,120,,u1",
            "p1,2025-05-01,mau,120,more_than,u1",
        );
    dir.write("users.csv", &users);
    let (text, html) = build(&dir);
    assert!(text.contains(
        "Widget's is the highest: more than 120 on 1 May 2025; daily counts are not compared."
    ));
    assert!(html.contains(
        "Widget has the highest latest count: more than 120 on 1 May 2025; Gadget: 10 on 1 \
         February 2025</title>"
    ));
    // The chart's table and its tooltip say it too.
    assert!(
        text.contains("Widget 2025-05-01 monthly active users 120 more than"),
        "{text}"
    );
    assert!(html.contains("Widget, 2025-05-01: more than 120"));
}

#[test]
fn blocs_are_compared_only_over_the_same_companies_and_days() {
    // Acme's capex covers 184 days of 2025, Hanzi's 183: a "3 to 1" would compare
    // two half-years that are not even the same half.
    let (text, _) = build(&Workdir::fixture("metrics"));
    assert!(text.contains(
        "In 2025, actual capex came to $184M for the western companies in the data (Acme) and $54M for the Chinese ones (Hanzi), so the two sums are not like for like: Acme's figures cover 184 of the year's 365 days; Hanzi's figures cover 183 of the year's 365 days."
    ));
    assert!(!text.contains(" to 1."));
    assert!(text.contains(
        "Capex by bloc and calendar year: no year has every company's figures for the whole year"
    ));
    // The note beside the chart says which days each company's figures cover.
    assert!(text.contains("2025: Acme 184 of 365, Hanzi 183 of 365"));

    // With whole years on both sides, the ratio is fair and is given.
    let dir = Workdir::fixture("metrics");
    dir.write(
        "capex.csv",
        "company,period,period_start,period_end,kind,currency,capex,source\n\
         hanzi,CY2025,2025-01-01,2025-12-31,actual,USD,50,hx\n\
         acme,CY2025,2025-01-01,2025-12-31,actual,USD,400,ax\n",
    );
    let (text, _) = build(&dir);
    // 400 / 50 = 8.
    assert!(text.contains(
        "In 2025, actual capex came to $400M for the western companies in the data (Acme) and $50M for the Chinese ones (Hanzi): 8 to 1."
    ));
    assert!(text.contains(
        "In 2025, the western companies spent $400M on capex, 8 times the Chinese companies' $50M"
    ));

    // A company missing from the year is named.
    let dir = Workdir::fixture("metrics");
    dir.write(
        "capex.csv",
        "company,period,period_start,period_end,kind,currency,capex,source\n\
         hanzi,CY2025,2025-01-01,2025-12-31,actual,USD,50,hx\n\
         acme,CY2025,2025-01-01,2025-12-31,actual,USD,400,ax\n\
         hanzi,CY2024,2024-01-01,2024-12-31,actual,USD,40,hx\n",
    );
    let companies = fs::read_to_string(dir.data().join("companies.csv")).unwrap();
    dir.write(
        "companies.csv",
        &(companies + "zeta,Zeta,western,US,USD,12-31\n"),
    );
    let capex = fs::read_to_string(dir.data().join("capex.csv")).unwrap();
    dir.write(
        "capex.csv",
        &(capex + "zeta,CY2024,2024-01-01,2024-12-31,actual,USD,10,ax\n"),
    );
    let (text, _) = build(&dir);
    assert!(text.contains("(Acme) and $50M for the Chinese ones (Hanzi), so the two sums are not like for like: no 2025 figures for Zeta."));
}

#[test]
fn a_year_in_progress_is_said_to_be_so_far() {
    let dir = Workdir::fixture("metrics");
    dir.write(
        "capex.csv",
        "company,period,period_start,period_end,kind,currency,capex,source\n\
         hanzi,Q1,2026-01-01,2026-03-31,actual,USD,50,hx\n\
         acme,Q1,2026-01-01,2026-03-31,actual,USD,400,ax\n",
    );
    // As of 2026-03-31, the end of Hanzi's FY2026Q4, the latest row.
    let (text, _) = build(&dir);
    assert!(
        text.contains("In 2026 so far (to 31 March 2026), actual capex came to $400M"),
        "{text}"
    );
}

#[test]
fn a_claim_that_repeats_its_source_is_never_counted_as_confirmed() {
    let (text, html) = build(&Workdir::fixture("metrics"));
    // k6 and k7 restate their sources (k7 through h26's based_on); k3 and k5
    // have no figure. k8 and k9 name one figure (Widget's monthly users on 1
    // May 2025), as do k10 and k11 (Hanzi's FY2026Q1 margin): 9 facts. Of the
    // 5 tested, k1 and k4 hold, k2 fails, and each pair holds as one claim
    // states it (at least 100; at most 10.5%) and fails as the other does.
    assert!(text.contains("9 facts from 11 claims (claims that name the same figure count once): of the 5 tested against data from other sources, 2 hold, 1 fails and 2 hold as one claim states them and fail as another does; 2 repeat their own source, so the data cannot test them; 2 cannot be checked against the data."));
    let claims = section(&html, "claims");
    assert_eq!(claims.matches("repeats its own source").count(), 2);
    // What tested each claim: the row described, and its sources' publisher
    // (h25 is Hanzi's; h26 is compiled from rel, Hanzi's too).
    assert!(text.contains(
        "Hanzi revenue growth on a year earlier, FY2026Q3 (October to December 2025) source: Hanzi"
    ));
}

#[test]
fn a_money_claim_shows_the_native_figure_and_the_rate() {
    let (text, _) = build(&Workdir::fixture("metrics"));
    // k6's quarter ends 2025-06-30, the day of the rate it uses.
    assert!(text.contains("at 0.1500 USD per CNY (the rate of 30 June 2025)"));
    // k2: RMB 1,000M x 0.14 = $140M against the claimed $150M: the reader sees the rate.
    assert!(text.contains(
        "$150M (± $5.0M) $140M from RMB 1.0B at 0.1400 USD per CNY (the rate of 31 December 2024) fails"
    ));
}

#[test]
fn pace_and_progress_name_the_day_they_are_measured_to() {
    let (text, html) = build(&Workdir::fixture("metrics"));
    // Hanzi's capex is known to 2025-09-30; the as-of date is 2026-06-30. Time is
    // measured to the same day as the money: 273 of 731 days, not 546.
    // Revenue runs to 31 March 2026, capex to 30 September 2025: the pace is
    // older than the rest, and says so (SPEC 6.1, stale measures).
    assert!(text.contains("By 30 September 2025, the last day with capex data (revenue is reported to 31 March 2026), Hanzi had spent 36.3% of its RMB 1.0B capex commitment (1 January 2025 to 1 January 2027), with 37.3% of its time gone by that day: 0.97x the pace of a straight line to the target."));
    assert!(text.contains("By 30 September 2025 (its latest capex figure; revenue runs to 31 March 2026) it had spent 36.3% of its RMB 1.0B capex plan, with 37.3% of the plan's time gone: 0.97x a straight-line pace."));
    assert!(text.contains("By 30 September 2025 (the latest capex data; revenue runs to 31 March 2026), Hanzi had spent 36.3% of its RMB 1.0B plan, with 37.3% of the time gone"));
    // A run-rate target has no pace; past its level it says so rather than
    // "needs -5.8% growth a year".
    assert!(text.contains("Hanzi already reached the level of its target of RMB 10.0B a year of revenue by 31 December 2029 in the four quarters to 31 March 2026: 125.3% of it."));
    assert!(!text.contains("-5.8% a year"));
    assert!(section(&html, "targets")
        .contains("data-label=\"pace or growth still needed\">level reached</td>"));
    assert!(
        section(&html, "targets").contains(
            "data-label=\"measured to\">2025-09-30 (the latest capex data; revenue to 2026-03-31)</td>"
        ),
        "measured-to column"
    );
}

#[test]
fn ids_never_appear_in_prose() {
    let (_, html) = build(&Workdir::fixture("metrics"));
    for id in ["key-figures", "summary", "targets", "claims"] {
        let part = section(&html, id);
        // Outside links and anchors (chart files are named by id), no target,
        // company or product id is shown.
        let visible: String = part
            .split('<')
            .map(|piece| piece.split_once('>').map_or(piece, |(_, text)| text))
            .collect();
        for word in [
            "t_cum_capex",
            "t_run_rev",
            "t_cum_rev",
            "hanzi",
            "acme",
            "p1",
            "p2",
        ] {
            assert!(
                !visible
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .any(|w| w == word),
                "{word} shown in {id}"
            );
        }
    }
}

/// A chart's title as its SVG gives it to screen readers.
fn chart_title(html: &str, name: &str) -> String {
    let start = html
        .find(&format!("<title id=\"{name}-title\">"))
        .expect(name);
    let text = &html[start..];
    text[text.find('>').unwrap() + 1..text.find("</title>").unwrap()]
        .replace("&apos;", "'")
        .replace("&#39;", "'")
}

/// Acme's capex includes finance leases, Zeta's is cash, Hanzi's states no
/// basis and is an estimate; Qiming, of Hanzi's bloc, has no capex at all.
fn mixed_bases() -> Workdir {
    let dir = Workdir::fixture("metrics");
    let companies = fs::read_to_string(dir.data().join("companies.csv")).unwrap();
    dir.write(
        "companies.csv",
        &(companies + "zeta,Zeta,western,US,USD,12-31\nqiming,Qiming,china,CN,CNY,12-31\n"),
    );
    dir.write(
        "capex.csv",
        "company,period,period_start,period_end,kind,currency,capex,source,basis,qualifier\n\
         acme,CY2025,2025-01-01,2025-12-31,actual,USD,400,ax,incl_leases,\n\
         zeta,CY2025,2025-01-01,2025-12-31,actual,USD,300,ax,cash,\n\
         hanzi,CY2025,2025-01-01,2025-12-31,actual,USD,50,hx,,approx\n",
    );
    dir
}

#[test]
fn capex_sums_and_rankings_say_whose_figures_count_what() {
    let (text, html) = build(&mixed_bases());
    // Whole years on both sides: 400 + 300 = 700 against about 50, about 14 to 1;
    // then which figure is an estimate, and whose figures count what.
    assert!(
        text.contains(
            "In 2025, actual capex came to $700M for the western companies in the data (Acme \
             and Zeta) and about $50M for the Chinese ones (Hanzi): about 14 to 1. Hanzi's \
             figure is an estimate. Acme's figures include finance leases; Zeta's count cash \
             payments only; Hanzi's basis is not stated."
        ),
        "{text}"
    );
    assert_eq!(
        chart_title(&html, "capex_by_bloc"),
        "In 2025, the western companies spent $700M on capex, about 14 times the Chinese \
         companies' about $50M, on differing or unstated bases"
    );
    // The ranking names what the top figure counts, and the focus company's.
    assert_eq!(
        chart_title(&html, "capex_by_company"),
        "Acme spent the most: $400M in 2025 (including finance leases); Hanzi spent about $50M \
         (basis not stated)"
    );
    assert!(text.contains(
        "Acme's figures include finance leases; Zeta's count cash payments only; Hanzi's basis \
         is not stated; Hanzi's figure is an estimate."
    ));
    // The bloc note names the bloc's company without capex figures.
    assert!(text.contains("Western: Acme and Zeta; Chinese: Hanzi (no capex figures for Qiming)"));
    // Each bar's basis and qualifier in the table, in words on the page, as
    // the data spells them in the file.
    assert!(html.contains(
        "<td data-label=\"basis\">including finance leases</td><td data-label=\"qualifier\"></td>"
    ));
    assert!(html.contains(
        "<td data-label=\"basis\">not stated</td><td data-label=\"qualifier\">about</td>"
    ));
    let dir = mixed_bases();
    assert_eq!(dir.run(&["build", "-q"]).status, 0);
    let csv = fs::read_to_string(dir.path().join("output/data/capex_by_company.csv")).unwrap();
    assert_eq!(
        csv,
        "company,year,basis,qualifier,capex_conv,unit\n\
         acme,2025,incl_leases,,400,USD mn\n\
         hanzi,2025,,approx,50,USD mn\n\
         zeta,2025,cash,,300,USD mn\n"
    );
}

#[test]
fn a_capex_estimate_reads_about_wherever_its_value_is_named() {
    let dir = Workdir::fixture("metrics");
    // Hanzi's first half of FY2026 (363 on revenue of 1,210: 30.0%) becomes an estimate.
    dir.write(
        "capex.csv",
        "company,period,period_start,period_end,kind,currency,capex,source,basis,qualifier\n\
         hanzi,FY2026H1,2025-04-01,2025-09-30,actual,CNY,363,hx,,approx\n\
         hanzi,FY2026,2025-04-01,2026-03-31,guidance,CNY,1000,hx,,\n\
         acme,FY2024,2024-01-01,2024-12-31,actual,USD,100,ax,,\n\
         acme,Jul25-Jun26,2025-07-01,2026-06-30,actual,USD,365,ax,,\n",
    );
    let (text, html) = build(&dir);
    assert_eq!(
        chart_title(&html, "capex_intensity_half"),
        "Hanzi spent about 30.0% of its revenue on capex in FY2026H1"
    );
    assert!(
        text.contains("and about $54M for the Chinese ones (Hanzi)"),
        "{text}"
    );
    assert!(text.contains("Hanzi spent about $54M; its figures cover 183 of the year's 365 days"));
    // No row states a basis: nothing is said of bases but that.
    assert!(!text.contains("basis is not stated"));
}

#[test]
fn a_capex_file_without_basis_columns_still_builds_and_says_only_that_bases_are_unknown() {
    // The fixture's capex.csv is of SPEC v2: no basis, no qualifier column.
    let dir = Workdir::fixture("metrics");
    let capex = fs::read_to_string(dir.data().join("capex.csv")).unwrap();
    assert!(!capex.lines().next().unwrap().contains("basis"));
    let (text, html) = build(&dir);
    // The sentence is v2's, word for word.
    assert!(text.contains(
        "In 2025, actual capex came to $184M for the western companies in the data (Acme) and \
         $54M for the Chinese ones (Hanzi), so the two sums are not like for like: Acme's \
         figures cover 184 of the year's 365 days; Hanzi's figures cover 183 of the year's 365 \
         days."
    ));
    assert_eq!(
        chart_title(&html, "capex_by_company"),
        "Acme spent the most: $184M in 2025; Hanzi spent $54M; its figures cover 183 of the \
         year's 365 days"
    );
    // The two charts that compare companies say the bases are unknown; the
    // intensity chart of Hanzi alone compares nothing.
    let unknown =
        "The data does not say whether these figures include assets under finance leases.</p>";
    assert_eq!(section(&html, "capex").matches(unknown).count(), 2);
    assert!(!text.contains("basis is not stated"));
}
