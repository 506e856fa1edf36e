//! Requests: the Worklist grouped the way analysts send it. A criterion the
//! mapping addresses to the vendor (or to either, when the product is known)
//! is one request per product, covering every integration that uses it; a
//! member criterion is one request per member. Each request has a stable id
//! (its kind, addressee and criterion), so the analyst's columns and
//! decisions carry forward on the next `--previous` run.

use super::Report;
use crate::mapping::plan::Addressee;
use crate::model::Attr;
use crate::text::identity_key;
use std::collections::BTreeMap;

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
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub id: String,
    pub kind: RequestKind,
    /// The product (vendor requests) or the member.
    pub addressee: String,
    pub vendor: Option<String>,
    /// Index into the plan's criteria.
    pub criterion: usize,
    /// Indices into the report's decisions, in worklist order.
    pub integrations: Vec<usize>,
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
    let d = r.decisions.get(index)?;
    let it = r.integration(d);
    it.attr(Attr::Vendor).or_else(|| {
        let product = it.attr(Attr::Product)?;
        r.certified
            .matching(product)
            .into_iter()
            .map(|(_, p)| p.vendor.as_str())
            .find(|v| !v.is_empty())
    })
}

/// The requests of a report: vendor requests first, by product, then member
/// requests by member; within an addressee, by criterion level and order.
pub fn group(r: &Report<'_>) -> Vec<Request> {
    let plan = &r.mapping.plan;
    let mut groups: BTreeMap<(RequestKind, String, usize), Request> = BTreeMap::new();
    for &(index, _) in r.worklist_order() {
        let Some(d) = r.decisions.get(index) else {
            continue;
        };
        let it = r.integration(d);
        for result in r.worklist_rows(d) {
            let criterion = usize::from(result.criterion);
            let Some(c) = plan.criteria.get(criterion) else {
                continue;
            };
            let product = it.attr(Attr::Product);
            let (kind, addressee) = match (c.addressee, product) {
                (Addressee::Vendor | Addressee::Either, Some(p)) => (RequestKind::Vendor, p),
                _ => (RequestKind::Member, &*it.member),
            };
            let key = (kind, identity_key(addressee), criterion);
            groups
                .entry(key)
                .or_insert_with(|| Request {
                    id: request_id(kind, addressee, &c.id),
                    kind,
                    addressee: addressee.to_string(),
                    vendor: match kind {
                        RequestKind::Vendor => vendor_of(r, index).map(str::to_string),
                        RequestKind::Member => None,
                    },
                    criterion,
                    integrations: Vec::new(),
                })
                .integrations
                .push(index);
        }
    }
    let mut requests: Vec<Request> = groups.into_values().collect();
    requests.sort_by(|a, b| {
        let level = |q: &Request| plan.criteria.get(q.criterion).map(|c| c.level);
        (a.kind, identity_key(&a.addressee), level(a), a.criterion).cmp(&(
            b.kind,
            identity_key(&b.addressee),
            level(b),
            b.criterion,
        ))
    });
    requests
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
