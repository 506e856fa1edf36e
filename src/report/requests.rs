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
use crate::mapping::plan::RequirementLevel;
use crate::model::Attr;
use crate::reconcile::request::addressed;
pub use crate::reconcile::request::{request_id, RequestId, RequestKind};
use crate::text::identity_key;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

/// One message to send: a criterion or an open action, to one addressee,
/// for its integrations. Compact (32 bytes): a register of a million rows
/// has hundreds of thousands, so the id is kept as its hash, the addressee
/// and vendor are read from the integration the request was first met on,
/// and the integrations are in one array shared by all ([`RequestList`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub id: RequestId,
    pub kind: RequestKind,
    pub topic: Topic,
    /// The decision (index into the report's) it was first met on.
    first: u32,
    /// Where its integrations are in [`RequestList`]'s shared array.
    span: (u32, u32),
}

impl Request {
    /// The product (vendor requests) or the member, as the first
    /// integration of the request writes it.
    pub fn addressee<'r>(&self, r: &'r Report<'_>) -> &'r str {
        let Some(d) = r.decisions.get(self.first as usize) else {
            return "";
        };
        let it = r.integration(d);
        match self.kind {
            RequestKind::Vendor => it.attr(Attr::Product).unwrap_or_default(),
            RequestKind::Member => &it.member,
        }
    }

    /// The vendor of a vendor request's product.
    pub fn vendor<'r>(&self, r: &'r Report<'_>) -> Option<&'r str> {
        match self.kind {
            RequestKind::Vendor => vendor_of(r, self.first as usize),
            RequestKind::Member => None,
        }
    }
}

/// How far a request is decided, from the request and from all its rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestState {
    /// Nothing decided, on the request or on any of its rows.
    Open,
    /// Some of its rows decide for themselves; the request does not.
    Partly { decided: usize, of: usize },
    /// Every row decides for itself.
    OnRows,
    /// The request decides; `own` of its rows decide for themselves.
    OnRequest { own: usize },
}

impl RequestState {
    /// Whether nothing is left to ask.
    pub fn is_decided(self) -> bool {
        matches!(self, RequestState::OnRows | RequestState::OnRequest { .. })
    }

    pub fn describe(self) -> String {
        match self {
            RequestState::Open => "open".to_string(),
            RequestState::Partly { decided, of } => {
                format!("partly decided: {decided} of {of} rows, on the Worklist")
            }
            RequestState::OnRows => "decided on its Worklist rows".to_string(),
            RequestState::OnRequest { own: 0 } => "decided on the request".to_string(),
            RequestState::OnRequest { own: 1 } => {
                "decided on the request; 1 row decides for itself".to_string()
            }
            RequestState::OnRequest { own } => {
                format!("decided on the request; {own} rows decide for themselves")
            }
        }
    }
}

impl Request {
    /// How far it is decided: from what the analyst typed on the request,
    /// and the decisions in force on its integrations' own rows.
    pub fn state(&self, r: &Report<'_>) -> RequestState {
        let on_request = r
            .entered_request(&self.id.to_string())
            .is_some_and(crate::recheck::Entered::decides);
        let integrations = r.requests().integrations(self);
        let own = integrations
            .iter()
            .filter_map(|&i| r.decisions.get(i as usize))
            .filter(|d| {
                let decision = match self.topic {
                    Topic::Action(action) => d.on_action(action),
                    Topic::Criterion(c) => d.analyst(c),
                };
                decision.is_some_and(|a| {
                    a.request.is_none() && (a.verdict.is_some() || a.received_on.is_some())
                })
            })
            .count();
        match (on_request, own) {
            (true, own) => RequestState::OnRequest { own },
            (false, 0) => RequestState::Open,
            (false, n) if n == integrations.len() => RequestState::OnRows,
            (false, decided) => RequestState::Partly {
                decided,
                of: integrations.len(),
            },
        }
    }
}

// The size the doc above promises, kept.
const _: () = assert!(std::mem::size_of::<Request>() == 32);

/// The requests of a report, in their order, and the integrations of each.
#[derive(Debug, Default)]
pub struct RequestList {
    requests: Vec<Request>,
    /// Requests of the previous workbook holding what the analyst typed
    /// that this run does not ask (none of their integrations needs them
    /// now), by id: written after the others, never dropped.
    pub orphans: Vec<String>,
    /// Indices into the report's decisions, each request's in worklist order.
    integrations: Vec<u32>,
}

impl<'a> IntoIterator for &'a RequestList {
    type Item = &'a Request;
    type IntoIter = std::slice::Iter<'a, Request>;

    fn into_iter(self) -> Self::IntoIter {
        self.requests.iter()
    }
}

