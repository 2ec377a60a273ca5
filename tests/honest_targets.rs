//! SPEC 6.1 v3 for targets, campaigns and claims, one test per rule, each
//! asserting the exact sentence: qualifiers everywhere (and on what is worked
//! out from a qualified figure), what a target counts, stale measures, one
//! fact one count, and verdict lines that say why. The base is
//! `tests/fixtures/metrics`, whose figures are worked out by hand in
//! `tests/metrics.rs`; its targets.csv has no v3 columns, so the other tests
//! read its v2 words.

mod common;

use std::fs;

use common::{built_page as build, section, Workdir};

/// The fixture's targets with v3 columns: the capex plan is "more than RMB
/// 1.0B" of computing infrastructure, and the run-rate target "more than RMB
/// 100.0B" a year of cloud and AI revenue, both measured on other figures.
fn qualified_targets(dir: &Workdir) {
    dir.write(
        "targets.csv",
        "id,company,metric,segment,kind,value,currency,start,end,announced,source,qualifier,defined_as\n\
         t_cum_capex,hanzi,capex,,cumulative,1000,CNY,2025-01-01,2027-01-01,2025-01-01,t,more_than,capex on computing infrastructure\n\
         t_run_rev,hanzi,revenue,,run_rate,100000,CNY,2025-12-31,2029-12-31,2025-12-31,t,more_than,\"annual revenue from cloud and AI services\"\n\
         t_cum_rev,hanzi,revenue,total,cumulative,8385.3,CNY,2025-12-31,2027-12-31,2025-12-31,t,,\n",
    );
}

#[test]
fn a_more_than_plan_bounds_its_share_and_pace_and_says_what_it_counts() {
    let dir = Workdir::fixture("metrics");
    qualified_targets(&dir);
    let (text, html) = build(&dir);
    // Hanzi's FY2026H1 capex, RMB 363M, is 36.3% of RMB 1,000M, so less than
    // 36.3% of more than RMB 1,000M; with 273 of 731 days gone (37.3%), the
    // pace is less than 0.363 / 0.3735 = 0.97x. Revenue runs to 2026-03-31.
    assert!(text.contains(
        "By 30 September 2025 (its latest capex figure; revenue runs to 31 March 2026) it had spent RMB 363M, less than 36.3% of its capex plan of more than RMB 1.0B, with 37.3% of the plan's time gone: less than 0.97x a straight-line pace. The plan is stated as capex on computing infrastructure; this report measures it on Hanzi's total capex."
    ), "lede: {text}");
    assert!(text.contains(
        "By 30 September 2025, the last day with capex data (revenue is reported to 31 March 2026), Hanzi had spent RMB 363M, less than 36.3% of its capex commitment of more than RMB 1.0B (1 January 2025 to 1 January 2027), with 37.3% of its time gone by that day: less than 0.97x the pace of a straight line to the target. The commitment is stated as capex on computing infrastructure; this report measures it on Hanzi's total capex."
    ), "summary");
    let figures = section(&html, "key-figures");
    assert!(figures.contains(
        "<span class=\"figure-label\">Capex plan spent by 30 Sep 2025</span>\n\
         <span class=\"figure-value\">less than 36.3%</span>\n\
         <span class=\"figure-detail\">RMB 363M of Hanzi&#39;s capex commitment of more than RMB 1.0B (1 January 2025 to 1 January 2027), by 30 September 2025, the last day with capex data (revenue is reported to 31 March 2026), with 37.3% of its time gone: less than 0.97x the straight-line pace. Stated as capex on computing infrastructure; measured here on Hanzi&#39;s total capex</span>"
    ), "{figures}");
    // The chart's title and note, in the SVG too.
    assert!(text.contains(
        "By 30 September 2025 (the latest capex data; revenue runs to 31 March 2026), Hanzi had spent less than 36.3% of its plan of more than RMB 1.0B, with 37.3% of the time gone"
    ));
    assert!(html.contains(
        "Note: The plan is stated as capex on computing infrastructure; this report measures it on Hanzi&apos;s total capex.</desc>"
    ));
    let targets = section(&html, "targets");
    assert!(targets.contains(
        "<td data-label=\"target\">Hanzi&#39;s capex commitment of more than RMB 1.0B (1 January 2025 to 1 January 2027), stated as capex on computing infrastructure; measured here on Hanzi&#39;s total capex</td><td data-label=\"kind\">capex cumulative</td><td data-label=\"value\">more than RMB 1.0B</td>"
    ), "{targets}");
    assert!(targets.contains(
        "<td data-label=\"progress\">less than 36.3%</td><td data-label=\"time elapsed\">37.3%</td><td data-label=\"pace or growth still needed\">less than 0.97x</td>"
    ));
}

