//! The part-of-speech tagger: a greedy left-to-right averaged perceptron.
//!
//! Each class is a pair (Penn XPOS, UPOS), predicted jointly: the pair model learns the
//! UPOS distinctions that XPOS does not make (AUX against VERB, SCONJ against ADP,
//! PRON against DET) from the same rich features, and was measured better than deriving
//! UPOS from XPOS afterwards (see the README).

use std::collections::HashMap;

use crate::binary::{BinaryReader, BinaryWriter};
use crate::clusters::{cluster_key, ClusterFeatures, WordClusters};
use crate::hash::{feat1, feat2, feat3, hash_chars, hash_str, PrehashedMap};
use crate::perceptron::{AveragedPerceptron, LinearModel};
use crate::SyntaxError;

/// What the tagger knows about one word, computed once per sentence.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordInfo {
    pub(crate) form: u64,
    pub(crate) lower: u64,
    prefixes: [u64; 3],
    suffixes: [u64; 4],
    shape: u64,
    flags: u64,
    ambiguity: u64,
    form_ambiguity: u64,
    pub(crate) cluster: ClusterFeatures,
}

const PAD_BEFORE: u64 = 0x5f5f_7374_6172_745f;
const PAD_AFTER: u64 = 0x5f5f_656e_645f_5f5f;
/// Distinguishes exact-form keys from lowercase keys in the ambiguity table.
const FORM_KEY: u64 = 0x0f0f_0f0f_0f0f_0f0f;
/// Tag id standing for "no tag" before the sentence start.
const START_TAG: u64 = 0xffff;

impl WordInfo {
    fn padding(value: u64) -> WordInfo {
        WordInfo {
            form: value,
            lower: value,
            prefixes: [value; 3],
            suffixes: [value; 4],
            shape: value,
            flags: value,
            ambiguity: value,
            form_ambiguity: value,
            cluster: ClusterFeatures::padding(value),
        }
    }
}

/// Lowercased hash of a word, as the parser and the ambiguity table see it.
pub(crate) fn lower_hash(word: &str, scratch: &mut Vec<char>) -> u64 {
    scratch.clear();
    scratch.extend(word.chars().flat_map(char::to_lowercase));
    hash_chars(scratch)
}

/// Lowercased hash of a word and of its last three characters, as the parser sees it.
pub(crate) fn parser_word_hashes(word: &str, scratch: &mut Vec<char>) -> (u64, u64) {
    scratch.clear();
    scratch.extend(word.chars().flat_map(char::to_lowercase));
    let n = scratch.len();
    (hash_chars(scratch), hash_chars(&scratch[n - n.min(3)..]) ^ 0x5555)
}

/// The tag value the parser sees for a tagger class: XPOS and UPOS together, since
/// UPOS carries distinctions Penn tags lack (AUX/VERB, SCONJ/ADP) that UD relations
/// depend on.
pub(crate) fn parser_tag(class: &TagClass) -> u64 {
    hash_str(&class.xpos) ^ hash_str(&class.upos).rotate_left(17)
}

fn word_info(word: &str, position: usize, scratch: &mut Vec<char>, shape: &mut Vec<char>) -> WordInfo {
    scratch.clear();
    scratch.extend(word.chars().flat_map(char::to_lowercase));
    let lower = hash_chars(scratch);
    let n = scratch.len();
    let mut prefixes = [0u64; 3];
    for (k, prefix) in prefixes.iter_mut().enumerate() {
        *prefix = hash_chars(&scratch[..(k + 1).min(n)]);
    }
    let mut suffixes = [0u64; 4];
    for (k, suffix) in suffixes.iter_mut().enumerate() {
        *suffix = hash_chars(&scratch[n - (k + 1).min(n)..]);
    }
    // The shape folds letters and digits to classes and caps runs at two, so "McCain"
    // and "DeLay" share `XxXx` and long numbers share `dd`.
    shape.clear();
    let mut has_digit = false;
    let mut has_upper = false;
    let mut has_lower = false;
    let mut has_hyphen = false;
    for c in word.chars() {
        let class = if c.is_uppercase() {
            has_upper = true;
            'X'
        } else if c.is_lowercase() {
            has_lower = true;
            'x'
        } else if c.is_ascii_digit() {
            has_digit = true;
            'd'
        } else {
            if c == '-' {
                has_hyphen = true;
            }
            c
        };
        let len = shape.len();
        if len >= 2 && shape[len - 1] == class && shape[len - 2] == class {
            continue;
        }
        shape.push(class);
    }
    let first_upper = word.chars().next().is_some_and(char::is_uppercase);
    let flags = (has_digit as u64)
        | (has_upper as u64) << 1
        | (has_lower as u64) << 2
        | (has_hyphen as u64) << 3
        | (first_upper as u64) << 4
        | ((position == 0) as u64) << 5;
    WordInfo {
        form: hash_str(word),
        lower,
        prefixes,
        suffixes,
        shape: hash_chars(shape),
        flags,
        ambiguity: 0,
        form_ambiguity: 0,
        cluster: ClusterFeatures::UNKNOWN,
    }
}

