//! Branch-by-branch tests of the pure reconciliation core.

use super::rules::Downgrade;
use super::*;
use crate::certified::CertifiedProduct;
use crate::mapping::parse;
use crate::model::{BadgeFact, Encoding, SourceRef, Sourced};
use crate::vocab::BadgeId;

const MAPPING: &str = r#"
[mapping]
id = "t"
title = "T"
version = "1.0.0"

[badges.authenticate]
label = "Authenticate"
order = 1
[badges.collect]
label = "Collect"
order = 2
[badges.display]
label = "Display"
order = 3

[workflows.ris]
label = "Research information"
sectors = ["research institute"]
[workflows.mss]
label = "Manuscript submission"
aliases = ["manuscripts"]
sectors = ["publisher"]

[[criteria]]
id = "oauth"
title = "OAuth"
level = "must"
evidence_request = "x."
source = "https://example.org/"

[[criteria]]
id = "display"
title = "Display"
level = "must"
evidence_request = "x."
source = "https://example.org/"

[[criteria]]
id = "prefill"
title = "Prefill"
level = "must"
workflows = ["ris"]
evidence_request = "x."
source = "https://example.org/"

[[criteria]]
id = "coauthors"
title = "Co-authors"
level = "should"
workflows = ["mss"]
evidence_request = "x."
source = "https://example.org/"

[[rules]]
id = "auth"
badges = ["authenticate"]
full = ["oauth"]
note = "n"

[[rules]]
id = "disp"
badges = ["display"]
full = ["display"]
note = "n"

[[rules]]
id = "collect-old"
badges = ["collect"]
awarded_before = 2018-05-30
partial = ["oauth"]
note = "n"

[[rules]]
id = "collect-new"
badges = ["collect"]
awarded_on_or_after = 2018-05-30
full = ["prefill"]
note = "n"

[evidence]
max_age_months = 60
undated = "accept"

[certification]
review_interval_months = 12
"#;