impl RequestList {
    pub fn iter(&self) -> std::slice::Iter<'_, Request> {
        self.requests.iter()
    }

    pub fn len(&self) -> usize {
        self.requests.len()
    }

    pub fn is_empty(&self) -> bool {
        self.requests.is_empty()
    }

    /// The decisions (indices into the report's) a request covers.
    pub fn integrations(&self, q: &Request) -> &[u32] {
        let (start, len) = (q.span.0 as usize, q.span.1 as usize);
        self.integrations
            .get(start..start + len)
            .unwrap_or_default()
    }
}

/// What a request asks about. Ordered so that a member's open actions come
/// before its criteria.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Topic {
    /// The open action of each of its integrations.
    Action(Action),
    /// A criterion, by its index into the plan's criteria.
    Criterion(u16),
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
    pub fn asked<'a>(&'a self, r: &'a Report<'_>) -> Asked<'a> {
        match self.topic {
            Topic::Criterion(i) => match r.mapping.plan.criteria.get(usize::from(i)) {
                Some(c) => Asked {
                    id: &c.id,
                    title: &c.title,
                    level: c.level,
                    request: Cow::Borrowed(&c.evidence_request),
                },
                // Requests are made from the plan's criteria: never reached.
                None => Asked {
                    id: "",
                    title: "",
                    level: RequirementLevel::Must,
                    request: Cow::Borrowed(""),
                },
            },
            Topic::Action(action) => {
                let items: Vec<_> = r
                    .requests()
                    .integrations(self)
                    .iter()
                    .filter_map(|&i| r.decisions.get(i as usize))
                    .map(|d| (d, r.integration(d)))
                    .collect();
                Asked {
                    id: action.id(),
                    title: action.title(),
                    level: RequirementLevel::Must,
                    request: Cow::Owned(action.request_for(&items, &r.mapping.plan)),
                }
            }
        }
    }
}

/// The vendor of an integration's product: its own vendor column, else the
/// certified list's.
pub fn vendor_of<'r>(r: &'r Report<'_>, index: usize) -> Option<&'r str> {
    let d = r.decisions.get(index)?;
    let it = r.integration(d);
    if let Some(v) = it.attr(Attr::Vendor) {
        return Some(v);
    }
    let product = it.attr(Attr::Product)?;
    let listed = r
        .certified
        .matching(product)
        .into_iter()
        .map(|(_, p)| p.vendor.as_str())
        .find(|v| !v.is_empty());
    // Else the mapping's product table (the usual products of the badge era).
    listed.or_else(|| {
        let key = identity_key(product);
        r.mapping
            .plan
            .products
            .iter()
            .find(|p| identity_key(&p.name) == key)
            .and_then(|p| p.vendor.as_deref())
    })
}

/// Who and what a request is about: its kind, its addressee's number
/// (members and products numbered apart, by identity), level and topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Key {
    kind: RequestKind,
    addressee: u32,
    level: u8,
    topic: Topic,
}

/// A request being grouped: its key, how many integrations it has so far,
/// and the decision it was first met on.
struct Slot {
    key: Key,
    first: u32,
    count: u32,
}

/// Addressees numbered by identity: members by the register's key, products
/// by their identity key (so that `Elements` and `ELEMENTS` are one), each
/// with the key requests are ordered by.
#[derive(Default)]
struct Addressees {
    members: HashMap<Arc<str>, u32>,
    /// Product as written → its number.
    products: HashMap<Arc<str>, u32>,
    /// Identity key → product number.
    product_keys: HashMap<String, u32>,
    /// The key of each number, per kind: members', then products'.
    keys: [Vec<Arc<str>>; 2],
}

impl Addressees {
    fn number(&mut self, kind: RequestKind, text: &Arc<str>) -> u32 {
        match kind {
            RequestKind::Member => {
                let keys = &mut self.keys[0];
                *self.members.entry(text.clone()).or_insert_with(|| {
                    keys.push(text.clone());
                    (keys.len() - 1) as u32
                })
            }
            RequestKind::Vendor => {
                if let Some(&n) = self.products.get(text) {
                    return n;
                }
                let key = identity_key(text);
                let keys = &mut self.keys[1];
                let n = *self.product_keys.entry(key).or_insert_with_key(|key| {
                    keys.push(Arc::from(key.as_str()));
                    (keys.len() - 1) as u32
                });
                self.products.insert(text.clone(), n);
                n
            }
        }
    }

    fn key(&self, kind: RequestKind, n: u32) -> &str {
        let keys = match kind {
            RequestKind::Member => &self.keys[0],
            RequestKind::Vendor => &self.keys[1],
        };
        keys.get(n as usize).map_or("", |k| k)
    }
}