/// One tag class: a Penn tag with the UPOS it goes with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct TagClass {
    pub(crate) xpos: String,
    pub(crate) upos: String,
}

/// A trained tagger.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Tagger {
    pub(crate) classes: Vec<TagClass>,
    /// For frequent words, a hash of the set of classes seen with them in training.
    ambiguity: PrehashedMap<u64>,
    pub(crate) model: LinearModel,
    /// The second pass, which also sees the first pass's tags of the next two words.
    pub(crate) second: Option<LinearModel>,
    /// Word clusters for features (saved by the model, not by the tagger, since the
    /// parser uses them too).
    pub(crate) clusters: Option<WordClusters>,
    /// Whether the tagger's own features use the clusters (the parser may use them
    /// when the tagger does not).
    pub(crate) cluster_features: bool,
}

/// Reusable buffers so that tagging allocates only when a sentence is longer than any
/// seen before.
#[derive(Debug, Default)]
pub(crate) struct TaggerScratch {
    infos: Vec<WordInfo>,
    features: Vec<u64>,
    scores: Vec<f32>,
    chars: Vec<char>,
    shape: Vec<char>,
    title_case: u64,
    first_pass: Vec<u16>,
    with_clusters: bool,
    /// Per word of the last pass, when asked for: its chosen tag's score minus its
    /// best verbal tag's.
    verb_gap: Vec<f32>,
}

impl TaggerScratch {
    /// Cluster features of word `i` of the last sentence tagged.
    #[inline]
    pub(crate) fn cluster(&self, i: usize) -> ClusterFeatures {
        self.infos[i + 2].cluster
    }
}

fn prepare(
    words: &[&str],
    ambiguity: &PrehashedMap<u64>,
    clusters: Option<&WordClusters>,
    cluster_features: bool,
    scratch: &mut TaggerScratch,
) {
    scratch.with_clusters = clusters.is_some() && cluster_features;
    scratch.infos.clear();
    scratch.infos.push(WordInfo::padding(PAD_BEFORE));
    scratch.infos.push(WordInfo::padding(PAD_BEFORE ^ 1));
    for (position, word) in words.iter().enumerate() {
        let mut info = word_info(word, position, &mut scratch.chars, &mut scratch.shape);
        info.ambiguity = ambiguity.get(&info.lower).copied().unwrap_or(1);
        info.form_ambiguity = ambiguity.get(&(info.form ^ FORM_KEY)).copied().unwrap_or(1);
        if let Some(clusters) = clusters {
            // Without digits the cluster key is the lowercase hash already computed.
            let key = if info.flags & 1 != 0 { cluster_key(word, &mut scratch.chars) } else { info.lower };
            info.cluster = clusters.features(key);
        }
        scratch.infos.push(info);
    }
    scratch.infos.push(WordInfo::padding(PAD_AFTER));
    scratch.infos.push(WordInfo::padding(PAD_AFTER ^ 1));
    // How title-cased the sentence is (headlines capitalise common nouns), in fifths.
    let n_capitalised =
        scratch.infos.iter().filter(|info| info.flags & (1 << 4) != 0 && info.flags < 1 << 6).count();
    scratch.title_case = (n_capitalised * 5 / words.len().max(1)) as u64;
}

