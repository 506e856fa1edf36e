//! Which request asks about a criterion (or an open action) of an
//! integration: its kind, its addressee and its stable id. The report groups
//! the Worklist into requests by it, and a re-check resolves a request's
//! decision against the integrations the request has in *this* run by it,
//! so both agree on who is in a request. Pure.

use crate::mapping::plan::Addressee;
use crate::model::{Attr, Integration};
use crate::text::identity_key;
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

/// A request's stable id: `RQ-` and 12 hex digits of a hash of its kind,
/// addressee and topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RequestId(pub(crate) u64);

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RQ-{:012X}", self.0 >> 16)
    }
}

/// A request's stable id, written `RQ-` and 12 hex digits: a hash of its
/// kind, addressee (however it is written) and criterion or action id.
pub fn request_id(kind: RequestKind, addressee: &str, topic: &str) -> RequestId {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let key = identity_key(addressee);
    for byte in kind
        .as_str()
        .bytes()
        .chain([0x1f])
        .chain(key.bytes())
        .chain([0x1f])
        .chain(topic.bytes())
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    RequestId(hash)
}

/// Who is asked about an integration: for a criterion addressed to the
/// vendor (or to either) of a known product, the product's vendor; else,
/// and for an open action (`None`), its member. With the addressee's text
/// (the product as written, the member's key).
pub fn addressed(it: &Integration, addressee: Option<Addressee>) -> (RequestKind, &Arc<str>) {
    let product = it.attrs.get(&Attr::Product).map(|p| &p.value);
    match (addressee, product) {
        (Some(Addressee::Vendor | Addressee::Either), Some(p)) => (RequestKind::Vendor, p),
        _ => (RequestKind::Member, &it.member_key),
    }
}

/// The id of the request that asks about `topic` (a criterion, with its
/// addressee, or an open action) for `it`.
pub fn request_of(it: &Integration, addressee: Option<Addressee>, topic: &str) -> RequestId {
    let (kind, to) = addressed(it, addressee);
    request_id(kind, to, topic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_and_ignore_how_the_name_is_written() {
        let a = request_id(RequestKind::Vendor, "Symplectic Elements", "baseline-oauth");
        let written = a.to_string();
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
        assert!(written.starts_with("RQ-") && written.len() == 15, "{a}");
    }
}
