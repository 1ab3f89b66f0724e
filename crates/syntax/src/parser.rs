//! The dependency parser: arc-hybrid transitions scored by an averaged perceptron and
//! trained with a dynamic oracle.
//!
//! Words are numbered from 1; 0 is the artificial root at the bottom of the stack.
//! Transitions: SHIFT moves the first buffer word onto the stack; LEFT-l makes the first
//! buffer word the head of the stack top and pops it; RIGHT-l makes the second stack item
//! the head of the top and pops it. A sentence of n words always takes exactly 2n
//! transitions, so time is linear and memory is a few vectors of length n. RIGHT onto
//! the root is only allowed once the buffer is empty, which guarantees a single root.
//!
//! The dynamic oracle (Goldberg and Nivre, 2013) gives the cost of every transition in
//! any configuration, so training can follow the model's own mistakes and learn to
//! recover from them.

use crate::binary::{BinaryReader, BinaryWriter};
use crate::clusters::ClusterFeatures;
use crate::hash::{feat1, feat2, feat3, SplitMix64};
use crate::perceptron::{AveragedPerceptron, LinearModel};
use crate::SyntaxError;

const NONE: u32 = u32::MAX;
const NO_WORD: u64 = 0x6e6f_6e65_5f77_6f72;
const ROOT_WORD: u64 = 0x726f_6f74_5f77_6f72;
const NO_LABEL: u64 = 0xffff;

/// Kinds of transitions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    Shift,
    Left(u16),
    Right(u16),
}

/// Class numbering: 0 = SHIFT, then LEFT for each label, then RIGHT for each label.
fn move_of(class: usize, n_labels: usize) -> Move {
    if class == 0 {
        Move::Shift
    } else if class <= n_labels {
        Move::Left((class - 1) as u16)
    } else {
        Move::Right((class - 1 - n_labels) as u16)
    }
}

/// A parser configuration.
#[derive(Debug, Default)]
pub(crate) struct State {
    n: usize,
    stack: Vec<u32>,
    buffer: usize,
    pub(crate) heads: Vec<u32>,
    pub(crate) labels: Vec<u16>,
    left1: Vec<u32>,
    left2: Vec<u32>,
    right1: Vec<u32>,
    right2: Vec<u32>,
    n_left: Vec<u32>,
    n_right: Vec<u32>,
    left_labels: Vec<u64>,
    right_labels: Vec<u64>,
}

impl State {
    /// Resets to the initial configuration for `n_words` words.
    fn reset(&mut self, n_words: usize) {
        let n = n_words + 1;
        self.n = n;
        self.stack.clear();
        self.stack.push(0);
        self.buffer = 1;
        for vector in [&mut self.heads, &mut self.left1, &mut self.left2, &mut self.right1, &mut self.right2]
        {
            vector.clear();
            vector.resize(n, NONE);
        }
        for vector in [&mut self.n_left, &mut self.n_right] {
            vector.clear();
            vector.resize(n, 0);
        }
        for vector in [&mut self.left_labels, &mut self.right_labels] {
            vector.clear();
            vector.resize(n, 0);
        }
        self.labels.clear();
        self.labels.resize(n, 0);
    }

    fn is_terminal(&self) -> bool {
        self.buffer >= self.n && self.stack.len() == 1
    }

    #[inline]
    fn s(&self, depth: usize) -> u32 {
        if depth < self.stack.len() {
            self.stack[self.stack.len() - 1 - depth]
        } else {
            NONE
        }
    }

    #[inline]
    fn b(&self, offset: usize) -> u32 {
        let position = self.buffer + offset;
        if position < self.n {
            position as u32
        } else {
            NONE
        }
    }

    fn can_shift(&self) -> bool {
        self.buffer < self.n
    }

    fn can_left(&self) -> bool {
        self.stack.len() >= 2 && self.buffer < self.n
    }

    /// RIGHT onto the root only once the buffer is empty (one root per sentence).
    fn can_right(&self) -> bool {
        self.stack.len() >= 3 || (self.stack.len() == 2 && self.buffer >= self.n)
    }