/// Features of word `i` (index into the padded `infos`, so the word is `infos[i]`).
#[allow(clippy::too_many_arguments)]
fn features(
    infos: &[WordInfo],
    title_case: u64,
    with_clusters: bool,
    i: usize,
    previous: u64,
    before_previous: u64,
    right: Option<(u64, u64)>,
    out: &mut Vec<u64>,
) {
    out.clear();
    let w = &infos[i];
    let prev = &infos[i - 1];
    let prev2 = &infos[i - 2];
    let next = &infos[i + 1];
    let next2 = &infos[i + 2];
    out.push(feat1(0, 0));
    out.push(feat1(1, w.lower));
    out.push(feat1(2, w.form));
    out.push(feat1(3, w.prefixes[0]));
    out.push(feat1(4, w.prefixes[1]));
    out.push(feat1(5, w.prefixes[2]));
    out.push(feat1(6, w.suffixes[0]));
    out.push(feat1(7, w.suffixes[1]));
    out.push(feat1(8, w.suffixes[2]));
    out.push(feat1(9, w.suffixes[3]));
    out.push(feat1(10, w.shape));
    out.push(feat1(11, w.flags));
    out.push(feat1(12, previous));
    out.push(feat1(13, before_previous));
    out.push(feat2(14, previous, before_previous));
    out.push(feat2(15, previous, w.lower));
    out.push(feat1(16, prev.lower));
    out.push(feat1(17, prev.suffixes[2]));
    out.push(feat1(18, prev2.lower));
    out.push(feat1(19, next.lower));
    out.push(feat1(20, next.suffixes[2]));
    out.push(feat1(21, next2.lower));
    out.push(feat2(22, prev.lower, w.lower));
    out.push(feat2(23, w.lower, next.lower));
    out.push(feat1(24, w.ambiguity));
    out.push(feat1(25, next.ambiguity));
    out.push(feat1(26, next2.ambiguity));
    out.push(feat2(27, next.ambiguity, w.lower));
    out.push(feat2(28, previous, w.ambiguity));
    out.push(feat1(29, next.shape));
    out.push(feat2(30, previous, w.suffixes[2]));
    out.push(feat2(31, w.shape, w.flags));
    out.push(feat3(32, previous, w.ambiguity, next.ambiguity));
    out.push(feat1(33, prev.shape));
    out.push(feat2(34, w.suffixes[1], next.lower));
    out.push(feat2(35, prev.lower, w.suffixes[2]));
    out.push(feat1(36, w.form_ambiguity));
    out.push(feat3(37, prev.flags, w.flags, next.flags));
    out.push(feat2(38, title_case, w.flags));
    out.push(feat2(39, prev.lower, next.lower));
    out.push(feat2(40, w.form_ambiguity, next.ambiguity));
    out.push(feat3(41, title_case, w.flags, w.ambiguity));
    out.push(feat2(42, next.lower, next2.lower));
    if let Some((next_tag, next2_tag)) = right {
        out.push(feat1(43, next_tag));
        out.push(feat2(44, next_tag, next2_tag));
        out.push(feat2(45, next_tag, w.lower));
        out.push(feat2(46, previous, next_tag));
        out.push(feat2(47, next_tag, w.suffixes[2]));
        out.push(feat3(48, previous, next_tag, w.ambiguity));
    }
    if with_clusters {
        out.push(feat1(50, w.cluster.full));
        out.push(feat1(51, w.cluster.p4));
        out.push(feat1(52, w.cluster.p6));
        out.push(feat1(53, next.cluster.full));
        out.push(feat1(54, prev.cluster.full));
        out.push(feat1(55, next.cluster.p4));
        out.push(feat2(56, previous, w.cluster.full));
        out.push(feat2(57, w.cluster.p6, next.cluster.p6));
    }
}

/// The tags of the two words after `i` from a first pass, for the second pass.
#[inline]
fn right_context(first_pass: &[u16], i: usize) -> (u64, u64) {
    let at = |k: usize| first_pass.get(k).map(|&tag| tag as u64).unwrap_or(START_TAG + 2);
    (at(i + 1), at(i + 2))
}

/// The best class among those `allowed` marks.
fn argmax_where(scores: &[f32], allowed: &[bool]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (class, &score) in scores.iter().enumerate() {
        if allowed.get(class).copied().unwrap_or(false) && best.is_none_or(|b| score > scores[b]) {
            best = Some(class);
        }
    }
    best
}

#[inline]
fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (class, &score) in scores.iter().enumerate() {
        if score > scores[best] {
            best = class;
        }
    }
    best
}

/// Words whose tag must be a noun's: per word whether it is held to a nominal class,
/// and per class whether it is one.
#[derive(Debug, Clone, Copy)]
pub(crate) struct NounConstraint<'a> {
    pub(crate) words: &'a [bool],
    pub(crate) nominal_classes: &'a [bool],
}