#[test]
fn a_more_than_revenue_target_needs_more_growth_from_either_start() {
    let dir = Workdir::fixture("metrics");
    qualified_targets(&dir);
    let (text, html) = build(&dir);
    // The latest four quarters to 2026-03-31: 1,210 + 0 + 1,320 + US$1,500 at
    // 0.15 (RMB 10,000) = RMB 12,530M; (100,000 / 12,530)^(365.25 / 1,371) - 1
    // = 73.9%. The four before the start: 1,100 + 1,210 + 0 + 1,320 = RMB
    // 3,630M; (100,000 / 3,630)^(1/4) - 1 = 129.1%. Reaching more than the
    // value needs more than either.
    assert!(text.contains(
        "Reaching Hanzi's target of more than RMB 100.0B a year of revenue by 31 December 2029 needs growth of more than 73.9% a year from the RMB 12.5B of the four quarters to 31 March 2026 (more than 129.1% a year from the RMB 3.6B of the four quarters before it began). The target is stated as annual revenue from cloud and AI services; this report measures it on Hanzi's total revenue."
    ), "{text}");
    // The key figure sets the two growths side by side.
    assert!(section(&html, "key-figures").contains(
        "<span class=\"figure-label\">Yearly growth still needed for revenue target</span>\n\
         <span class=\"figure-value\">more than 73.9%</span>\n\
         <span class=\"figure-detail\">to reach Hanzi&#39;s target of more than RMB 100.0B a year of revenue by 31 December 2029, from RMB 12.5B in the four quarters to 31 March 2026; from the RMB 3.6B of the four quarters before it began, more than 129.1% a year. Stated as annual revenue from cloud and AI services; measured here on Hanzi&#39;s total revenue</span>"
    ));
    // So does the target's chart: its title from the start, its note from now.
    assert!(text.contains(
        "Reaching more than RMB 100.0B by 2029 needs more than 129.1% growth a year from RMB 3.6B (the four quarters to 31 December 2025)"
    ));
    assert!(text.contains(
        "From the RMB 12.5B of the latest four quarters (to 31 March 2026), it needs more than 73.9% a year. The target is stated as annual revenue from cloud and AI services; this report measures it on Hanzi's total revenue."
    ));
    assert!(section(&html, "targets").contains(
        "<td data-label=\"required growth\">more than 129.1%</td><td data-label=\"measured to\">2026-03-31</td><td data-label=\"progress\">less than 12.5%</td>"
    ));
}

#[test]
fn a_stale_pace_is_said_only_while_it_is_stale() {
    // Capex to 31 March 2026, the end of Hanzi's latest quarter: 363 + 200 =
    // RMB 563M of 1,000 (56.3%) with 455 of 731 days gone (62.2%): 0.90x.
    let dir = Workdir::fixture("metrics");
    let capex = fs::read_to_string(dir.data().join("capex.csv")).unwrap();
    dir.write(
        "capex.csv",
        &(capex + "hanzi,FY2026H2,2025-10-01,2026-03-31,actual,CNY,200,hx\n"),
    );
    let (text, html) = build(&dir);
    assert!(text.contains(
        "By 31 March 2026, Hanzi had spent 56.3% of its RMB 1.0B capex commitment (1 January 2025 to 1 January 2027), with 62.2% of its time gone by that day: 0.90x the pace of a straight line to the target."
    ), "{text}");
    assert!(text.contains(
        "By 31 March 2026 it had spent 56.3% of its RMB 1.0B capex plan, with 62.2% of the plan's time gone: 0.90x a straight-line pace."
    ));
    assert!(!text.contains("the last day with capex data"));
    assert!(!text.contains("the latest capex data"));
    assert!(section(&html, "targets").contains("data-label=\"measured to\">2026-03-31</td>"));
}