    fn attach(&mut self, head: u32, dependent: u32, label: u16) {
        let (h, d) = (head as usize, dependent as usize);
        self.heads[d] = head;
        self.labels[d] = label;
        if dependent < head {
            self.n_left[h] += 1;
            self.left_labels[h] |= 1u64 << (label % 64);
            if self.left1[h] == NONE || dependent < self.left1[h] {
                self.left2[h] = self.left1[h];
                self.left1[h] = dependent;
            } else if self.left2[h] == NONE || dependent < self.left2[h] {
                self.left2[h] = dependent;
            }
        } else {
            self.n_right[h] += 1;
            self.right_labels[h] |= 1u64 << (label % 64);
            if self.right1[h] == NONE || dependent > self.right1[h] {
                self.right2[h] = self.right1[h];
                self.right1[h] = dependent;
            } else if self.right2[h] == NONE || dependent > self.right2[h] {
                self.right2[h] = dependent;
            }
        }
    }

    fn apply(&mut self, action: Move) {
        match action {
            Move::Shift => {
                self.stack.push(self.buffer as u32);
                self.buffer += 1;
            }
            Move::Left(label) => {
                let s0 = self.stack.pop().unwrap_or(NONE);
                self.attach(self.buffer as u32, s0, label);
            }
            Move::Right(label) => {
                let s0 = self.stack.pop().unwrap_or(NONE);
                let s1 = self.s(0);
                self.attach(s1, s0, label);
            }
        }
    }
}

/// Word and tag hashes of a sentence, index 0 being the root.
#[derive(Debug, Default)]
pub(crate) struct ParserInput {
    pub(crate) words: Vec<u64>,
    suffixes: Vec<u64>,
    pub(crate) tags: Vec<u64>,
    word_tags: Vec<u64>,
    clusters: Vec<ClusterFeatures>,
    /// Whether the model was trained with cluster features (and `clusters` is filled).
    with_clusters: bool,
}

impl ParserInput {
    /// Starts a sentence; `with_clusters` says whether cluster features are used.
    pub(crate) fn clear(&mut self, with_clusters: bool) {
        self.words.clear();
        self.suffixes.clear();
        self.tags.clear();
        self.word_tags.clear();
        self.clusters.clear();
        self.with_clusters = with_clusters;
        self.words.push(ROOT_WORD);
        self.suffixes.push(ROOT_WORD ^ 9);
        self.tags.push(ROOT_WORD ^ 7);
        self.clusters.push(ClusterFeatures::padding(ROOT_WORD ^ 13));
    }

    pub(crate) fn push(&mut self, word: u64, suffix: u64, tag: u64, cluster: ClusterFeatures) {
        self.words.push(word);
        self.suffixes.push(suffix);
        self.tags.push(tag);
        self.clusters.push(cluster);
    }

    fn finish(&mut self) {
        self.word_tags.clear();
        for (word, tag) in self.words.iter().zip(&self.tags) {
            self.word_tags.push(feat2(1000, *word, *tag));
        }
    }

    fn len(&self) -> usize {
        self.words.len() - 1
    }
}

fn distance(a: u32, b: u32) -> u64 {
    if a == NONE || b == NONE {
        return 99;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => d as u64,
        5..=7 => 5,
        8..=12 => 6,
        _ => 7,
    }
}