/// For sentences the tagger leaves without a verb: per class whether it is a verb's
/// (a word is made a verb with one of these) and whether it is a verb's or an
/// auxiliary's (either makes a sentence a clause).
///
/// An auxiliary is one of a closed set of words, so a word outside it that the tagger
/// makes an auxiliary ("Militants shot three villagers", "shot" read as a modal) takes
/// its best other tag.
#[derive(Debug, Clone, Copy)]
pub(crate) struct VerbClasses<'a> {
    pub(crate) verbs: &'a [bool],
    pub(crate) predicates: &'a [bool],
    pub(crate) auxiliaries: &'a [bool],
}

/// The forms English auxiliaries take (UD's AUX: be, have, do, get in passives, the
/// modals), with the contractions and clipped forms tokenisers produce.
const AUXILIARY_FORMS: &[&str] = &[
    "be", "am", "is", "are", "was", "were", "been", "being", "'s", "'re", "'m", "s", "re", "m", "art",
    "have", "has", "had", "having", "'ve", "ve", "'d", "d", "do", "does", "did", "doing", "done", "get",
    "gets", "got", "getting", "gotten", "will", "would", "shall", "should", "can", "could", "may", "might",
    "must", "ought", "need", "dare", "'ll", "ll", "wo", "ca", "sha", "ai", "wilt", "shalt", "r", "u",
];

/// Whether `word` may be an auxiliary (typographic apostrophes folded). Asked only of
/// words the tagger makes auxiliaries, so the allocation is rare.
fn may_be_auxiliary(word: &str) -> bool {
    let folded = word.replace(['\u{2019}', '`'], "'").to_lowercase();
    AUXILIARY_FORMS.contains(&folded.as_str())
}

/// What a tagging pass does about verbs: keeps non-auxiliaries out of auxiliary
/// classes, and on request records each word's gap to its best verbal class in
/// `scratch.verb_gap` or holds one word to a verbal class.
#[derive(Debug, Clone, Copy)]
struct VerbPass<'a> {
    classes: VerbClasses<'a>,
    words: &'a [&'a str],
    track_gaps: bool,
    forced: Option<usize>,
}

/// How far below its chosen tag's score a word's best verbal tag may be for the word
/// to be made the verb of a sentence tagged without one (scores are sums of averaged
/// weights; "shot" in "Police shot two protesters" is 23 below its noun tag). Measured
/// on the treebanks (statements only, see below): EWT dev +0.06 UAS, GUM test +0.04,
/// EWT test -0.04; 60 loses 0.2 UPOS on EWT dev, turning the nouns of verbless
/// fragments into verbs.
const MAX_VERB_GAP: f32 = 25.0;

/// Sentences shorter than this may well have no verb ("Thanks!", "Photo: AFP").
const MIN_WORDS_FOR_A_VERB: usize = 4;

/// One greedy left-to-right pass; `first_pass` gives right-context tags.
/// `verbs` says what it does about verbs (see [`VerbPass`]).
fn greedy_pass(
    model: &LinearModel,
    n_words: usize,
    first_pass: Option<&[u16]>,
    nouns: Option<NounConstraint<'_>>,
    verbs: Option<VerbPass<'_>>,
    scratch: &mut TaggerScratch,
    tags: &mut Vec<u16>,
) {
    tags.clear();
    scratch.verb_gap.clear();
    let (mut previous, mut before_previous) = (START_TAG, START_TAG + 1);
    for i in 0..n_words {
        let right = first_pass.map(|first| right_context(first, i));
        features(
            &scratch.infos,
            scratch.title_case,
            scratch.with_clusters,
            i + 2,
            previous,
            before_previous,
            right,
            &mut scratch.features,
        );
        model.score(&scratch.features, &mut scratch.scores);
        let mut best = argmax(&scratch.scores);
        // A constrained word takes its best nominal class, and the words after it see
        // that tag.
        if let Some(nouns) = nouns {
            if nouns.words.get(i).copied().unwrap_or(false) && !nouns.nominal_classes[best] {
                best = argmax_where(&scratch.scores, nouns.nominal_classes).unwrap_or(best);
            }
        }
        if let Some(pass) = verbs {
            let classes = pass.classes;
            if classes.auxiliaries[best] && !pass.words.get(i).is_some_and(|word| may_be_auxiliary(word)) {
                let others = |class: usize| !classes.auxiliaries[class];
                best = (0..scratch.scores.len())
                    .filter(|&class| others(class))
                    .max_by(|&a, &b| scratch.scores[a].total_cmp(&scratch.scores[b]))
                    .unwrap_or(best);
            }
            if pass.track_gaps || pass.forced.is_some() {
                let best_verbal = argmax_where(&scratch.scores, classes.verbs);
                if pass.forced == Some(i) {
                    best = best_verbal.unwrap_or(best);
                }
                let gap = best_verbal.map_or(f32::INFINITY, |v| scratch.scores[best] - scratch.scores[v]);
                scratch.verb_gap.push(gap);
            }
        }
        tags.push(best as u16);
        before_previous = previous;
        previous = best as u64;
    }
}

