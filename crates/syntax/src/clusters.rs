//! Brown word clusters, learnt from unlabelled text and used as tagger and parser
//! features.
//!
//! Words that occur in similar contexts end up in the same cluster, so a word seen a few
//! times in the treebank borrows the weights learnt for its cluster. The clusters form a
//! binary tree; a word's cluster is its path from the root, and prefixes of the path
//! (4 and 6 bits) are coarser clusters, which the features use alongside the full path.
//!
//! The algorithm is the windowed agglomerative clustering of Brown et al. (1992) as made
//! practical by Liang (2005): words are taken in order of frequency, each enters as a
//! cluster of its own, and whenever there are more than `n_clusters` clusters the two
//! whose merge loses the least average mutual information between adjacent clusters are
//! merged. Once every word is in, the remaining clusters are merged down to one, and
//! those last merges give the tree. The merge losses of all pairs are kept up to date
//! incrementally, so each step costs O(n_clusters^2).

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use crate::binary::{BinaryReader, BinaryWriter};
use crate::hash::{feat2, hash_chars, PrehashedMap};
use crate::SyntaxError;

/// How to learn clusters.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterConfig {
    /// Leaves of the cluster tree (the window of active clusters).
    pub n_clusters: usize,
    /// Words seen fewer times get no cluster: their few contexts say little.
    pub min_count: usize,
}

impl Default for ClusterConfig {
    fn default() -> ClusterConfig {
        ClusterConfig { n_clusters: 256, min_count: 2 }
    }
}

/// Word clusters: for each known word (lowercased, digits folded to 0), its path in the
/// cluster tree.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WordClusters {
    /// Key (see [`cluster_key`]) -> (path bits, most significant first; path length).
    paths: PrehashedMap<(u64, u8)>,
    /// The clustered words with their paths, in the order they were learnt (kept for
    /// writing the paths file; empty in a model loaded from bytes).
    words: Vec<(String, u64, u8, usize)>,
}

/// Cluster features of one word: hashes of its 4- and 6-bit path prefixes and of its
/// whole path (constants for words without a cluster).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ClusterFeatures {
    pub(crate) p4: u64,
    pub(crate) p6: u64,
    pub(crate) full: u64,
}

impl Default for ClusterFeatures {
    fn default() -> ClusterFeatures {
        ClusterFeatures::UNKNOWN
    }
}

impl ClusterFeatures {
    /// The features of a word without a cluster.
    pub(crate) const UNKNOWN: ClusterFeatures =
        ClusterFeatures { p4: 0x756e_6b34, p6: 0x756e_6b36, full: 0x756e_6b66 };

    /// The features of a padding or root position.
    pub(crate) fn padding(value: u64) -> ClusterFeatures {
        ClusterFeatures { p4: value ^ 4, p6: value ^ 6, full: value ^ 0xf }
    }
}

/// The normalised form clusters are learnt and looked up by: lowercase, every decimal
/// digit as 0 (so years and amounts share clusters).
fn normalise(word: &str, out: &mut Vec<char>) {
    out.clear();
    out.extend(word.chars().flat_map(char::to_lowercase).map(|c| if c.is_ascii_digit() { '0' } else { c }));
}

/// The lookup key of a word: the hash of its normalised form. For words without digits
/// this equals the tagger's and parser's lowercase hash.
pub(crate) fn cluster_key(word: &str, scratch: &mut Vec<char>) -> u64 {
    normalise(word, scratch);
    hash_chars(scratch)
}

impl WordClusters {
    /// Number of words with a cluster.
    pub fn len(&self) -> usize {
        self.paths.len()
    }

    /// Whether no word has a cluster.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// The path of `word` as a string of 0s and 1s, if it has a cluster.
    pub fn path_of(&self, word: &str) -> Option<String> {
        let mut scratch = Vec::new();
        let &(bits, len) = self.paths.get(&cluster_key(word, &mut scratch))?;
        Some(path_string(bits, len))
    }

    /// The features of the word with key `key`.
    #[inline]
    pub(crate) fn features(&self, key: u64) -> ClusterFeatures {
        match self.paths.get(&key) {
            Some(&(bits, len)) => {
                let prefix = |k: u8| if len > k { bits >> (len - k) } else { bits };
                ClusterFeatures {
                    p4: feat2(0xc4, prefix(4), len.min(4) as u64),
                    p6: feat2(0xc6, prefix(6), len.min(6) as u64),
                    full: feat2(0xcf, bits, len as u64),
                }
            }
            None => ClusterFeatures::UNKNOWN,
        }
    }