/// Extracts the features of a configuration.
fn features(state: &State, input: &ParserInput, out: &mut Vec<u64>) {
    out.clear();
    let w = |i: u32| if i == NONE { NO_WORD } else { input.words[i as usize] };
    let p = |i: u32| if i == NONE { NO_WORD ^ 3 } else { input.tags[i as usize] };
    let suffix = |i: u32| if i == NONE { NO_WORD ^ 11 } else { input.suffixes[i as usize] };
    let wp = |i: u32| if i == NONE { NO_WORD ^ 5 } else { input.word_tags[i as usize] };
    let l = |i: u32| {
        if i == NONE || state.heads[i as usize] == NONE {
            NO_LABEL
        } else {
            state.labels[i as usize] as u64
        }
    };
    let child = |v: &Vec<u32>, i: u32| if i == NONE { NONE } else { v[i as usize] };
    let count = |v: &Vec<u32>, i: u32| if i == NONE { 99 } else { v[i as usize].min(6) as u64 };
    let set = |v: &Vec<u64>, i: u32| if i == NONE { 1 } else { v[i as usize] };

    let (s0, s1, s2) = (state.s(0), state.s(1), state.s(2));
    let (b0, b1, b2) = (state.b(0), state.b(1), state.b(2));
    let (s0w, s0p, s0wp) = (w(s0), p(s0), wp(s0));
    let (s1w, s1p, s1wp) = (w(s1), p(s1), wp(s1));
    let (b0w, b0p, b0wp) = (w(b0), p(b0), wp(b0));
    let (b1w, b1p) = (w(b1), p(b1));
    let (b2w, b2p) = (w(b2), p(b2));
    let s2p = p(s2);
    let s0l1 = child(&state.left1, s0);
    let s0l2 = child(&state.left2, s0);
    let s0r1 = child(&state.right1, s0);
    let s0r2 = child(&state.right2, s0);
    let s1l1 = child(&state.left1, s1);
    let s1r1 = child(&state.right1, s1);
    let b0l1 = child(&state.left1, b0);
    let b0l2 = child(&state.left2, b0);
    let d = distance(s0, b0);
    let d10 = distance(s1, s0);

    out.extend_from_slice(&[
        feat1(1, s0w),
        feat1(2, s0p),
        feat1(3, s0wp),
        feat1(4, s1w),
        feat1(5, s1p),
        feat1(6, s1wp),
        feat1(7, s2p),
        feat1(8, b0w),
        feat1(9, b0p),
        feat1(10, b0wp),
        feat1(11, b1w),
        feat1(12, b1p),
        feat1(13, wp(b1)),
        feat1(14, b2w),
        feat1(15, b2p),
        feat2(16, s0wp, b0wp),
        feat2(17, s0wp, b0w),
        feat2(18, s0w, b0wp),
        feat2(19, s0wp, b0p),
        feat2(20, s0p, b0wp),
        feat2(21, s0w, b0w),
        feat2(22, s0p, b0p),
        feat2(23, b0p, b1p),
        feat3(24, b0p, b1p, b2p),
        feat3(25, s0p, b0p, b1p),
        feat3(26, s1p, s0p, b0p),
        feat3(27, s0p, p(s0l1), b0p),
        feat3(28, s0p, p(s0r1), b0p),
        feat3(29, s0p, b0p, p(b0l1)),
        feat3(30, s2p, s1p, s0p),
        feat2(31, s1wp, s0wp),
        feat2(32, s1w, s0w),
        feat2(33, s1p, s0p),
        feat2(34, s1wp, s0p),
        feat2(35, s1p, s0wp),
        feat3(36, s1p, s0p, p(s0l1)),
        feat3(37, s1p, p(s1r1), s0p),
        feat2(38, s0w, d),
        feat2(39, s0p, d),
        feat2(40, b0w, d),
        feat2(41, b0p, d),
        feat3(42, s0w, b0w, d),
        feat3(43, s0p, b0p, d),
        feat3(44, s1p, s0p, d10),
        feat3(45, s1w, s0p, d10),
        feat2(46, s0w, count(&state.n_right, s0)),
        feat2(47, s0p, count(&state.n_right, s0)),
        feat2(48, s0w, count(&state.n_left, s0)),
        feat2(49, s0p, count(&state.n_left, s0)),
        feat2(50, b0w, count(&state.n_left, b0)),
        feat2(51, b0p, count(&state.n_left, b0)),
        feat2(52, s1p, count(&state.n_right, s1)),
        feat1(53, w(s0l1)),
        feat1(54, p(s0l1)),
        feat1(55, l(s0l1)),
        feat1(56, w(s0r1)),
        feat1(57, p(s0r1)),
        feat1(58, l(s0r1)),
        feat1(59, w(b0l1)),
        feat1(60, p(b0l1)),
        feat1(61, l(b0l1)),
        feat1(62, p(s1r1)),
        feat1(63, l(s1r1)),
        feat1(64, p(s1l1)),
        feat1(65, l(s1l1)),
        feat1(66, w(s0l2)),
        feat1(67, p(s0l2)),
        feat1(68, l(s0l2)),
        feat1(69, w(s0r2)),
        feat1(70, p(s0r2)),
        feat1(71, l(s0r2)),
        feat1(72, w(b0l2)),
        feat1(73, p(b0l2)),
        feat1(74, l(b0l2)),
        feat3(75, s0p, p(s0l1), p(s0l2)),
        feat3(76, s0p, p(s0r1), p(s0r2)),
        feat3(77, b0p, p(b0l1), p(b0l2)),
        feat2(78, s0w, set(&state.right_labels, s0)),
        feat2(79, s0p, set(&state.right_labels, s0)),
        feat2(80, s0w, set(&state.left_labels, s0)),
        feat2(81, s0p, set(&state.left_labels, s0)),
        feat2(82, b0w, set(&state.left_labels, b0)),
        feat2(83, b0p, set(&state.left_labels, b0)),
        feat3(84, s0p, l(s0l1), b0p),
        feat3(85, s1p, s0p, l(s0l1)),
        feat3(86, s0w, s0p, b1p),
        feat2(87, suffix(s0), s0p),
        feat2(88, suffix(b0), b0p),
        feat3(89, suffix(s0), suffix(b0), d),
        feat2(90, suffix(s1), s1p),
        feat2(91, b0w, b1w),
        feat3(92, s0w, s1w, b0p),
        feat2(93, suffix(b1), b1p),
        feat3(94, s0p, b0w, b1p),
        feat3(95, s1p, s0p, l(s1r1)),
        feat3(96, b0p, l(b0l1), l(b0l2)),
    ]);
    if input.with_clusters {
        let none = ClusterFeatures::padding(NO_WORD ^ 13);
        let c = |i: u32| if i == NONE { none } else { input.clusters[i as usize] };
        let (s0c, s1c, b0c, b1c) = (c(s0), c(s1), c(b0), c(b1));
        out.extend_from_slice(&[
            feat1(100, s0c.full),
            feat1(101, b0c.full),
            feat1(102, s1c.full),
            feat1(103, b1c.full),
            feat2(104, s0c.p4, b0c.p4),
            feat2(105, s0c.p6, b0c.p6),
            feat2(106, s0c.full, b0p),
            feat2(107, s0p, b0c.full),
            feat2(108, s1c.p4, s0c.p4),
            feat3(109, s0c.p4, b0c.p4, d),
            feat3(110, s0c.p4, b0c.p4, b1c.p4),
            feat2(111, s1c.p6, s0p),
        ]);
    }
}

