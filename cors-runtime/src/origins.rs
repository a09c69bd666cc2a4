//! How a request's `Origin` is matched against `allow_origins`: the exact origins in an
//! open-addressing hash table, then the patterns against the origin split once. The
//! table is the same whoever built it: `cors_policy!` writes it as a `static`, evaluated
//! by the compiler with [`fill_slots`], and a policy loaded at start-up builds it once
//! with the same function.

use std::borrow::Cow;

use http::HeaderValue;

use crate::pattern::OriginParts;
use crate::request::same_bytes;

/// The entries of `allow_origins`, ready to be matched. The macro's tables are statics; a
/// loaded policy's are its own, freed with it.
#[derive(Clone)]
pub struct OriginTable {
    /// The entries as written, exact origins and patterns, in order (for `Debug`).
    pub listed: Cow<'static, [&'static str]>,
    /// The exact origins' values, equal byte for byte to the `Origin` a browser sends.
    pub exact: Cow<'static, [HeaderValue]>,
    /// `slot_count(exact.len())` slots: 0 for an empty one, `i + 1` for `exact[i]`, at
    /// the first free slot from its hash's.
    pub slots: Cow<'static, [u32]>,
    /// The patterns, tried in order once no exact origin matched.
    pub patterns: Cow<'static, [Pattern]>,
}

/// An origin pattern (`https://*.example.com`, `http://localhost:*`), in its parts.
#[derive(Debug, Clone, Copy)]
pub struct Pattern {
    /// The scheme, exactly.
    pub scheme: &'static [u8],
    /// The host, or the domain under which any host matches.
    pub host: PatternHost,
    /// The port, none, or any.
    pub port: PatternPort,
}