impl Tagger {
    /// Tags `words`, writing one class id per word into `tags`.
    pub(crate) fn tag(&self, words: &[&str], scratch: &mut TaggerScratch, tags: &mut Vec<u16>) {
        self.tag_with_nouns(words, None, None, scratch, tags);
    }

    /// [`Tagger::tag`], holding the words `nouns` marks to nominal classes. With
    /// `verbs`, a sentence of several words tagged without a verb or auxiliary gets
    /// one: the word whose best verbal tag came closest ("Police shot two protesters"
    /// tagged "shot" a noun and left the parser nothing to hang the sentence on).
    pub(crate) fn tag_with_nouns(
        &self,
        words: &[&str],
        nouns: Option<NounConstraint<'_>>,
        verbs: Option<VerbClasses<'_>>,
        scratch: &mut TaggerScratch,
        tags: &mut Vec<u16>,
    ) {
        prepare(words, &self.ambiguity, self.clusters.as_ref(), self.cluster_features, scratch);
        scratch.scores.resize(self.model.n_classes(), 0.0);
        let pass = |track_gaps: bool, forced: Option<usize>| {
            verbs.map(|classes| VerbPass { classes, words, track_gaps, forced })
        };
        self.passes(words.len(), nouns, pass(false, None), scratch, tags);
        let Some(classes) = verbs else { return };
        // Only a statement closed by a full stop: web fragments ("Great food and
        // friendly staff") and headlines without one are often verbless by design.
        let statement = words.last().is_some_and(|word| *word == ".");
        if words.len() < MIN_WORDS_FOR_A_VERB
            || !statement
            || tags.iter().any(|&tag| classes.predicates[tag as usize])
        {
            return;
        }
        // Again, recording how near each word came to a verb (the rare case is
        // cheaper twice than the common one slower).
        self.passes(words.len(), nouns, pass(true, None), scratch, tags);
        let held_noun = |i: usize| nouns.is_some_and(|n| n.words.get(i).copied().unwrap_or(false));
        // The verb follows its subject: a noun or pronoun right before it.
        let after_subject = |i: usize| {
            i > 0 && matches!(self.classes[tags[i - 1] as usize].upos.as_str(), "NOUN" | "PROPN" | "PRON")
        };
        let candidate = (1..words.len() - 1)
            .filter(|&i| !held_noun(i) && after_subject(i) && scratch.verb_gap[i] <= MAX_VERB_GAP)
            .min_by(|&a, &b| scratch.verb_gap[a].total_cmp(&scratch.verb_gap[b]));
        if let Some(word) = candidate {
            self.passes(words.len(), nouns, pass(false, Some(word)), scratch, tags);
        }
    }

    /// The tagging passes over a prepared sentence.
    fn passes(
        &self,
        n_words: usize,
        nouns: Option<NounConstraint<'_>>,
        verbs: Option<VerbPass<'_>>,
        scratch: &mut TaggerScratch,
        tags: &mut Vec<u16>,
    ) {
        greedy_pass(&self.model, n_words, None, nouns, verbs, scratch, tags);
        if let Some(second) = &self.second {
            let mut first_pass = std::mem::take(&mut scratch.first_pass);
            first_pass.clear();
            first_pass.extend_from_slice(tags);
            greedy_pass(second, n_words, Some(&first_pass), nouns, verbs, scratch, tags);
            scratch.first_pass = first_pass;
        }
    }