/// A trained parser.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Parser {
    pub(crate) labels: Vec<String>,
    root_label: u16,
    pub(crate) model: LinearModel,
    /// Whether the features use word clusters (saved with the clusters, by the model).
    pub(crate) cluster_features: bool,
}

/// Reusable buffers for parsing.
#[derive(Debug, Default)]
pub(crate) struct ParserScratch {
    pub(crate) state: State,
    features: Vec<u64>,
    scores: Vec<f32>,
}

/// Picks the best valid class; `cost` (when training) restricts it to zero-cost moves.
fn best_valid(
    state: &State,
    scores: &[f32],
    n_labels: usize,
    root_label: u16,
    allowed: Option<&[i32]>,
) -> usize {
    let mut best = usize::MAX;
    let mut best_score = f32::NEG_INFINITY;
    let on_root = state.stack.len() == 2;
    for (class, &score) in scores.iter().enumerate() {
        let valid = match move_of(class, n_labels) {
            Move::Shift => state.can_shift(),
            Move::Left(label) => state.can_left() && label != root_label,
            Move::Right(label) => state.can_right() && ((label == root_label) == on_root),
        };
        if !valid || allowed.is_some_and(|costs| costs[class] != 0) {
            continue;
        }
        if best == usize::MAX || score > best_score {
            best = class;
            best_score = score;
        }
    }
    best
}