    /// Learns clusters from sentences of words (deterministic: ties in frequency are
    /// broken by the word, ties in merge loss by cluster order).
    pub fn learn<S: AsRef<str>>(sentences: &[Vec<S>], config: &ClusterConfig) -> WordClusters {
        // Vocabulary by frequency.
        let mut scratch = Vec::new();
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut normalised: Vec<Vec<String>> = Vec::with_capacity(sentences.len());
        for sentence in sentences {
            let words: Vec<String> = sentence
                .iter()
                .map(|word| {
                    normalise(word.as_ref(), &mut scratch);
                    scratch.iter().collect()
                })
                .collect();
            for word in &words {
                *counts.entry(word.clone()).or_default() += 1;
            }
            normalised.push(words);
        }
        let mut vocabulary: Vec<(String, usize)> =
            counts.into_iter().filter(|(_, count)| *count >= config.min_count.max(1)).collect();
        vocabulary.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let ids: HashMap<&str, u32> =
            vocabulary.iter().enumerate().map(|(id, (word, _))| (word.as_str(), id as u32)).collect();

        // Bigram counts between known words within sentences.
        let mut bigrams: HashMap<(u32, u32), u64> = HashMap::new();
        for words in &normalised {
            let word_ids: Vec<Option<u32>> =
                words.iter().map(|word| ids.get(word.as_str()).copied()).collect();
            for pair in word_ids.windows(2) {
                if let (Some(left), Some(right)) = (pair[0], pair[1]) {
                    *bigrams.entry((left, right)).or_default() += 1;
                }
            }
        }
        let n_words = vocabulary.len();
        let mut right_of: Vec<Vec<(u32, u64)>> = vec![Vec::new(); n_words];
        let mut left_of: Vec<Vec<(u32, u64)>> = vec![Vec::new(); n_words];
        let mut sorted: Vec<((u32, u32), u64)> = bigrams.into_iter().collect();
        sorted.sort_unstable();
        for ((left, right), count) in sorted {
            right_of[left as usize].push((right, count));
            left_of[right as usize].push((left, count));
        }
        let mut clustering = Clustering::new(config.n_clusters.max(2), &right_of, &left_of);
        for word in 0..n_words {
            clustering.add_word(word as u32);
            if clustering.n_active() > clustering.window {
                clustering.merge_best(false);
            }
        }
        while clustering.n_active() > 1 {
            clustering.merge_best(true);
        }
        let leaf_paths = clustering.leaf_paths();
        let mut out = WordClusters::default();
        for (id, (word, count)) in vocabulary.iter().enumerate() {
            let slot = match clustering.leaves {
                Some(_) => clustering.leaf_slot_of_word[id],
                None => clustering.slot_of_word[id],
            };
            let Some(&(bits, len)) = leaf_paths.get(&slot) else { continue };
            out.paths.insert(hash_chars(&word.chars().collect::<Vec<char>>()), (bits, len));
            out.words.push((word.clone(), bits, len, *count));
        }
        out
    }

    /// Writes `path<TAB>word<TAB>count` lines (the usual Brown paths format).
    pub fn write_paths(&self, path: &Path) -> Result<(), SyntaxError> {
        let write_error = |source| SyntaxError::Write { path: path.to_path_buf(), source };
        let mut out = std::io::BufWriter::new(std::fs::File::create(path).map_err(write_error)?);
        let mut lines: Vec<&(String, u64, u8, usize)> = self.words.iter().collect();
        lines.sort_by(|a, b| path_string(a.1, a.2).cmp(&path_string(b.1, b.2)).then(b.3.cmp(&a.3)));
        for (word, bits, len, count) in lines {
            writeln!(out, "{}\t{word}\t{count}", path_string(*bits, *len)).map_err(write_error)?;
        }
        out.flush().map_err(write_error)
    }