    pub(crate) fn write(&self, out: &mut BinaryWriter) {
        out.varint(self.classes.len() as u64);
        for class in &self.classes {
            out.string(&class.xpos);
            out.string(&class.upos);
        }
        let mut ambiguity: Vec<(u64, u64)> = self.ambiguity.iter().map(|(k, v)| (*k, *v)).collect();
        ambiguity.sort_unstable();
        out.varint(ambiguity.len() as u64);
        let mut previous = 0u64;
        for (key, value) in ambiguity {
            out.varint(key - previous);
            out.varint(value);
            previous = key;
        }
        self.model.write(out);
        out.varint(self.second.is_some() as u64);
        if let Some(second) = &self.second {
            second.write(out);
        }
    }

    pub(crate) fn read(input: &mut BinaryReader) -> Result<Tagger, SyntaxError> {
        let n_classes = input.varint()? as usize;
        let mut classes = Vec::with_capacity(n_classes.min(1 << 12));
        for _ in 0..n_classes {
            let xpos = input.string()?;
            let upos = input.string()?;
            classes.push(TagClass { xpos, upos });
        }
        let n_ambiguity = input.varint()? as usize;
        let mut ambiguity = PrehashedMap::default();
        let mut previous = 0u64;
        for _ in 0..n_ambiguity {
            previous = previous.wrapping_add(input.varint()?);
            ambiguity.insert(previous, input.varint()?);
        }
        let model = LinearModel::read(input)?;
        let second = match input.varint()? {
            0 => None,
            _ => Some(LinearModel::read(input)?),
        };
        let counts_agree =
            std::iter::once(&model).chain(second.as_ref()).all(|m| m.n_classes() == classes.len());
        if !counts_agree {
            return Err(input.corrupt("tagger class count disagrees with its weights".to_string()));
        }
        Ok(Tagger { classes, ambiguity, model, second, clusters: None, cluster_features: false })
    }
}

/// One training sentence for the tagger: words and gold class ids.
pub(crate) struct TaggedSentence<'a> {
    pub(crate) words: Vec<&'a str>,
    pub(crate) gold: Vec<u16>,
}

/// Trains a tagger in place; `on_epoch` is told each epoch's averaged model and may
/// say it is the best so far.
pub(crate) struct TaggerTrainer {
    pub(crate) classes: Vec<TagClass>,
    ambiguity: PrehashedMap<u64>,
    perceptron: AveragedPerceptron,
    second: Option<AveragedPerceptron>,
    scratch: TaggerScratch,
    tags: Vec<u16>,
    clusters: Option<WordClusters>,
    cluster_features: bool,
}

impl TaggerTrainer {
    /// Builds the class list and the ambiguity table from the training words.
    pub(crate) fn new(
        pairs: &[(Vec<&str>, Vec<TagClass>)],
        two_pass: bool,
        clusters: Option<&WordClusters>,
        cluster_features: bool,
    ) -> (TaggerTrainer, Vec<Vec<u16>>) {
        let mut class_ids: HashMap<TagClass, u16> = HashMap::new();
        let mut classes = Vec::new();
        let mut gold = Vec::with_capacity(pairs.len());
        let mut word_classes: PrehashedMap<(u32, Vec<(u16, u32)>)> = PrehashedMap::default();
        let mut chars = Vec::new();
        for (words, tags) in pairs {
            let mut ids = Vec::with_capacity(tags.len());
            for (word, tag) in words.iter().zip(tags) {
                let id = *class_ids.entry(tag.clone()).or_insert_with(|| {
                    classes.push(tag.clone());
                    (classes.len() - 1) as u16
                });
                ids.push(id);
                for key in [lower_hash(word, &mut chars), hash_str(word) ^ FORM_KEY] {
                    let entry = word_classes.entry(key).or_default();
                    entry.0 += 1;
                    match entry.1.iter_mut().find(|(class, _)| *class == id) {
                        Some((_, count)) => *count += 1,
                        None => entry.1.push((id, 1)),
                    }
                }
            }
            gold.push(ids);
        }
        // Only words seen often get an ambiguity class: for rare words the class would
        // just repeat the gold tag and teach the model to trust it too much.
        let mut ambiguity = PrehashedMap::default();
        for (word, (total, counts)) in word_classes {
            if total < 4 {
                continue;
            }
            let mut kept: Vec<u16> =
                counts.iter().filter(|(_, count)| *count * 20 >= total).map(|(class, _)| *class).collect();
            kept.sort_unstable();
            let mut h = 0x51u64;
            for class in kept {
                h = feat2(99, h, class as u64);
            }
            ambiguity.insert(word, h);
        }
        let n_classes = classes.len();
        (
            TaggerTrainer {
                classes,
                ambiguity,
                perceptron: AveragedPerceptron::new(n_classes),
                second: two_pass.then(|| AveragedPerceptron::new(n_classes)),
                scratch: TaggerScratch::default(),
                tags: Vec::new(),
                clusters: clusters.cloned(),
                cluster_features,
            },
            gold,
        )
    }