impl Parser {
    /// Parses one sentence; the result is in `scratch.state.heads`/`labels` (index 0 is
    /// the root; heads use 0 for the root).
    pub(crate) fn parse(&self, input: &mut ParserInput, scratch: &mut ParserScratch) {
        input.finish();
        let n_labels = self.labels.len();
        scratch.state.reset(input.len());
        scratch.scores.resize(self.model.n_classes(), 0.0);
        while !scratch.state.is_terminal() {
            // With only the root on the stack, SHIFT is the one legal move: no need to
            // score it (this saves one transition in every 2n).
            if scratch.state.stack.len() == 1 {
                scratch.state.apply(Move::Shift);
                continue;
            }
            features(&scratch.state, input, &mut scratch.features);
            self.model.score(&scratch.features, &mut scratch.scores);
            let class = best_valid(&scratch.state, &scratch.scores, n_labels, self.root_label, None);
            if class == usize::MAX {
                break;
            }
            scratch.state.apply(move_of(class, n_labels));
        }
    }

    pub(crate) fn write(&self, out: &mut BinaryWriter) {
        out.strings(&self.labels);
        out.varint(self.root_label as u64);
        self.model.write(out);
    }

    pub(crate) fn read(input: &mut BinaryReader) -> Result<Parser, SyntaxError> {
        let labels = input.strings()?;
        let root_label = input.varint()? as u16;
        if root_label as usize >= labels.len() {
            return Err(input.corrupt("root label out of range".to_string()));
        }
        let model = LinearModel::read(input)?;
        if model.n_classes() != 1 + 2 * labels.len() {
            return Err(input.corrupt("parser class count disagrees with its labels".to_string()));
        }
        Ok(Parser { labels, root_label, model, cluster_features: false })
    }
}

/// Whether a tree (heads 1-based, 0 = root, index 0 unused) has no crossing arcs, with
/// the root arc counted as an arc from position 0.
pub(crate) fn is_projective(heads: &[usize]) -> bool {
    let arcs: Vec<(usize, usize)> =
        heads.iter().enumerate().skip(1).map(|(d, &h)| (d.min(h), d.max(h))).collect();
    for (i, &(a1, b1)) in arcs.iter().enumerate() {
        for &(a2, b2) in &arcs[i + 1..] {
            if (a1 < a2 && a2 < b1 && b1 < b2) || (a2 < a1 && a1 < b2 && b2 < b1) {
                return false;
            }
        }
    }
    true
}

/// Costs of all classes under the dynamic oracle; invalid moves get `i32::MAX`.
fn oracle_costs(
    state: &State,
    gold_heads: &[usize],
    gold_labels: &[u16],
    n_labels: usize,
    root_label: u16,
    in_stack: &[bool],
    costs: &mut [i32],
) {
    let n = state.n;
    let s0 = state.s(0);
    let s1 = state.s(1);
    let b = state.buffer;
    let deps_of_s0_in_buffer =
        if s0 == NONE { 0 } else { (b..n).filter(|&k| gold_heads[k] == s0 as usize).count() as i32 };
    let shift_cost = if state.can_shift() {
        let deps_in_stack =
            state.stack.iter().filter(|&&k| k != 0 && gold_heads[k as usize] == b).count() as i32;
        let head = gold_heads[b];
        let head_lost = (in_stack[head] && head as u32 != s0) as i32;
        deps_in_stack + head_lost
    } else {
        i32::MAX
    };
    let (left_cost, right_cost, s0_head) = if s0 != NONE && s0 != 0 {
        let head = gold_heads[s0 as usize];
        let left = deps_of_s0_in_buffer + (s1 != NONE && head == s1 as usize || head > b) as i32;
        let right = deps_of_s0_in_buffer + (head >= b) as i32;
        (left, right, head)
    } else {
        (i32::MAX, i32::MAX, usize::MAX)
    };
    let on_root = state.stack.len() == 2;
    for (class, cost) in costs.iter_mut().enumerate() {
        *cost = match move_of(class, n_labels) {
            Move::Shift => shift_cost,
            Move::Left(label) => {
                if !state.can_left() || label == root_label {
                    i32::MAX
                } else {
                    left_cost + (s0_head == b && gold_labels[s0 as usize] != label) as i32
                }
            }
            Move::Right(label) => {
                if !state.can_right() || (label == root_label) != on_root {
                    i32::MAX
                } else {
                    right_cost
                        + (s1 != NONE && s0_head == s1 as usize && gold_labels[s0 as usize] != label) as i32
                }
            }
        };
    }
}

