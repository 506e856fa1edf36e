//! Requests: the Worklist grouped the way analysts send it. A criterion the
//! mapping addresses to the vendor (or to either, when the product is known)
//! is one request per product, covering every integration that uses it; a
//! member criterion is one request per member, and so is each open action
//! (settle what puts its integrations in review; confirm its integrations
//! without evidence still exist), so every open row of the Worklist is in
//! one message. Each request has a stable id (its kind, addressee and
//! topic), so the analyst's columns and decisions carry forward on the next
//! `--previous` run.

use super::{Action, Report};
use crate::mapping::plan::{Addressee, RequirementLevel};
use crate::model::Attr;
use crate::text::identity_key;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Who a request goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RequestKind {
    /// A product's vendor, about the product.
    Vendor,
    /// A member, about its deployment.
    Member,
}

impl RequestKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Vendor => "vendor",
            RequestKind::Member => "member",
        }
    }
}

/// One message to send: a criterion, to one addressee, for its integrations.
/// Compact: a register of a million rows has hundreds of thousands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub id: String,
    pub kind: RequestKind,
    /// The product (vendor requests) or the member, shared with the register.
    pub addressee: Arc<str>,
    pub vendor: Option<Arc<str>>,
    pub topic: Topic,
    /// Indices into the report's decisions, in worklist order.
    pub integrations: Vec<u32>,
}

/// What a request asks about. Ordered so that a member's open actions come
/// before its criteria.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Topic {
    /// The open action of each of its integrations.
    Action(Action),
    /// A criterion, by its index into the plan's criteria.
    Criterion(usize),
}

/// A request's topic as the Requests sheet and the JSON write it.
pub struct Asked<'a> {
    /// The criterion's or the action's id (the Worklist's Criterion column).
    pub id: &'a str,
    pub title: &'a str,
    pub level: RequirementLevel,
    /// What to ask the addressee.
    pub request: Cow<'a, str>,
}

impl Request {
    /// What the request asks, in the words of its criterion or action.
    pub fn asked<'a>(&'a self, r: &'a Report<'_>) -> Option<Asked<'a>> {
        match self.topic {
            Topic::Criterion(i) => {
                let c = r.mapping.plan.criteria.get(i)?;
                Some(Asked {
                    id: &c.id,
                    title: &c.title,
                    level: c.level,
                    request: Cow::Borrowed(&c.evidence_request),
                })
            }
            Topic::Action(action) => {
                let items: Vec<_> = self
                    .integrations
                    .iter()
                    .filter_map(|&i| r.decisions.get(i as usize))
                    .map(|d| (d, r.integration(d)))
                    .collect();
                Some(Asked {
                    id: action.id(),
                    title: action.title(),
                    level: RequirementLevel::Must,
                    request: Cow::Owned(action.request_for(&items)),
                })
            }
        }
    }
}

/// A request's stable id: `RQ-` and 12 hex digits of its kind, addressee
/// and criterion.
pub fn request_id(kind: RequestKind, addressee: &str, criterion: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let key = identity_key(addressee);
    for byte in kind
        .as_str()
        .bytes()
        .chain([0x1f])
        .chain(key.bytes())
        .chain([0x1f])
        .chain(criterion.bytes())
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("RQ-{:012X}", hash >> 16)
}

/// The vendor of an integration's product: its own vendor column, else the
/// certified list's.
pub fn vendor_of<'r>(r: &'r Report<'_>, index: usize) -> Option<&'r str> {
    vendor_arc(r, index).map(|(v, _)| v)
}

/// The vendor, with the shared text when it is the register's.
fn vendor_arc<'r>(r: &'r Report<'_>, index: usize) -> Option<(&'r str, Option<Arc<str>>)> {
    let d = r.decisions.get(index)?;
    let it = r.integration(d);
    if let Some(v) = it.attrs.get(&Attr::Vendor) {
        return Some((&*v.value, Some(v.value.clone())));
    }
    let product = it.attr(Attr::Product)?;
    r.certified
        .matching(product)
        .into_iter()
        .map(|(_, p)| p.vendor.as_str())
        .find(|v| !v.is_empty())
        .map(|v| (v, None))
}

/// The requests of a report: vendor requests first, by product, then member
/// requests by member; within an addressee, open actions first, then by
/// criterion level and order.
pub fn group(r: &Report<'_>) -> Vec<Request> {
    let plan = &r.mapping.plan;
    // Keyed by kind, the addressee's identity (the member's key is the
    // register's, shared), level and topic; ordered so.
    let mut groups: BTreeMap<(RequestKind, Arc<str>, u8, Topic), Request> = BTreeMap::new();
    for &(index, _) in r.worklist_order() {
        let Some(d) = r.decisions.get(index) else {
            continue;
        };
        let it = r.integration(d);
        let at = u32::try_from(index).unwrap_or(u32::MAX);
        let member = || {
            (
                RequestKind::Member,
                it.member.clone(),
                it.member_key.clone(),
            )
        };
        if let Some(action) = Action::of(d) {
            let (kind, addressee, key) = member();
            let level = RequirementLevel::Must as u8;
            groups
                .entry((kind, key, level, Topic::Action(action)))
                .or_insert_with(|| Request {
                    id: request_id(kind, &addressee, action.id()),
                    kind,
                    vendor: None,
                    addressee,
                    topic: Topic::Action(action),
                    integrations: Vec::new(),
                })
                .integrations
                .push(at);
        }
        let product = it.attrs.get(&Attr::Product).map(|p| &p.value);
        for result in r.worklist_rows(d) {
            let criterion = usize::from(result.criterion);
            let Some(c) = plan.criteria.get(criterion) else {
                continue;
            };
            let (kind, addressee, key) = match (c.addressee, product) {
                (Addressee::Vendor | Addressee::Either, Some(p)) => {
                    (RequestKind::Vendor, p.clone(), Arc::from(identity_key(p)))
                }
                _ => member(),
            };
            let level = c.level as u8;
            groups
                .entry((kind, key, level, Topic::Criterion(criterion)))
                .or_insert_with(|| Request {
                    id: request_id(kind, &addressee, &c.id),
                    kind,
                    vendor: match kind {
                        RequestKind::Vendor => vendor_arc(r, index)
                            .map(|(v, shared)| shared.unwrap_or_else(|| Arc::from(v))),
                        RequestKind::Member => None,
                    },
                    addressee,
                    topic: Topic::Criterion(criterion),
                    integrations: Vec::new(),
                })
                .integrations
                .push(at);
        }
    }
    groups.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_ignore_how_the_name_is_written() {
        let a = request_id(RequestKind::Vendor, "Symplectic Elements", "baseline-oauth");
        assert_eq!(
            a,
            request_id(
                RequestKind::Vendor,
                "SYMPLECTIC  elements",
                "baseline-oauth"
            )
        );
        assert_ne!(
            a,
            request_id(RequestKind::Member, "Symplectic Elements", "baseline-oauth")
        );
        assert!(a.starts_with("RQ-") && a.len() == 15, "{a}");
    }
}