#[test]
fn a_cost_from_a_spend_of_at_least_is_at_least() {
    let dir = Workdir::fixture("metrics");
    dir.write(
        "campaigns.csv",
        "id,company,product,name,start,end,currency,spend,orders,units,source,qualifier\n\
         c1,hanzi,p2,Spring sale,2025-06-01,2025-06-30,CNY,3,1000000,0,c,at_least\n\
         c2,acme,,Brand film,2025-01-01,2025-01-31,USD,1,,,c,\n",
    );
    let (text, html) = build(&dir);
    // RMB 3M at 0.15 = $450,000 over 1,000,000 orders: $0.45 an order, and at
    // least that, since the spend is at least RMB 3M.
    assert!(html.contains(">Spring sale cost at least $0.45 per order</title>"));
    assert!(text.contains(
        "Spring sale's spend is at least RMB 3.0M, so it cost at least $0.45 per order."
    ));
    assert!(html.contains("Spring sale (spend at least RMB 3.0M): $0.45"));
    assert!(html
        .contains("<td data-label=\"value\">$0.45</td><td data-label=\"qualifier\">at least</td>"));
}

#[test]
fn claims_of_one_figure_are_one_fact() {
    let dir = Workdir::fixture("metrics");
    // k1 and k1b both say Hanzi beat consensus by 25% in FY2025Q3 (1,000 /
    // 800 - 1), from two sources: one fact that holds. k4 holds, k2 fails and
    // k3 has no figure.
    dir.write(
        "claims.csv",
        "id,text,metric,subject,segment,period,expected,tolerance,source,qualifier\n\
         k1,Beat consensus by a quarter,revenue_surprise_pct,hanzi,total,FY2025Q3,25,0,s,\n\
         k1b,A 25% beat,revenue_surprise_pct,hanzi,total,FY2025Q3,25,0.5,a,\n\
         k2,Revenue of $150M,revenue_conv,hanzi,total,FY2025Q3,150,5,s,\n\
         k3,Flat on the quarter,revenue_qoq_pct,hanzi,total,FY2026Q3,0,100,s,\n\
         k4,Capex 30% of revenue,capex_intensity_pct,hanzi,,FY2026H1,30,0.001,s,\n",
    );
    let (text, html) = build(&dir);
    let tally = "4 facts from 5 claims (claims that name the same figure count once): of the 3 tested against data from other sources, 2 hold and 1 fails; 1 cannot be checked against the data.";
    assert!(text.contains(tally), "{text}");
    assert!(section(&html, "claims").contains(tally));
    assert_eq!(text.matches(tally).count(), 2, "summary and claims section");
    // The table keeps both claims, and says why the tally counts them once.
    assert!(text.contains(
        "25.0% (± 0.5%) 25.0% holds The same figure as an earlier claim: one fact in the tally."
    ));
}

#[test]
fn verdict_lines_say_why_from_the_data() {
    let dir = Workdir::fixture("metrics");
    let sources = fs::read_to_string(dir.data().join("sources.csv")).unwrap();
    // kc works out a cost per order from the campaign's own source.
    dir.write(
        "sources.csv",
        &(sources + "kc,Test's cost per order from the campaign's figures,Test,,,c\n"),
    );
    let claims = fs::read_to_string(dir.data().join("claims.csv")).unwrap();
    dir.write(
        "claims.csv",
        &(claims
            + "k12,Spring sale cost $0.45 an order,campaign_spend_per_order_conv,c1,,,0.45,0.01,kc,\n\
               k13,Beat consensus by a fifth,revenue_surprise_pct,hanzi,total,FY2026Q1,20,0.5,s,\n\
               k14,Spring sale cost $0.10 a unit,campaign_spend_per_unit_conv,c2,,,0.1,0.01,s,\n"),
    );
    let (text, _) = build(&dir);
    // k2: RMB 1,000M at 0.14 is $140M; the claimed $150M is 0.15 a yuan.
    assert!(text.contains(
        "fails Exchange rate: the claimed $150M implies 0.1500 USD per CNY; the data converts at 0.1400, the rate of 31 December 2024."
    ), "{text}");
    // k13: 1,210 / 1,100 - 1 = 10%; a 20% beat on RMB 1,210M needs a
    // consensus of 1,210 / 1.2 = RMB 1,008M.
    assert!(text.contains(
        "fails Consensus: the claimed 20.0% implies a consensus of RMB 1.0B on revenue of RMB 1.2B; the data's sources give RMB 1.1B."
    ));
    // k12: kc is based on c alone, the campaign's source: it repeats the data.
    assert!(text.contains(
        "$0.45 from RMB 3.00 at 0.1500 USD per CNY (the rate of 30 June 2025) repeats its own source The claim is worked out from the sources the data's figure comes from."
    ));
    // k14: Brand film has no units, so no cost per unit.
    assert!(text.contains(
        "$0.10 (± $0.01) no such figure cannot be checked The data has no count of units for this campaign."
    ));
}