/// One training sentence for the parser.
pub(crate) struct ParseExample {
    pub(crate) words: Vec<u64>,
    pub(crate) suffixes: Vec<u64>,
    pub(crate) tags: Vec<u64>,
    /// Empty when training without clusters.
    pub(crate) clusters: Vec<ClusterFeatures>,
    /// Index 0 unused; 0 = root.
    pub(crate) heads: Vec<usize>,
    pub(crate) labels: Vec<u16>,
}

/// Trains the parser.
pub(crate) struct ParserTrainer {
    pub(crate) labels: Vec<String>,
    root_label: u16,
    perceptron: AveragedPerceptron,
    scratch: ParserScratch,
    input: ParserInput,
    costs: Vec<i32>,
    in_stack: Vec<bool>,
    cluster_features: bool,
}

impl ParserTrainer {
    pub(crate) fn new(labels: Vec<String>, root_label: u16, cluster_features: bool) -> ParserTrainer {
        let n_classes = 1 + 2 * labels.len();
        ParserTrainer {
            labels,
            root_label,
            perceptron: AveragedPerceptron::new(n_classes),
            scratch: ParserScratch::default(),
            input: ParserInput::default(),
            costs: vec![0; n_classes],
            in_stack: Vec::new(),
            cluster_features,
        }
    }

    /// One pass over one sentence. With probability `explore`, the model's own choice is
    /// followed even when wrong, so later decisions learn to recover. Returns the number
    /// of words whose head and label ended up correct.
    pub(crate) fn learn(&mut self, example: &ParseExample, explore: f64, rng: &mut SplitMix64) -> usize {
        let n_labels = self.labels.len();
        let with_clusters = !example.clusters.is_empty();
        self.input.clear(with_clusters);
        for (i, ((word, suffix), tag)) in
            example.words.iter().zip(&example.suffixes).zip(&example.tags).enumerate()
        {
            let cluster = example.clusters.get(i).copied().unwrap_or(ClusterFeatures::UNKNOWN);
            self.input.push(*word, *suffix, *tag, cluster);
        }
        self.input.finish();
        let n_words = example.words.len();
        self.scratch.state.reset(n_words);
        self.scratch.scores.resize(self.perceptron_classes(), 0.0);
        self.in_stack.clear();
        self.in_stack.resize(n_words + 1, false);
        self.in_stack[0] = true;
        while !self.scratch.state.is_terminal() {
            let state = &self.scratch.state;
            features(state, &self.input, &mut self.scratch.features);
            self.perceptron.tick();
            self.perceptron.score(&self.scratch.features, &mut self.scratch.scores);
            oracle_costs(
                state,
                &example.heads,
                &example.labels,
                n_labels,
                self.root_label,
                &self.in_stack,
                &mut self.costs,
            );
            let guess = best_valid(state, &self.scratch.scores, n_labels, self.root_label, None);
            let truth = best_valid(state, &self.scratch.scores, n_labels, self.root_label, Some(&self.costs));
            if guess == usize::MAX {
                break;
            }
            let next = if truth == usize::MAX {
                guess
            } else {
                if self.costs[guess] > 0 {
                    self.perceptron.update(&self.scratch.features, truth, guess);
                }
                if self.costs[guess] > 0 && rng.next_f64() >= explore {
                    truth
                } else {
                    guess
                }
            };
            let action = move_of(next, n_labels);
            match action {
                Move::Shift => self.in_stack[self.scratch.state.buffer] = true,
                Move::Left(_) | Move::Right(_) => {
                    let s0 = self.scratch.state.s(0);
                    self.in_stack[s0 as usize] = false;
                }
            }
            self.scratch.state.apply(action);
        }
        let state = &self.scratch.state;
        (1..=n_words)
            .filter(|&i| state.heads[i] as usize == example.heads[i] && state.labels[i] == example.labels[i])
            .count()
    }

