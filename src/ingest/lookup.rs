//! Finding one integration by the names an analyst types: any spelling
//! ingestion would match, or a unique part of it.

use super::register::Register;
use crate::text::identity_key;

/// Why no single integration matches.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("no member matching {member:?} in the inputs")]
    NoMember { member: String },
    #[error("{member:?} matches several members: {names}; give more of the name")]
    SeveralMembers { member: String, names: String },
    #[error("{member} has {count} integrations: {names}; name one after the member")]
    NameNeeded {
        member: String,
        count: usize,
        names: String,
    },
    #[error("{member} has no integration matching {name:?}; its integrations: {names}")]
    NoIntegration {
        member: String,
        name: String,
        names: String,
    },
    #[error("{name:?} matches several integrations of {member}: {names}")]
    SeveralIntegrations {
        member: String,
        name: String,
        names: String,
    },
}

#[allow(clippy::indexing_slicing)] // indices come from the register itself
impl Register {
    /// Finds the integration by member (exact key, else a unique part) and name.
    pub fn find_integration(&self, member: &str, name: Option<&str>) -> Result<usize, LookupError> {
        let register = self;
        let key = identity_key(member);
        let mut members: Vec<&str> = register
            .integrations
            .iter()
            .filter(|i| *i.member_key == *key)
            .map(|i| &*i.member_key)
            .collect();
        if members.is_empty() && !key.is_empty() {
            members = register
                .integrations
                .iter()
                .filter(|i| i.member_key.contains(&key))
                .map(|i| &*i.member_key)
                .collect();
        }
        members.sort_unstable();
        members.dedup();
        let display = |k: &str| {
            register
                .integrations
                .iter()
                .find(|i| &*i.member_key == k)
                .map_or_else(String::new, |i| i.member.to_string())
        };
        let member_key = match members.as_slice() {
            [] => {
                return Err(LookupError::NoMember {
                    member: member.to_string(),
                })
            }
            [one] => *one,
            many => {
                let names: Vec<String> = many.iter().map(|k| display(k)).collect();
                return Err(LookupError::SeveralMembers {
                    member: member.to_string(),
                    names: names.join("; "),
                });
            }
        };
        let candidates: Vec<usize> = (0..register.integrations.len())
            .filter(|&i| &*register.integrations[i].member_key == member_key)
            .collect();
        let names = || {
            candidates
                .iter()
                .map(|&i| register.integrations[i].name.clone())
                .collect::<Vec<_>>()
                .join("; ")
        };
        let Some(name) = name else {
            return match candidates.as_slice() {
                [one] => Ok(*one),
                _ => Err(LookupError::NameNeeded {
                    member: display(member_key),
                    count: candidates.len(),
                    names: names(),
                }),
            };
        };
        let wanted = identity_key(name);
        let exact: Vec<usize> = candidates
            .iter()
            .copied()
            .filter(|&i| *register.integrations[i].name_key == *wanted)
            .collect();
        let found = if exact.is_empty() {
            candidates
                .iter()
                .copied()
                .filter(|&i| register.integrations[i].name_key.contains(&wanted))
                .collect()
        } else {
            exact
        };
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(LookupError::NoIntegration {
                member: display(member_key),
                name: name.to_string(),
                names: names(),
            }),
            _ => Err(LookupError::SeveralIntegrations {
                member: display(member_key),
                name: name.to_string(),
                names: names(),
            }),
        }
    }
}