    /// Reads a paths file written by [`WordClusters::write_paths`] (or any file of
    /// `path<TAB>word[<TAB>count]` lines).
    pub fn read_paths(path: &Path) -> Result<WordClusters, SyntaxError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| SyntaxError::Read { path: path.to_path_buf(), source })?;
        let mut out = WordClusters::default();
        let mut scratch = Vec::new();
        for (number, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let bad = |message: &str| SyntaxError::Conllu {
                path: path.to_path_buf(),
                line: number + 1,
                message: message.to_string(),
            };
            let mut fields = line.split('\t');
            let bit_string = fields.next().unwrap_or_default();
            let word = fields.next().ok_or_else(|| bad("expected path<TAB>word"))?;
            let count = fields.next().and_then(|count| count.parse().ok()).unwrap_or(0);
            if bit_string.len() > 63 || !bit_string.chars().all(|c| c == '0' || c == '1') {
                return Err(bad("the path must be at most 63 binary digits"));
            }
            let bits = bit_string.chars().fold(0u64, |bits, c| bits << 1 | (c == '1') as u64);
            let len = bit_string.len() as u8;
            out.paths.insert(cluster_key(word, &mut scratch), (bits, len));
            out.words.push((word.to_string(), bits, len, count));
        }
        Ok(out)
    }

    pub(crate) fn write(&self, out: &mut BinaryWriter) {
        let mut entries: Vec<(u64, (u64, u8))> = self.paths.iter().map(|(k, v)| (*k, *v)).collect();
        entries.sort_unstable();
        out.varint(entries.len() as u64);
        let mut previous = 0u64;
        for (key, (bits, len)) in entries {
            out.varint(key.wrapping_sub(previous));
            out.varint(bits);
            out.varint(len as u64);
            previous = key;
        }
    }

    pub(crate) fn read(input: &mut BinaryReader) -> Result<WordClusters, SyntaxError> {
        let n = input.varint()? as usize;
        let mut paths = PrehashedMap::default();
        let mut previous = 0u64;
        for _ in 0..n {
            previous = previous.wrapping_add(input.varint()?);
            let bits = input.varint()?;
            let len = input.varint()?;
            if len > 63 {
                return Err(input.corrupt(format!("cluster path of {len} bits")));
            }
            paths.insert(previous, (bits, len as u8));
        }
        Ok(WordClusters { paths, words: Vec::new() })
    }
}

fn path_string(bits: u64, len: u8) -> String {
    (0..len).rev().map(|k| if bits >> k & 1 == 1 { '1' } else { '0' }).collect()
}

/// The state of the agglomerative clustering: up to `window + 1` active slots.
struct Clustering<'a> {
    window: usize,
    right_of: &'a [Vec<(u32, u64)>],
    left_of: &'a [Vec<(u32, u64)>],
    /// Total bigram count (normalises counts to probabilities).
    total: f64,
    n_slots: usize,
    active: Vec<bool>,
    /// Bigram counts between slots, row-major (`n[left * n_slots + right]`).
    n: Vec<f64>,
    /// Left and right marginal counts of each slot (over all bigrams of its words).
    left_count: Vec<f64>,
    right_count: Vec<f64>,
    /// q[x][y]: the mutual-information term of the slot pair (x, y).
    q: Vec<f64>,
    /// Loss of merging slots i < j (upper triangle).
    loss: Vec<f64>,
    /// Words of each slot, and each word's slot (u32::MAX before it is added).
    members: Vec<Vec<u32>>,
    slot_of_word: Vec<u32>,
    /// Tree node each active slot stands for; nodes are (left, right) children, with
    /// leaves numbered by their slot when the final merges began.
    node_of_slot: Vec<usize>,
    nodes: Vec<(usize, usize)>,
    /// Slot of each leaf node once the final merges begin.
    leaves: Option<Vec<u32>>,
    /// Each word's slot when the final merges began (its leaf).
    leaf_slot_of_word: Vec<u32>,
}