/// The host part of a [`Pattern`].
#[derive(Debug, Clone, Copy)]
pub enum PatternHost {
    /// This host exactly.
    Exact(&'static [u8]),
    /// `*.DOMAIN`: one or more whole labels, then `.DOMAIN`.
    Subdomains(&'static [u8]),
}

/// The port part of a [`Pattern`].
#[derive(Debug, Clone, Copy)]
pub enum PatternPort {
    /// No port.
    Absent,
    /// This port, as written.
    Exact(&'static [u8]),
    /// `:*`: any port, or none.
    Any,
}

/// How an allowed origin is answered in `Access-Control-Allow-Origin`.
#[derive(Clone, Copy)]
pub enum OriginMatch<'t> {
    /// A configured origin: its prebuilt value, equal byte for byte to the request's.
    Exact(&'t HeaderValue),
    /// Allowed by a pattern rather than a literal: the request's own value is echoed.
    Echo,
}

impl OriginTable {
    /// Whether `origin`, the bytes of a request's `Origin`, is allowed, and how.
    pub fn matches(&self, origin: &[u8]) -> Option<OriginMatch<'_>> {
        if let Some(index) = self.exact_index(origin) {
            return Some(OriginMatch::Exact(&self.exact[index]));
        }
        if self.patterns.is_empty() {
            return None;
        }
        let parts = OriginParts::parse(origin)?;
        self.patterns
            .iter()
            .any(|pattern| pattern.matches(&parts))
            .then_some(OriginMatch::Echo)
    }

    fn exact_index(&self, origin: &[u8]) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut slot = home_slot(origin, mask);
        // At most half the slots are taken, so the probe meets a free one.
        loop {
            let index = (self.slots[slot] as usize).checked_sub(1)?;
            if same_bytes(self.exact[index].as_bytes(), origin) {
                return Some(index);
            }
            slot = (slot + 1) & mask;
        }
    }
}

impl Pattern {
    fn matches(&self, parts: &OriginParts<'_>) -> bool {
        let host = match self.host {
            PatternHost::Exact(host) => parts.host_is(host),
            PatternHost::Subdomains(domain) => parts.host_is_subdomain_of(domain),
        };
        let port = match self.port {
            PatternPort::Any => true,
            PatternPort::Absent => parts.port_is(None),
            PatternPort::Exact(port) => parts.port_is(Some(port)),
        };
        parts.scheme_is(self.scheme) && host && port
    }
}

/// The number of slots for `origins` exact origins: a power of two at least twice as
/// large, so that a probe is short and always ends; none for none.
pub const fn slot_count(origins: usize) -> usize {
    if origins == 0 {
        0
    } else {
        (origins * 2).next_power_of_two()
    }
}

/// Puts each origin's index into `slots`, which has [`slot_count`] slots, all 0. A
/// `const fn`, so that the macro's table is built by the compiler.
pub const fn fill_slots(origins: &[&str], slots: &mut [u32]) {
    assert!(slots.len() == slot_count(origins.len()));
    let mask = slots.len().wrapping_sub(1);
    let mut index = 0;
    while index < origins.len() {
        let mut slot = home_slot(origins[index].as_bytes(), mask);
        while slots[slot] != 0 {
            slot = (slot + 1) & mask;
        }
        slots[slot] = index as u32 + 1;
        index += 1;
    }
}

/// Where the probe for `origin` starts: a multiplicative hash over its 8-byte words (the
/// last one overlapping the one before when the length is not a multiple of 8), whose
/// high half picks the slot.
const fn home_slot(origin: &[u8], mask: usize) -> usize {
    const fn mix(hash: u64, word: u64) -> u64 {
        (hash.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
    }
    let mut hash = origin.len() as u64;
    let mut rest = origin;
    while let Some((word, after)) = rest.split_first_chunk::<8>() {
        hash = mix(hash, u64::from_le_bytes(*word));
        rest = after;
    }
    if !rest.is_empty() {
        let last = match origin.last_chunk::<8>() {
            Some(last) => u64::from_le_bytes(*last),
            // Shorter than a word: its bytes, one at a time.
            None => {
                let mut word = 0;
                let mut at = 0;
                while at < rest.len() {
                    word = word << 8 | rest[at] as u64;
                    at += 1;
                }
                word
            }
        };
        hash = mix(hash, last);
    }
    (hash >> 32) as usize & mask
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::{fill_slots, slot_count, OriginMatch, OriginTable};
    use http::HeaderValue;

    fn table(origins: &[&str]) -> OriginTable {
        let exact: Vec<HeaderValue> = origins
            .iter()
            .map(|origin| HeaderValue::from_str(origin).unwrap())
            .collect();
        let mut slots = vec![0; slot_count(origins.len())];
        fill_slots(origins, &mut slots);
        OriginTable {
            listed: Cow::Borrowed(&[]),
            exact: Cow::Owned(exact),
            slots: Cow::Owned(slots),
            patterns: Cow::Borrowed(&[]),
        }
    }

    fn found(table: &OriginTable, origin: &str) -> Option<String> {
        match table.matches(origin.as_bytes())? {
            OriginMatch::Exact(value) => Some(value.to_str().unwrap().to_owned()),
            OriginMatch::Echo => None,
        }
    }

    #[test]
    fn finds_each_origin_and_nothing_else() {
        let origins: Vec<String> = (0..1000)
            .map(|n| format!("https://tenant-{n}.example.com"))
            .chain([
                "http://localhost:3000".to_owned(),
                "capacitor://localhost".to_owned(),
            ])
            .collect();
        let origins: Vec<&str> = origins.iter().map(String::as_str).collect();
        let table = table(&origins);
        for origin in &origins {
            assert_eq!(found(&table, origin).as_deref(), Some(*origin));
        }
        for other in [
            "",
            "https://tenant-1000.example.com",
            "https://tenant-1.example.com/",
            "https://Tenant-1.example.com",
            "http://localhost:3001",
            "https://tenant-1.example.co",
            "null",
        ] {
            assert_eq!(found(&table, other), None, "{other}");
        }
    }

    #[test]
    fn a_table_of_no_origins_matches_nothing() {
        assert!(table(&[]).matches(b"https://a.example").is_none());
        assert!(table(&[]).matches(b"").is_none());
    }

    #[test]
    fn slots_are_at_most_half_full() {
        for origins in [1, 2, 3, 4, 5, 63, 64, 65, 1000] {
            assert!(slot_count(origins) >= 2 * origins);
            assert!(slot_count(origins).is_power_of_two());
        }
        assert_eq!(slot_count(0), 0);
    }
}