    /// One pass over one sentence; returns the number of correct tags of the second
    /// pass. The second pass learns from the first pass's online guesses, which are
    /// about as wrong as its guesses on new text, rather than from a finished first
    /// model that has memorised the training data.
    pub(crate) fn learn(&mut self, sentence: &TaggedSentence) -> usize {
        prepare(
            &sentence.words,
            &self.ambiguity,
            self.clusters.as_ref(),
            self.cluster_features,
            &mut self.scratch,
        );
        self.scratch.scores.resize(self.classes.len(), 0.0);
        self.tags.clear();
        let mut correct = 0;
        let n_passes = if self.second.is_some() { 2 } else { 1 };
        for pass in 0..n_passes {
            let (mut previous, mut before_previous) = (START_TAG, START_TAG + 1);
            let first_pass = std::mem::take(&mut self.scratch.first_pass);
            let mut guesses = Vec::with_capacity(sentence.gold.len());
            for (i, &truth) in sentence.gold.iter().enumerate() {
                let right = (pass == 1).then(|| right_context(&first_pass, i));
                features(
                    &self.scratch.infos,
                    self.scratch.title_case,
                    self.scratch.with_clusters,
                    i + 2,
                    previous,
                    before_previous,
                    right,
                    &mut self.scratch.features,
                );
                let perceptron = match (pass, self.second.as_mut()) {
                    (1, Some(second)) => second,
                    _ => &mut self.perceptron,
                };
                perceptron.tick();
                perceptron.score(&self.scratch.features, &mut self.scratch.scores);
                let guess = argmax(&self.scratch.scores);
                perceptron.update(&self.scratch.features, truth as usize, guess);
                if pass + 1 == n_passes {
                    correct += (guess == truth as usize) as usize;
                }
                guesses.push(guess as u16);
                before_previous = previous;
                previous = guess as u64;
            }
            self.scratch.first_pass = if pass == 0 { guesses } else { first_pass };
        }
        correct
    }

    /// The averaged tagger as it stands.
    pub(crate) fn finish(&self, min_abs_weight: f32) -> Tagger {
        Tagger {
            classes: self.classes.clone(),
            ambiguity: self.ambiguity.clone(),
            model: self.perceptron.averaged(min_abs_weight),
            second: self.second.as_ref().map(|second| second.averaged(min_abs_weight)),
            clusters: self.clusters.clone(),
            cluster_features: self.cluster_features,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_caps_runs_and_flags_capitals() {
        let (mut scratch, mut shape) = (Vec::new(), Vec::new());
        let mccain = word_info("McCain", 3, &mut scratch, &mut shape);
        let delay = word_info("DeLay", 3, &mut scratch, &mut shape);
        assert_eq!(mccain.shape, delay.shape);
        assert_eq!(mccain.flags & (1 << 4), 1 << 4, "capitalised");
        let number = word_info("1234567", 0, &mut scratch, &mut shape);
        let short = word_info("12", 0, &mut scratch, &mut shape);
        assert_eq!(number.shape, short.shape);
        assert_ne!(mccain.lower, delay.lower);
    }

    #[test]
    fn parser_sees_case_folded_words_and_suffixes() {
        let mut scratch = Vec::new();
        let (upper, upper_suffix) = parser_word_hashes("IRAQIS", &mut scratch);
        let (lower, lower_suffix) = parser_word_hashes("iraqis", &mut scratch);
        assert_eq!((upper, upper_suffix), (lower, lower_suffix));
        let (_, other_suffix) = parser_word_hashes("Kurds", &mut scratch);
        assert_ne!(lower_suffix, other_suffix);
        let (_, afghans) = parser_word_hashes("Afghanis", &mut scratch);
        let (_, pakistanis) = parser_word_hashes("Pakistanis", &mut scratch);
        assert_eq!(afghans, pakistanis, "both end in -nis");
    }
}
