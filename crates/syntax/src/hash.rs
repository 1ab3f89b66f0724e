//! Feature hashing.
//!
//! Every feature is a 64-bit hash of a template number and one to three values (word
//! hashes, tag ids, distances). Hashing instead of building feature strings keeps
//! tagging and parsing free of per-feature allocation; with 64 bits, collisions among
//! the few million features of a model are vanishingly rare.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Finaliser of MurmurHash3: spreads every input bit over the whole word.
#[inline]
pub(crate) fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^= h >> 33;
    h
}

const K1: u64 = 0x9e37_79b9_7f4a_7c15;
const K2: u64 = 0xc2b2_ae3d_27d4_eb4f;
const K3: u64 = 0x1656_67b1_9e37_79f9;

/// A feature from a template and one value. Never 0, which marks empty table slots.
#[inline]
pub(crate) fn feat1(template: u64, a: u64) -> u64 {
    mix(template.wrapping_mul(K1) ^ a) | 1
}

/// A feature from a template and two values.
#[inline]
pub(crate) fn feat2(template: u64, a: u64, b: u64) -> u64 {
    mix(mix(template.wrapping_mul(K1) ^ a) ^ b.wrapping_mul(K2)) | 1
}

/// A feature from a template and three values.
#[inline]
pub(crate) fn feat3(template: u64, a: u64, b: u64, c: u64) -> u64 {
    mix(mix(mix(template.wrapping_mul(K1) ^ a) ^ b.wrapping_mul(K2)) ^ c.wrapping_mul(K3)) | 1
}

/// Hash of a string.
#[inline]
pub(crate) fn hash_str(text: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// Hash of a sequence of characters (used for lowercased words, prefixes and suffixes
/// without building the strings).
#[inline]
pub(crate) fn hash_chars(chars: &[char]) -> u64 {
    let mut h: u64 = 0x84222325_cbf29ce4;
    for &c in chars {
        h = (h ^ c as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    mix(h ^ chars.len() as u64)
}

/// A hasher for keys that are already well-mixed hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct PrehashedHasher(u64);

impl Hasher for PrehashedHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

/// A map keyed by feature hashes.
pub(crate) type PrehashedMap<V> = HashMap<u64, V, BuildHasherDefault<PrehashedHasher>>;

/// A small deterministic random generator (SplitMix64) for shuffling and exploration,
/// so that training with the same seed gives the same model.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    /// A uniform float in [0, 1).
    pub(crate) fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_depend_on_template_and_order() {
        assert_ne!(feat1(1, 5), feat1(2, 5));
        assert_ne!(feat2(1, 5, 6), feat2(1, 6, 5));
        assert_eq!(feat3(3, 1, 2, 3), feat3(3, 1, 2, 3));
        assert_eq!(feat1(0, 0) & 1, 1);
    }

    #[test]
    fn shuffle_is_deterministic_per_seed() {
        let mut a: Vec<u32> = (0..50).collect();
        let mut b = a.clone();
        SplitMix64::new(7).shuffle(&mut a);
        SplitMix64::new(7).shuffle(&mut b);
        assert_eq!(a, b);
        assert_ne!(a, (0..50).collect::<Vec<u32>>());
    }
}