/// The requests of a report: vendor requests first, by product, then member
/// requests by member; within an addressee, open actions first, then by
/// criterion level and order.
///
/// Two passes over the worklist's rows, so that nothing is held per row but
/// its request's number: the first finds each row's request, the second puts
/// each integration in its request's part of one shared array.
pub fn group(r: &Report<'_>) -> RequestList {
    let mut slots: Vec<Slot> = Vec::new();
    let mut row_slots: Vec<u32> = Vec::with_capacity(r.worklist_len());
    // (decision, rows) as the first pass met them, for the second.
    let mut met: Vec<(u32, u32)> = Vec::new();
    let mut addressees = Addressees::default();
    {
        let mut index_of: HashMap<Key, u32> = HashMap::new();
        for_each_row(r, |index, kind, addressee, level, topic| {
            let key = Key {
                kind,
                addressee: addressees.number(kind, addressee),
                level,
                topic,
            };
            let slot = *index_of.entry(key).or_insert_with(|| {
                slots.push(Slot {
                    key,
                    first: u32::try_from(index).unwrap_or(u32::MAX),
                    count: 0,
                });
                (slots.len() - 1) as u32
            });
            if let Some(s) = slots.get_mut(slot as usize) {
                s.count += 1;
            }
            row_slots.push(slot);
            let at = u32::try_from(index).unwrap_or(u32::MAX);
            match met.last_mut() {
                Some((last, rows)) if *last == at => *rows += 1,
                _ => met.push((at, 1)),
            }
        });
    }
    // Each slot's place in the order of keys.
    let mut order: Vec<u32> = (0..slots.len() as u32).collect();
    let sort_key = |s: &Slot| {
        let k = s.key;
        (
            k.kind,
            addressees.key(k.kind, k.addressee),
            k.level,
            k.topic,
        )
    };
    order
        .sort_unstable_by(|&a, &b| sort_key(&slots[a as usize]).cmp(&sort_key(&slots[b as usize])));
    let (start, integrations) = place(&slots, &order, &row_slots, &met);
    drop(row_slots);
    let requests: Vec<Request> = order
        .iter()
        .map(|&s| {
            let slot = &slots[s as usize];
            let mut q = Request {
                id: RequestId(0),
                kind: slot.key.kind,
                topic: slot.key.topic,
                first: slot.first,
                span: (start[s as usize], slot.count),
            };
            let topic = match q.topic {
                Topic::Action(action) => action.id(),
                Topic::Criterion(i) => r
                    .mapping
                    .plan
                    .criteria
                    .get(usize::from(i))
                    .map_or("", |c| c.id.as_str()),
            };
            q.id = request_id(q.kind, q.addressee(r), topic);
            q
        })
        .collect();
    let asked: std::collections::HashSet<String> = requests
        .iter()
        .map(|q: &Request| q.id.to_string())
        .collect();
    let mut orphans: Vec<String> = r
        .previous
        .map(|p| {
            p.requests
                .keys()
                .filter(|id| !asked.contains(*id))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    orphans.sort();
    RequestList {
        requests,
        orphans,
        integrations,
    }
}

/// Puts each worklist row's integration into its request's part of one
/// array, requests in `order`: where each slot's part starts, and the array.
/// `met` gives, in the first pass's order, each decision and how many of
/// `row_slots` are its rows.
fn place(
    slots: &[Slot],
    order: &[u32],
    row_slots: &[u32],
    met: &[(u32, u32)],
) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; slots.len()];
    let mut next = 0u32;
    for &s in order {
        start[s as usize] = next;
        next += slots[s as usize].count;
    }
    let mut cursor = start.clone();
    let mut integrations = vec![0u32; next as usize];
    let mut rows = row_slots.iter();
    for &(index, count) in met {
        for slot in rows.by_ref().take(count as usize) {
            let at = &mut cursor[*slot as usize];
            if let Some(cell) = integrations.get_mut(*at as usize) {
                *cell = index;
            }
            *at += 1;
        }
    }
    (start, integrations)
}

/// Calls `f` for every row of the worklist, in its order (an integration's
/// open actions, then its criteria), with the request the row belongs to:
/// the integration's index, the kind, the addressee (the member's key or
/// the product as written), the level and the topic.
fn for_each_row(r: &Report<'_>, mut f: impl FnMut(usize, RequestKind, &Arc<str>, u8, Topic)) {
    let plan = &r.mapping.plan;
    for &(index, _) in r.worklist_order() {
        let Some(d) = r.decisions.get(index) else {
            continue;
        };
        let it = r.integration(d);
        for action in Action::of(d) {
            let level = RequirementLevel::Must as u8;
            f(
                index,
                RequestKind::Member,
                &it.member_key,
                level,
                Topic::Action(action),
            );
        }
        for result in r.worklist_rows(d) {
            let Some(c) = plan.criteria.get(usize::from(result.criterion)) else {
                continue;
            };
            let (kind, to) = addressed(it, Some(c.addressee));
            f(
                index,
                kind,
                to,
                c.level as u8,
                Topic::Criterion(result.criterion),
            );
        }
    }
}