fn plan_with(evidence: &str) -> Plan {
    let text = MAPPING.replace("max_age_months = 60\nundated = \"accept\"", evidence);
    parse("t.toml", &text).unwrap().plan
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

struct Fixture {
    register: Register,
}

impl Fixture {
    fn new(sector: &str) -> Self {
        let mut register = Register::default();
        register.add_source("f.csv", None);
        let at = SourceRef {
            sheet: 0,
            row: 1,
            col: 0,
        };
        let it = register.integration("Univ A", "CRIS", at);
        if !sector.is_empty() {
            it.set_attr(
                Attr::Sector,
                Sourced {
                    value: sector.into(),
                    source: at,
                },
            );
        }
        Fixture { register }
    }

    fn it(&mut self) -> &mut Integration {
        &mut self.register.integrations[0]
    }

    fn award(mut self, badge: u16, date: Option<&str>) -> Self {
        self.it().add_fact(BadgeFact {
            badge: BadgeId(badge),
            not_awarded: None,
            date: date.map(|d| AwardDate::day(day(d))),
            encoding: Encoding::Long,
            text: "".into(),
            source: SourceRef {
                sheet: 0,
                row: 1,
                col: 2,
            },
        });
        self
    }

    fn attr(mut self, attr: Attr, value: &str) -> Self {
        let at = SourceRef {
            sheet: 0,
            row: 1,
            col: 3,
        };
        self.it().set_attr(
            attr,
            Sourced {
                value: value.into(),
                source: at,
            },
        );
        self
    }

    fn decide(&self, plan: &Plan, certified: &CertifiedList, as_of: &str) -> Decision {
        self.decide_with(plan, certified, as_of, &AnalystDecisions::new())
    }

    fn decide_with(
        &self,
        plan: &Plan,
        certified: &CertifiedList,
        as_of: &str,
        analyst: &AnalystDecisions,
    ) -> Decision {
        let ctx = Context {
            plan,
            certified,
            as_of: day(as_of),
            analyst,
        };
        decide(0, &self.register.integrations[0], &ctx)
    }

    fn id(&self) -> String {
        stable_id(&self.register.integrations[0])
    }
}

fn none() -> CertifiedList {
    CertifiedList::default()
}

fn evidence_of(d: &Decision, plan: &Plan, id: &str) -> Evidence {
    d.result(plan.criterion(id).unwrap()).unwrap().evidence
}

#[test]
fn carry_over_when_every_must_is_full() {
    let plan = plan_with("max_age_months = 60\nundated = \"accept\"");
    let f = Fixture::new("Research Institute")
        .award(0, Some("2019-01-01"))
        .award(1, Some("2019-01-01"))
        .award(2, Some("2019-01-01"));
    let d = f.decide(&plan, &none(), "2020-01-01");
    assert_eq!(d.status, Status::CarryOver);
    assert_eq!(d.reason, "all 3 MUST criteria fully evidenced");
    assert_eq!((d.must.met, d.must.total), (3, 3));
    assert_eq!(d.workflow_origin, WorkflowOrigin::SectorDefault);
    assert_eq!(
        d.workflows,
        vec![plan.workflows.iter().position(|w| w.id == "ris").unwrap()]
    );
}

#[test]
fn re_certify_counts_partial_and_missing_musts() {
    let plan = plan_with("max_age_months = 60\nundated = \"accept\"");
    // Collect before the relaunch: only partial OAuth, no prefill.
    let f = Fixture::new("Research Institute").award(1, Some("2017-06-01"));
    let d = f.decide(&plan, &none(), "2020-01-01");
    assert_eq!(d.status, Status::ReCertify);
    assert_eq!(
        d.reason,
        "3 of 3 MUST criteria lack full evidence (1 partial, 2 missing)"
    );
    assert_eq!(evidence_of(&d, &plan, "oauth"), Evidence::Partial);
    assert_eq!(evidence_of(&d, &plan, "prefill"), Evidence::Missing);
}

#[test]
fn collect_meaning_depends_on_the_award_date() {
    let plan = plan_with("max_age_months = 60\nundated = \"accept\"");
    let after = Fixture::new("Research Institute").award(1, Some("2018-05-30"));
    let d = after.decide(&plan, &none(), "2020-01-01");
    assert_eq!(evidence_of(&d, &plan, "prefill"), Evidence::Full);
    assert_eq!(evidence_of(&d, &plan, "oauth"), Evidence::Missing);
    let month = Fixture::new("Research Institute");
    let mut month = month;
    month.it().add_fact(BadgeFact {
        badge: BadgeId(1),
        not_awarded: None,
        date: Some(AwardDate::month(day("2018-05-01"))),
        encoding: Encoding::Long,
        text: "".into(),
        source: SourceRef {
            sheet: 0,
            row: 1,
            col: 2,
        },
    });
    // "May 2018" may fall either side of 30 May: neither rule fires.
    let d = month.decide(&plan, &none(), "2020-01-01");
    assert_eq!(evidence_of(&d, &plan, "prefill"), Evidence::Missing);
    assert_eq!(evidence_of(&d, &plan, "oauth"), Evidence::Missing);
}

#[test]
fn evidence_ages_past_the_limit() {
    let plan = plan_with("max_age_months = 60\nundated = \"accept\"");
    let f = Fixture::new("Research Institute")
        .award(0, Some("2019-01-01"))
        .award(1, Some("2019-01-01"))
        .award(2, Some("2019-01-01"));
    assert_eq!(
        f.decide(&plan, &none(), "2023-12-31").status,
        Status::CarryOver
    );
    let d = f.decide(&plan, &none(), "2024-01-02");
    assert_eq!(d.status, Status::ReCertify);
    let support = d.result(0).unwrap().support.clone().unwrap();
    assert_eq!(
        support.downgrade,
        Some(Downgrade::Aged {
            date: AwardDate::day(day("2019-01-01")),
            max_age_months: 60
        })
    );
}

#[test]
fn undated_policy_downgrades_accepts_or_assumes_a_date() {
    let f = Fixture::new("Research Institute")
        .award(0, None)
        .award(2, None)
        .award(1, None);
    let accept = plan_with("max_age_months = 60\nundated = \"accept\"");
    let d = f.decide(&accept, &none(), "2030-01-01");
    assert_eq!(
        evidence_of(&d, &accept, "oauth"),
        Evidence::Full,
        "undated never ages"
    );
    assert_eq!(
        evidence_of(&d, &accept, "prefill"),
        Evidence::Missing,
        "no date for the window"
    );
    let downgrade = plan_with("undated = \"downgrade\"");
    let d = f.decide(&downgrade, &none(), "2020-01-01");
    assert_eq!(evidence_of(&d, &downgrade, "oauth"), Evidence::Partial);
    assert_eq!(
        d.result(0).unwrap().support.as_ref().unwrap().downgrade,
        Some(Downgrade::Undated)
    );
    let assume = plan_with("max_age_months = 24\nundated = 2019-01-01");
    let d = f.decide(&assume, &none(), "2020-01-01");
    assert_eq!(
        evidence_of(&d, &assume, "prefill"),
        Evidence::Full,
        "assumed date falls after the relaunch"
    );
    let d = f.decide(&assume, &none(), "2022-01-02");
    assert_eq!(
        evidence_of(&d, &assume, "oauth"),
        Evidence::Partial,
        "assumed date ages"
    );
}

#[test]
fn no_evidence_without_awards() {
    let plan = plan_with("max_age_months = 60\nundated = \"accept\"");
    let d = Fixture::new("Publisher").decide(&plan, &none(), "2020-01-01");
    assert_eq!(d.status, Status::NoEvidence);
    assert_eq!(d.reason, "no awarded badge");
    let inactive = Fixture::new("Publisher").attr(Attr::Inactive, "true");
    assert_eq!(
        inactive.decide(&plan, &none(), "2020-01-01").reason,
        "no awarded badge; marked inactive"
    );
}

#[test]
fn review_for_problems_inactive_badges_and_unknown_workflow() {
    let plan = plan_with("max_age_months = 60\nundated = \"accept\"");
    let mut conflicted = Fixture::new("Publisher").award(0, None);
    conflicted
        .it()
        .add_problem("conflicting sector: \"Publisher\" and \"Funder\"".into());
    conflicted
        .it()
        .add_problem("unclear Display cell \"?\"".into());
    let d = conflicted.decide(&plan, &none(), "2020-01-01");
    assert_eq!(d.status, Status::Review);
    assert_eq!(
        d.reason,
        "conflicting sector: \"Publisher\" and \"Funder\" (and 1 more)"
    );

    let inactive = Fixture::new("Publisher")
        .award(0, None)
        .attr(Attr::Inactive, "true");
    assert_eq!(
        inactive.decide(&plan, &none(), "2020-01-01").status,
        Status::Review
    );

    // An unknown workflow with a baseline gap must re-certify all the same.
    let unknown = Fixture::new("Bank").award(0, None);
    let d = unknown.decide(&plan, &none(), "2020-01-01");
    assert_eq!(d.status, Status::ReCertify);
    assert_eq!(
        d.reason,
        "1 of 2 baseline MUST criteria lack full evidence (0 partial, 1 missing); workflow unknown: its workflow criteria are not assessed"
    );
    assert_eq!(
        d.criteria.len(),
        2,
        "only the criteria for every workflow apply"
    );
    // With the baseline met, the unknown workflow leaves it in review.
    let met = Fixture::new("Bank").award(0, None).award(2, None);
    let d = met.decide(&plan, &none(), "2020-01-01");
    assert_eq!(d.status, Status::Review);
    assert!(
        d.reason
            .starts_with("workflow unknown: all 2 baseline MUST criteria fully evidenced"),
        "{}",
        d.reason
    );

    let bad_workflow = Fixture::new("Publisher")
        .award(0, None)
        .attr(Attr::Workflow, "Helpdesk");
    let d = bad_workflow.decide(&plan, &none(), "2020-01-01");
    assert_eq!(d.reason, "workflow \"Helpdesk\" is not in the mapping");
}

#[test]
fn explicit_workflow_beats_sector_default() {
    let plan = plan_with("max_age_months = 60\nundated = \"accept\"");
    let f = Fixture::new("Research Institute")
        .award(0, None)
        .attr(Attr::Workflow, "Manuscripts");
    let d = f.decide(&plan, &none(), "2020-01-01");
    assert_eq!(d.workflow_origin, WorkflowOrigin::Explicit);
    assert!(d.result(plan.criterion("coauthors").unwrap()).is_some());
    assert!(d.result(plan.criterion("prefill").unwrap()).is_none());
}

fn certified(workflow: usize, reviewed: &str, expires: Option<&str>) -> CertifiedList {
    CertifiedList {
        products: vec![CertifiedProduct {
            product: "Symplectic Elements".into(),
            vendor: "Symplectic".into(),
            workflows: vec![workflow],
            certified_on: Some(day("2020-12-01")),
            last_reviewed: Some(day(reviewed)),
            expires: expires.map(day),
            // Listed before its last review: the review decides.
            checked: crate::certified::Checked::On(
                day("2025-01-01"),
                crate::certified::TakenFrom::Cell("list.csv › E2".into()),
            ),
            release: None,
            aliases: vec!["Elements".into()],
            source: "list.csv › A2".into(),
        }],
        ..Default::default()
    }
}

#[test]
fn covered_by_a_current_certification_for_its_workflow() {
    let plan = plan_with("max_age_months = 60\nundated = \"accept\"");
    let ris = plan.workflows.iter().position(|w| w.id == "ris").unwrap();
    let f = Fixture::new("")
        .award(0, None)
        .attr(Attr::Product, "elements");
    let list = certified(ris, "2025-06-01", None);
    let d = f.decide(&plan, &list, "2026-01-01");
    assert_eq!(d.status, Status::Covered);
    assert_eq!(d.workflow_origin, WorkflowOrigin::CertifiedList);
    assert_eq!(
        d.reason,
        "Symplectic Elements is certified for ris since 2020-12-01, reviewed 2025-06-01"
    );
    assert_eq!(d.certified, Some(0));

    let overdue = f.decide(&plan, &list, "2026-07-01");
    assert_eq!(overdue.status, Status::ReCertify);
    assert!(overdue.reason.ends_with(
        "; the certification of Symplectic Elements was last reviewed 2025-06-01; its review every 12 months was due 2026-06-01"
    ), "{}", overdue.reason);

    let expired = f.decide(
        &plan,
        &certified(ris, "2025-06-01", Some("2026-03-31")),
        "2026-04-01",
    );
    assert!(expired
        .reason
        .ends_with("; the certification of Symplectic Elements expired on 2026-03-31"));

    // No review date and no day the list was taken: current on the as-of
    // date, whatever the certification date.
    let mut undated = certified(ris, "2025-06-01", None);
    undated.products[0].last_reviewed = None;
    undated.products[0].checked = crate::certified::Checked::Unstated;
    let d = f.decide(&plan, &undated, "2026-11-30");
    assert_eq!(d.status, Status::Covered);
    assert_eq!(
        d.reason,
        "Symplectic Elements is certified for ris since 2020-12-01, taken as current on 2026-11-30: the list states no date it was taken from ORCID's page"
    );
    // Not on ORCID's page when the list was checked: not current.
    let mut gone = undated.clone();
    gone.products[0].checked = crate::certified::Checked::NotListed(None);
    let d = f.decide(&plan, &gone, "2026-11-30");
    assert_eq!(d.status, Status::ReCertify);
    assert!(d.reason.ends_with("; Symplectic Elements was not on ORCID's list of current providers when the list was checked"), "{}", d.reason);
}

#[test]
fn a_release_older_than_the_certified_one_is_not_covered() {
    let plan = plan_with("max_age_months = 60\nundated = \"accept\"");
    let ris = plan.workflows.iter().position(|w| w.id == "ris").unwrap();
    let mut list = certified(ris, "2026-06-01", None);
    list.products[0].release = crate::model::Release::parse("7.3+");
    let with = |version: Option<&str>| {
        let f = Fixture::new("")
            .award(0, None)
            .attr(Attr::Product, "Elements");
        match version {
            Some(v) => f.attr(Attr::ProductVersion, v),
            None => f,
        }
    };
    let old = with(Some("6")).decide(&plan, &list, "2026-11-30");
    assert_eq!(old.status, Status::ReCertify);
    assert!(old.reason.ends_with("; Symplectic Elements 6 is recorded, but the list certifies Symplectic Elements from 7.3 and later: ask for the upgrade to 7.3 or later, or for fresh evidence"), "{}", old.reason);
    let new = with(Some("7.6")).decide(&plan, &list, "2026-11-30");
    assert_eq!(new.status, Status::Covered);
    assert_eq!(
        new.reason,
        "Symplectic Elements is certified for ris since 2020-12-01, reviewed 2026-06-01"
    );
    let unrecorded = with(None).decide(&plan, &list, "2026-11-30");
    assert_eq!(unrecorded.status, Status::Covered);
    assert!(
        unrecorded
            .reason
            .ends_with("; its version was not recorded (the list certifies 7.3 and later)"),
        "{}",
        unrecorded.reason
    );
    let open = with(Some("7.x")).decide(&plan, &list, "2026-11-30");
    assert_eq!(open.status, Status::Covered);
    assert!(
        open.reason.ends_with(
            "; version 7.x is recorded and the list certifies 7.3 and later: confirm the release"
        ),
        "{}",
        open.reason
    );
}

#[test]
fn a_certification_for_another_workflow_does_not_cover() {
    let plan = plan_with("max_age_months = 60\nundated = \"accept\"");
    let mss = plan.workflows.iter().position(|w| w.id == "mss").unwrap();
    let f = Fixture::new("")
        .award(0, None)
        .attr(Attr::Product, "Elements")
        .attr(Attr::Workflow, "ris");
    let d = f.decide(&plan, &certified(mss, "2025-06-01", None), "2026-01-01");
    assert_eq!(d.status, Status::ReCertify);
    assert!(
        d.reason.ends_with(
            "; Symplectic Elements is certified for mss, not this integration's workflow"
        ),
        "{}",
        d.reason
    );
}

#[test]
fn stable_ids_depend_only_on_the_keys() {
    let a = Fixture::new("x");
    let mut r = Register::default();
    r.integration(
        "UNIV A",
        "cris",
        SourceRef {
            sheet: 0,
            row: 0,
            col: 0,
        },
    );
    assert_eq!(
        stable_id(&a.register.integrations[0]),
        stable_id(&r.integrations[0])
    );
    assert_eq!(stable_id(&r.integrations[0]).len(), 15);
    assert!(stable_id(&r.integrations[0]).starts_with("BM-"));
}

fn decisions(
    f: &Fixture,
    entries: &[(&str, Option<Verdict>, Option<&str>, &str)],
) -> AnalystDecisions {
    entries
        .iter()
        .map(|(criterion, verdict, date, comment)| {
            (
                (f.id(), criterion.to_string()),
                AnalystDecision {
                    verdict: *verdict,
                    received_on: date.map(day),
                    comment: comment.to_string(),
                    request: None,
                },
            )
        })
        .collect()
}

#[test]
fn accepted_evidence_is_full_and_ages() {
    let plan = plan_with("max_age_months = 60\nundated = \"accept\"");
    let f = Fixture::new("Research Institute")
        .award(0, Some("2019-01-01"))
        .award(2, Some("2019-01-01"));
    let analyst = decisions(
        &f,
        &[(
            "prefill",
            Some(Verdict::Accepted),
            Some("2026-01-10"),
            "demo seen",
        )],
    );
    let d = f.decide_with(&plan, &none(), "2026-06-01", &analyst);
    let prefill = d.result(plan.criterion("prefill").unwrap()).unwrap();
    assert_eq!(prefill.evidence, Evidence::Full);
    assert_eq!(prefill.support.as_ref().unwrap().rule, None);
    assert_eq!(d.analyst(prefill.criterion).unwrap().comment, "demo seen");
    // The badges themselves aged past 60 months; the accepted evidence did not.
    assert_eq!(d.status, Status::ReCertify);
    assert_eq!((d.must.met, d.must.total), (1, 3));
    let later = f.decide_with(&plan, &none(), "2031-02-01", &analyst);
    let prefill = later.result(plan.criterion("prefill").unwrap()).unwrap();
    assert_eq!(
        prefill.evidence,
        Evidence::Partial,
        "accepted evidence ages too"
    );
}

#[test]
fn rejected_keeps_missing_and_waived_leaves_the_count() {
    let plan = plan_with("max_age_months = 60\nundated = \"accept\"");
    let f = Fixture::new("Research Institute")
        .award(0, Some("2019-01-01"))
        .award(1, Some("2017-01-01"));
    let analyst = decisions(
        &f,
        &[
            (
                "oauth",
                Some(Verdict::Rejected),
                None,
                "screenshots out of date",
            ),
            ("display", Some(Verdict::Waived), None, "no public pages"),
            ("prefill", None, None, "asked the vendor on 3 March"),
        ],
    );
    let d = f.decide_with(&plan, &none(), "2020-01-01", &analyst);
    let oauth = d.result(plan.criterion("oauth").unwrap()).unwrap();
    assert_eq!(
        oauth.evidence,
        Evidence::Missing,
        "rejected even though Authenticate gave full"
    );
    assert_eq!(
        d.analyst(oauth.criterion).unwrap().comment,
        "screenshots out of date"
    );
    assert_eq!(
        d.result(plan.criterion("display").unwrap())
            .unwrap()
            .evidence,
        Evidence::Waived
    );
    let prefill = d.result(plan.criterion("prefill").unwrap()).unwrap();
    assert_eq!(
        prefill.evidence,
        Evidence::Missing,
        "a comment alone changes nothing"
    );
    assert_eq!(
        (d.must.met, d.must.total),
        (0, 2),
        "waived criteria do not count"
    );
    assert_eq!(
        d.reason,
        "2 of 2 MUST criteria lack full evidence (0 partial, 2 missing, 1 waived)"
    );
    assert_eq!(d.must.waived, 1);
    assert_eq!(
        d.must_gaps(&plan).count(),
        2,
        "a waived criterion is no gap"
    );
}

#[test]
fn waiving_every_gap_allows_carry_over() {
    let plan = plan_with("max_age_months = 60\nundated = \"accept\"");
    let f = Fixture::new("Research Institute")
        .award(0, Some("2019-01-01"))
        .award(2, Some("2019-01-01"));
    let analyst = decisions(
        &f,
        &[("prefill", Some(Verdict::Waived), None, "no profiles")],
    );
    let d = f.decide_with(&plan, &none(), "2020-01-01", &analyst);
    assert_eq!(d.status, Status::CarryOver);
    assert_eq!(d.reason, "all 2 MUST criteria fully evidenced, 1 waived");
    assert_eq!(d.must_gaps(&plan).count(), 0);
}

#[test]
fn a_large_register_is_decided_in_halves_exactly_as_one_by_one() {
    let plan = plan_with("max_age_months = 60\nundated = \"accept\"");
    let mut register = Register::default();
    register.add_source("f.csv", None);
    let sectors = ["publisher", "research institute", "", "funder"];
    for i in 0..10_001u32 {
        let at = SourceRef {
            sheet: 0,
            row: i,
            col: 0,
        };
        let it = register.integration(&format!("Member {}", i / 3), &format!("I{i}"), at);
        let sector = sectors[i as usize % sectors.len()];
        if !sector.is_empty() {
            it.set_attr(
                Attr::Sector,
                Sourced {
                    value: sector.into(),
                    source: at,
                },
            );
        }
        // Every seventh has no award: no evidence.
        if i % 7 == 0 {
            continue;
        }
        it.add_fact(BadgeFact {
            badge: BadgeId((i % 3) as u16),
            not_awarded: None,
            date: (i % 5 != 0).then(|| {
                AwardDate::day(day("2017-01-01") + chrono::Days::new(u64::from(i % 1500)))
            }),
            encoding: Encoding::Long,
            text: "x".into(),
            source: at,
        });
    }
    register.finish();
    let certified = none();
    let analyst = AnalystDecisions::new();
    let ctx = Context {
        plan: &plan,
        certified: &certified,
        as_of: day("2026-11-24"),
        analyst: &analyst,
    };
    let decisions = reconcile(&register, &ctx);
    assert_eq!(decisions.len(), 10_001);
    for (i, it) in register.integrations.iter().enumerate() {
        assert_eq!(decisions[i], decide(i, it, &ctx), "integration {i}");
    }
    let statuses: std::collections::HashSet<Status> = decisions.iter().map(|d| d.status).collect();
    assert!(statuses.len() >= 2, "too uniform to test: {statuses:?}");
}

#[test]
fn status_precedence_branch_by_branch() {
    let note = "Pure is certified for research-information".to_string();
    let problem = "conflicting sector".to_string();
    let base = || Standing {
        problems: Vec::new(),
        inactive: false,
        has_awards: true,
        certification: Certification::None,
        note: None,
        origin: WorkflowOrigin::SectorDefault,
        must: MustCounts {
            met: 1,
            partial: 2,
            waived: 0,
            total: 4,
        },
    };
    let status = |s: Standing<'_>| s.status();
    assert_eq!(
        status(base()),
        (
            Status::ReCertify,
            "3 of 4 MUST criteria lack full evidence (2 partial, 1 missing)".to_string()
        )
    );
    assert_eq!(
        status(Standing {
            must: MustCounts {
                met: 4,
                partial: 0,
                waived: 0,
                total: 4,
            },
            note: Some(&note),
            ..base()
        }),
        (
            Status::CarryOver,
            format!("all 4 MUST criteria fully evidenced; {note}")
        )
    );
    // The baseline applies whatever the workflow: its gaps are enough to
    // re-certify, with the workflow criteria said to be unassessed.
    assert_eq!(
        status(Standing {
            origin: WorkflowOrigin::Unknown,
            ..base()
        }),
        (
            Status::ReCertify,
            "3 of 4 baseline MUST criteria lack full evidence (2 partial, 1 missing); workflow unknown: its workflow criteria are not assessed".to_string()
        )
    );
    // With the baseline met, the unknown workflow's criteria could still
    // change the answer.
    assert_eq!(
        status(Standing {
            origin: WorkflowOrigin::Unknown,
            must: MustCounts {
                met: 4,
                partial: 0,
                waived: 0,
                total: 4,
            },
            ..base()
        }),
        (
            Status::Review,
            "workflow unknown: all 4 baseline MUST criteria fully evidenced, but its workflow criteria are not assessed".to_string()
        )
    );
    // A listed product could cover it once its workflow is known.
    let listed = "Pure is on the certified list, but for no workflow the mapping knows".to_string();
    assert_eq!(
        status(Standing {
            origin: WorkflowOrigin::Unknown,
            certification: Certification::Elsewhere,
            note: Some(&listed),
            ..base()
        }),
        (
            Status::Review,
            format!("workflow unknown: {listed}; its certification could cover it once the workflow is known")
        )
    );
    // A listed product does not matter with the workflow known.
    assert_eq!(
        status(Standing {
            certification: Certification::Elsewhere,
            ..base()
        })
        .0,
        Status::ReCertify
    );
    assert_eq!(
        status(Standing {
            has_awards: false,
            inactive: true,
            origin: WorkflowOrigin::Unknown,
            ..base()
        }),
        (
            Status::NoEvidence,
            "no awarded badge; marked inactive".to_string()
        )
    );
    // Covered needs both a product and what the list says of it.
    assert_eq!(
        status(Standing {
            certification: Certification::Covers,
            note: Some(&note),
            has_awards: false,
            ..base()
        }),
        (Status::Covered, note.clone())
    );
    assert_eq!(
        status(Standing {
            certification: Certification::Covers,
            ..base()
        })
        .0,
        Status::ReCertify
    );
    // Inactive with badges, then a problem, come before coverage.
    assert_eq!(
        status(Standing {
            inactive: true,
            certification: Certification::Covers,
            note: Some(&note),
            ..base()
        })
        .0,
        Status::Review
    );
    let other = "unknown workflow".to_string();
    assert_eq!(
        status(Standing {
            problems: vec![&problem, &other],
            inactive: true,
            ..base()
        }),
        (
            Status::Review,
            "conflicting sector (and 1 more)".to_string()
        )
    );
}

/// Decisions of a request (inherited), not of the integration's own rows.
fn inherited(f: &Fixture, entries: &[(&str, Option<Verdict>, &str)]) -> AnalystDecisions {
    entries
        .iter()
        .map(|(criterion, verdict, comment)| {
            (
                (f.id(), criterion.to_string()),
                AnalystDecision {
                    verdict: *verdict,
                    received_on: None,
                    comment: comment.to_string(),
                    request: Some("RQ-000000000001".into()),
                },
            )
        })
        .collect()
}

#[test]
fn a_request_decides_only_what_the_register_leaves_open() {
    let plan = plan_with("max_age_months = 60\nundated = \"accept\"");
    // Authenticate gives oauth in full: the request asks nothing of it.
    let f = Fixture::new("Research Institute").award(0, Some("2019-01-01"));
    let analyst = inherited(
        &f,
        &[
            ("oauth", Some(Verdict::Rejected), "all of them"),
            ("display", Some(Verdict::Waived), "all of them"),
        ],
    );
    let d = f.decide_with(&plan, &none(), "2020-01-01", &analyst);
    assert_eq!(evidence_of(&d, &plan, "oauth"), Evidence::Full);
    assert!(d.analyst(plan.criterion("oauth").unwrap() as u16).is_none());
    assert_eq!(evidence_of(&d, &plan, "display"), Evidence::Waived);
    // The integration's own row decides even where the register is full.
    let own = decisions(&f, &[("oauth", Some(Verdict::Rejected), None, "mine")]);
    let d = f.decide_with(&plan, &none(), "2020-01-01", &own);
    assert_eq!(evidence_of(&d, &plan, "oauth"), Evidence::Missing);
}

#[test]
fn every_decided_action_keeps_a_row_and_a_request_only_the_asked_one() {
    let plan = plan_with("max_age_months = 60\nundated = \"accept\"");
    let f = Fixture::new("")
        .award(0, Some("2019-01-01"))
        .attr(Attr::Inactive, "true");
    // In review (inactive with badges): settle-review is asked; a
    // confirm-workflow decided on its own row keeps its row too.
    let own = decisions(&f, &[("confirm-workflow", None, None, "asked the member")]);
    let d = f.decide_with(&plan, &none(), "2020-01-01", &own);
    assert_eq!(d.status, Status::Review);
    let actions: Vec<OpenAction> = d.actions.iter().map(|a| a.action).collect();
    assert_eq!(
        actions,
        vec![OpenAction::SettleReview, OpenAction::ConfirmWorkflow]
    );
    assert_eq!(
        d.on_action(OpenAction::ConfirmWorkflow).unwrap().comment,
        "asked the member"
    );
    // The same decision inherited from a request does not add a row.
    let theirs = inherited(&f, &[("confirm-workflow", None, "asked the member")]);
    let d = f.decide_with(&plan, &none(), "2020-01-01", &theirs);
    let actions: Vec<OpenAction> = d.actions.iter().map(|a| a.action).collect();
    assert_eq!(actions, vec![OpenAction::SettleReview]);
}

#[test]
fn a_request_retires_only_integrations_without_badges() {
    let plan = plan_with("max_age_months = 60\nundated = \"accept\"");
    let bare = Fixture::new("Research Institute");
    let waived = |f: &Fixture| {
        inherited(
            f,
            &[("confirm-integration", Some(Verdict::Waived), "gone in 2022")],
        )
    };
    let d = bare.decide_with(&plan, &none(), "2020-01-01", &waived(&bare));
    assert_eq!(d.status, Status::Retired);
    assert_eq!(d.reason, "retired: gone in 2022");
    let badged = Fixture::new("Research Institute").award(0, Some("2019-01-01"));
    let d = badged.decide_with(&plan, &none(), "2020-01-01", &waived(&badged));
    assert_ne!(d.status, Status::Retired);
    // Its own row retires it whatever it holds.
    let own = decisions(
        &badged,
        &[("confirm-integration", Some(Verdict::Waived), None, "gone")],
    );
    let d = badged.decide_with(&plan, &none(), "2020-01-01", &own);
    assert_eq!(d.status, Status::Retired);
}

#[test]
fn a_workflow_answer_counts_once_accepted_and_names_what_it_does_not_know() {
    let plan = plan_with("max_age_months = 60\nundated = \"accept\"");
    let f = Fixture::new("").award(0, Some("2019-01-01"));
    let answer = |verdict: Option<Verdict>, comment: &str| {
        decisions(&f, &[("confirm-workflow", verdict, None, comment)])
    };
    let d = f.decide_with(&plan, &none(), "2020-01-01", &answer(None, "manuscripts?"));
    assert_eq!(d.workflow_origin, WorkflowOrigin::Unknown);
    let d = f.decide_with(
        &plan,
        &none(),
        "2020-01-01",
        &answer(Some(Verdict::Accepted), "manuscripts"),
    );
    assert_eq!(d.workflow_origin, WorkflowOrigin::Analyst);
    assert_eq!(plan.workflows[d.workflows[0]].id, "mss");
    let d = f.decide_with(
        &plan,
        &none(),
        "2020-01-01",
        &answer(Some(Verdict::Accepted), "institutional repo"),
    );
    assert_eq!(d.status, Status::Review);
    assert!(
        d.reason.starts_with("the confirm-workflow answer names \"institutional repo\", which is no workflow of the mapping (one of: mss (Manuscript submission), ris (Research information))"),
        "{}",
        d.reason
    );
    // A request's answer fills in only what the sector leaves unknown.
    let sector = Fixture::new("Research Institute").award(0, Some("2019-01-01"));
    let theirs = inherited(
        &sector,
        &[("confirm-workflow", Some(Verdict::Accepted), "manuscripts")],
    );
    let d = sector.decide_with(&plan, &none(), "2020-01-01", &theirs);
    assert_eq!(d.workflow_origin, WorkflowOrigin::SectorDefault);
}