impl<'a> Clustering<'a> {
    fn new(window: usize, right_of: &'a [Vec<(u32, u64)>], left_of: &'a [Vec<(u32, u64)>]) -> Clustering<'a> {
        let n_slots = window + 1;
        let total: u64 = right_of.iter().flatten().map(|(_, count)| count).sum();
        Clustering {
            window,
            right_of,
            left_of,
            total: total.max(1) as f64,
            n_slots,
            active: vec![false; n_slots],
            n: vec![0.0; n_slots * n_slots],
            left_count: vec![0.0; n_slots],
            right_count: vec![0.0; n_slots],
            q: vec![0.0; n_slots * n_slots],
            loss: vec![0.0; n_slots * n_slots],
            members: vec![Vec::new(); n_slots],
            slot_of_word: vec![u32::MAX; right_of.len()],
            node_of_slot: vec![usize::MAX; n_slots],
            nodes: Vec::new(),
            leaves: None,
            leaf_slot_of_word: Vec::new(),
        }
    }

    fn n_active(&self) -> usize {
        self.active.iter().filter(|&&active| active).count()
    }

    fn active_slots(&self) -> Vec<usize> {
        (0..self.n_slots).filter(|&slot| self.active[slot]).collect()
    }

    /// The mutual-information term of a bigram count with the given marginals.
    #[inline]
    fn term(&self, count: f64, left: f64, right: f64) -> f64 {
        if count <= 0.0 {
            0.0
        } else {
            count / self.total * (count * self.total / (left * right)).ln()
        }
    }

    #[inline]
    fn at(&self, x: usize, y: usize) -> f64 {
        self.n[x * self.n_slots + y]
    }

    /// The change to the loss of merging (i, j) contributed by the third slot k.
    #[inline]
    fn third(&self, i: usize, j: usize, k: usize) -> f64 {
        let s = self.n_slots;
        let (nik, nki, njk, nkj) = (self.at(i, k), self.at(k, i), self.at(j, k), self.at(k, j));
        if nik == 0.0 && nki == 0.0 && njk == 0.0 && nkj == 0.0 {
            return 0.0;
        }
        let separate = self.q[i * s + k] + self.q[k * s + i] + self.q[j * s + k] + self.q[k * s + j];
        let merged = self.term(nik + njk, self.left_count[i] + self.left_count[j], self.right_count[k])
            + self.term(nki + nkj, self.left_count[k], self.right_count[i] + self.right_count[j]);
        separate - merged
    }

    /// The loss of merging i and j, computed from scratch.
    fn full_loss(&self, i: usize, j: usize, active: &[usize]) -> f64 {
        let s = self.n_slots;
        let mut loss = 0.0;
        for &k in active {
            if k != i && k != j {
                loss += self.third(i, j, k);
            }
        }
        let within = self.at(i, i) + self.at(i, j) + self.at(j, i) + self.at(j, j);
        loss += self.q[i * s + i] + self.q[i * s + j] + self.q[j * s + i] + self.q[j * s + j];
        loss -= self.term(
            within,
            self.left_count[i] + self.left_count[j],
            self.right_count[i] + self.right_count[j],
        );
        loss
    }

    fn refresh_q(&mut self, x: usize, active: &[usize]) {
        let s = self.n_slots;
        for &y in active {
            self.q[x * s + y] = self.term(self.at(x, y), self.left_count[x], self.right_count[y]);
            self.q[y * s + x] = self.term(self.at(y, x), self.left_count[y], self.right_count[x]);
        }
    }

    fn loss_index(&self, i: usize, j: usize) -> usize {
        i.min(j) * self.n_slots + i.max(j)
    }

    fn add_word(&mut self, word: u32) {
        let s = self.n_slots;
        let slot = (0..s).find(|&slot| !self.active[slot]).expect("a free slot");
        for k in 0..s {
            self.n[slot * s + k] = 0.0;
            self.n[k * s + slot] = 0.0;
        }
        let (mut left, mut right) = (0.0, 0.0);
        self.slot_of_word[word as usize] = slot as u32;
        for &(other, count) in &self.right_of[word as usize] {
            left += count as f64;
            let to = self.slot_of_word[other as usize];
            if to != u32::MAX {
                self.n[slot * s + to as usize] += count as f64;
            }
        }
        for &(other, count) in &self.left_of[word as usize] {
            right += count as f64;
            let from = self.slot_of_word[other as usize];
            // A self-bigram was counted above already.
            if from != u32::MAX && other != word {
                self.n[from as usize * s + slot] += count as f64;
            }
        }
        // Marginals over all bigrams, so they do not change as later words arrive; a
        // word only ever seen next to rare words still gets a non-zero marginal.
        self.left_count[slot] = left.max(1.0);
        self.right_count[slot] = right.max(1.0);
        self.active[slot] = true;
        self.members[slot] = vec![word];
        self.node_of_slot[slot] = usize::MAX;
        let active = self.active_slots();
        self.refresh_q(slot, &active);
        // Every existing pair now has one more third slot.
        for (a, &i) in active.iter().enumerate() {
            if i == slot {
                continue;
            }
            for &j in &active[a + 1..] {
                if j == slot {
                    continue;
                }
                let delta = self.third(i, j, slot);
                self.loss[i * s + j] += delta;
            }
        }
        for &k in &active {
            if k != slot {
                let index = self.loss_index(slot, k);
                self.loss[index] = self.full_loss(slot, k, &active);
            }
        }
    }

    /// Merges the pair with the smallest loss; `record` builds the tree from the merge.
    fn merge_best(&mut self, record: bool) {
        let s = self.n_slots;
        let active = self.active_slots();
        if record && self.leaves.is_none() {
            for (leaf, &slot) in active.iter().enumerate() {
                self.node_of_slot[slot] = leaf;
                self.nodes.push((usize::MAX, usize::MAX));
            }
            self.leaves = Some(active.iter().map(|&slot| slot as u32).collect());
            self.leaf_slot_of_word = self.slot_of_word.clone();
        }
        let mut best = (f64::INFINITY, usize::MAX, usize::MAX);
        for (a, &i) in active.iter().enumerate() {
            for &j in &active[a + 1..] {
                let loss = self.loss[i * s + j];
                if loss < best.0 {
                    best = (loss, i, j);
                }
            }
        }
        let (_, a, b) = best;
        if a == usize::MAX {
            return;
        }
        // Pairs not involving a or b: their third slots a and b become one.
        let merged_left = self.left_count[a] + self.left_count[b];
        let merged_right = self.right_count[a] + self.right_count[b];
        for (x, &i) in active.iter().enumerate() {
            if i == a || i == b {
                continue;
            }
            for &j in &active[x + 1..] {
                if j == a || j == b {
                    continue;
                }
                let before = self.third(i, j, a) + self.third(i, j, b);
                // The third-slot term of (i, j) against the merged slot.
                let (nim, nmi) = (self.at(i, a) + self.at(i, b), self.at(a, i) + self.at(b, i));
                let (njm, nmj) = (self.at(j, a) + self.at(j, b), self.at(a, j) + self.at(b, j));
                let after = if nim == 0.0 && nmi == 0.0 && njm == 0.0 && nmj == 0.0 {
                    0.0
                } else {
                    let (li, ri, lj, rj) =
                        (self.left_count[i], self.right_count[i], self.left_count[j], self.right_count[j]);
                    self.term(nim, li, merged_right)
                        + self.term(nmi, merged_left, ri)
                        + self.term(njm, lj, merged_right)
                        + self.term(nmj, merged_left, rj)
                        - self.term(nim + njm, li + lj, merged_right)
                        - self.term(nmi + nmj, merged_left, ri + rj)
                };
                self.loss[i * s + j] += after - before;
            }
        }
        // Fold b into a.
        let self_count = self.at(a, a) + self.at(a, b) + self.at(b, a) + self.at(b, b);
        for &k in &active {
            if k != a && k != b {
                self.n[a * s + k] += self.n[b * s + k];
                self.n[k * s + a] += self.n[k * s + b];
            }
        }
        self.n[a * s + a] = self_count;
        for k in 0..s {
            self.n[b * s + k] = 0.0;
            self.n[k * s + b] = 0.0;
        }
        self.left_count[a] = merged_left;
        self.right_count[a] = merged_right;
        self.active[b] = false;
        let moved = std::mem::take(&mut self.members[b]);
        for &word in &moved {
            self.slot_of_word[word as usize] = a as u32;
        }
        self.members[a].extend(moved);
        if record {
            self.nodes.push((self.node_of_slot[a], self.node_of_slot[b]));
            self.node_of_slot[a] = self.nodes.len() - 1;
        }
        let active = self.active_slots();
        self.refresh_q(a, &active);
        for &k in &active {
            if k != a {
                let index = self.loss_index(a, k);
                self.loss[index] = self.full_loss(a, k, &active);
            }
        }
    }

    /// The largest difference between a kept loss and one computed from scratch.
    #[cfg(test)]
    fn loss_drift(&self) -> f64 {
        let active = self.active_slots();
        let mut worst = 0.0f64;
        for (x, &i) in active.iter().enumerate() {
            for &j in &active[x + 1..] {
                worst = worst.max((self.loss[i * self.n_slots + j] - self.full_loss(i, j, &active)).abs());
            }
        }
        worst
    }

    /// Path (bits, length) of each slot that was a leaf when the final merges began.
    fn leaf_paths(&self) -> HashMap<u32, (u64, u8)> {
        let mut paths = HashMap::new();
        let Some(leaves) = &self.leaves else {
            // A single cluster: every word gets the empty path.
            for slot in self.active_slots() {
                paths.insert(slot as u32, (0, 0));
            }
            return paths;
        };
        let Some(root) = self.active_slots().first().map(|&slot| self.node_of_slot[slot]) else {
            return paths;
        };
        let mut stack = vec![(root, 0u64, 0u8)];
        while let Some((node, bits, len)) = stack.pop() {
            let (left, right) = self.nodes[node];
            if left == usize::MAX {
                paths.insert(leaves[node], (bits, len));
            } else {
                // Paths longer than 63 bits keep their first 63.
                let deeper = len < 63;
                let (len, left_bits, right_bits) =
                    if deeper { (len + 1, bits << 1, bits << 1 | 1) } else { (len, bits, bits) };
                stack.push((left, left_bits, len));
                stack.push((right, right_bits, len));
            }
        }
        paths
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Vec<Vec<&'static str>> {
        let mut sentences = Vec::new();
        for subject in ["the army", "the police", "the rebels", "a soldier"] {
            for verb in ["attacked", "shelled", "raided"] {
                for place in ["Baghdad", "Kabul", "Mosul", "Aleppo"] {
                    let mut words: Vec<&str> = subject.split(' ').collect();
                    words.extend([verb, "the", "town", "near", place, "on", "Monday", "."]);
                    sentences.push(words);
                }
            }
        }
        sentences
    }

    #[test]
    fn words_in_the_same_slot_get_the_same_path() {
        let clusters = WordClusters::learn(&corpus(), &ClusterConfig { n_clusters: 6, min_count: 1 });
        assert!(clusters.len() >= 15);
        let path = |word: &str| clusters.path_of(word).unwrap();
        // Places share every context, and so do the verbs.
        assert_eq!(path("Baghdad"), path("Kabul"));
        assert_eq!(path("attacked"), path("raided"));
        assert_ne!(path("Baghdad"), path("attacked"));
        assert!(clusters.path_of("Paris").is_none());
    }

    #[test]
    fn kept_losses_match_losses_from_scratch() {
        let sentences = corpus();
        let words: Vec<&str> = sentences.iter().flatten().copied().collect();
        let mut ids: Vec<&str> = words.clone();
        ids.sort_unstable();
        ids.dedup();
        let id = |word: &str| ids.binary_search(&word).unwrap() as u32;
        let (mut right_of, mut left_of) = (vec![Vec::new(); ids.len()], vec![Vec::new(); ids.len()]);
        for sentence in &sentences {
            for pair in sentence.windows(2) {
                right_of[id(pair[0]) as usize].push((id(pair[1]), 1));
                left_of[id(pair[1]) as usize].push((id(pair[0]), 1));
            }
        }
        let mut clustering = Clustering::new(4, &right_of, &left_of);
        for word in 0..ids.len() {
            clustering.add_word(word as u32);
            assert!(clustering.loss_drift() < 1e-9, "after adding {word}");
            if clustering.n_active() > clustering.window {
                clustering.merge_best(false);
                assert!(clustering.loss_drift() < 1e-9, "after a merge at {word}");
            }
        }
    }

    #[test]
    fn learning_is_deterministic_and_paths_round_trip() {
        let config = ClusterConfig { n_clusters: 5, min_count: 1 };
        let first = WordClusters::learn(&corpus(), &config);
        let second = WordClusters::learn(&corpus(), &config);
        assert_eq!(first, second);
        let file = std::env::temp_dir().join(format!("dyad-clusters-{}.txt", std::process::id()));
        first.write_paths(&file).unwrap();
        let back = WordClusters::read_paths(&file).unwrap();
        assert_eq!(back.paths, first.paths);
        std::fs::remove_file(&file).ok();
        let mut writer = BinaryWriter::default();
        first.write(&mut writer);
        let bytes = writer.into_bytes();
        let read = WordClusters::read(&mut BinaryReader::new(&bytes, "test")).unwrap();
        assert_eq!(read.paths, first.paths);
        assert_eq!(read.features(cluster_key("1999", &mut Vec::new())), ClusterFeatures::UNKNOWN);
    }
}