    fn perceptron_classes(&self) -> usize {
        1 + 2 * self.labels.len()
    }

    pub(crate) fn finish(&self, min_abs_weight: f32) -> Parser {
        Parser {
            labels: self.labels.clone(),
            root_label: self.root_label,
            model: self.perceptron.averaged(min_abs_weight),
            cluster_features: self.cluster_features,
        }
    }
}

/// Follows the zero-cost transitions only and returns the heads it builds (for tests).
#[cfg(test)]
pub(crate) fn oracle_parse(
    heads: &[usize],
    labels: &[u16],
    n_labels: usize,
    root_label: u16,
) -> (Vec<u32>, Vec<u16>) {
    let n_words = heads.len() - 1;
    let mut state = State::default();
    state.reset(n_words);
    let mut in_stack = vec![false; n_words + 1];
    in_stack[0] = true;
    let mut costs = vec![0; 1 + 2 * n_labels];
    let scores = vec![0.0f32; costs.len()];
    while !state.is_terminal() {
        oracle_costs(&state, heads, labels, n_labels, root_label, &in_stack, &mut costs);
        let class = best_valid(&state, &scores, n_labels, root_label, Some(&costs));
        assert!(class != usize::MAX, "no zero-cost move");
        let action = move_of(class, n_labels);
        match action {
            Move::Shift => in_stack[state.buffer] = true,
            _ => in_stack[state.s(0) as usize] = false,
        }
        state.apply(action);
    }
    (state.heads, state.labels)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oracle_reproduces_projective_gold_trees() {
        // Labels: 0 root, 1 nsubj, 2 obj, 3 det, 4 punct, 5 advmod.
        let trees: Vec<(Vec<usize>, Vec<u16>)> = vec![
            // The cat ate fish .
            (vec![0, 2, 3, 0, 3, 3], vec![0, 3, 1, 0, 2, 4]),
            // Go !
            (vec![0, 0, 1], vec![0, 0, 4]),
            // a b c d e with a right-branching chain and a late left arc.
            (vec![0, 0, 1, 5, 5, 2], vec![0, 0, 2, 3, 5, 2]),
            // A single word.
            (vec![0, 0], vec![0, 0]),
            // Left-branching: every word heads the next one to its left.
            (vec![0, 2, 3, 4, 0], vec![0, 1, 1, 1, 0]),
        ];
        for (heads, labels) in trees {
            assert!(is_projective(&heads));
            let (got_heads, got_labels) = oracle_parse(&heads, &labels, 6, 0);
            for i in 1..heads.len() {
                assert_eq!(got_heads[i] as usize, heads[i], "head of {i} in {heads:?}");
                assert_eq!(got_labels[i], labels[i], "label of {i} in {heads:?}");
            }
        }
    }

    #[test]
    fn crossing_arcs_are_not_projective() {
        // 1 -> 3 and 2 -> 4 cross.
        assert!(!is_projective(&[0, 0, 4, 1, 1]));
        assert!(is_projective(&[0, 2, 0, 2]));
    }

    #[test]
    fn every_sentence_takes_two_transitions_per_word() {
        let parser = Parser {
            labels: vec!["root".into(), "dep".into()],
            root_label: 0,
            model: LinearModel::from_rows(5, Vec::new()),
            cluster_features: false,
        };
        let mut input = ParserInput::default();
        input.clear(false);
        for i in 0..600u64 {
            input.push(i, i % 3, i % 7, ClusterFeatures::UNKNOWN);
        }
        let mut scratch = ParserScratch::default();
        parser.parse(&mut input, &mut scratch);
        let roots = (1..=600).filter(|&i| scratch.state.heads[i] == 0).count();
        assert_eq!(roots, 1);
        assert!((1..=600).all(|i| scratch.state.heads[i] != NONE));
    }
}
