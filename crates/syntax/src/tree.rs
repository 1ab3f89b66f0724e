//! Questions the coder asks of one parsed sentence: who is the subject of this verb,
//! what is its object, is it passive or negated, which words are coordinated, where
//! does a noun phrase end.
//!
//! A [`Tree`] wraps one sentence's tokens (heads are 0-based indices within the slice,
//! as [`crate::SyntaxModel::annotate`] leaves them) and indexes the children of each
//! token once. Every walk up the tree is bounded by the sentence length, so a
//! hand-written parse with a cycle cannot hang the coder.
//!
//! ```
//! use dyad_model::Token;
//! use dyad_syntax::tree::Tree;
//!
//! // "Rockets were fired at the base by militants"
//! let rows = [("Rockets", 2, "nsubj:pass"), ("were", 2, "aux:pass"), ("fired", usize::MAX, "root"),
//!             ("at", 5, "case"), ("the", 5, "det"), ("base", 2, "obl"), ("by", 7, "case"),
//!             ("militants", 2, "obl:agent")];
//! let tokens: Vec<Token> = rows.iter().map(|(text, head, deprel)| Token {
//!     text: text.to_string(),
//!     head: (*head != usize::MAX).then_some(*head),
//!     deprel: deprel.to_string(),
//!     ..Token::default()
//! }).collect();
//! let tree = Tree::new(&tokens);
//! assert!(tree.is_passive(2));
//! assert_eq!(tree.subjects(2), vec![0]);
//! assert_eq!(tree.agents(2), vec![7]);
//! let obliques = tree.obliques(2);
//! assert_eq!(obliques[0].preposition.as_deref(), Some("at"));
//! ```

use std::ops::Range;

use dyad_model::Token;

/// The relation without its subtype: `"nsubj"` for `"nsubj:pass"`.
pub fn base_relation(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

/// An oblique dependent of a predicate with the preposition that marks it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Oblique {
    /// The oblique nominal (`base` in "fired at the base").
    pub head: usize,
    /// The relation (`obl`, `obl:tmod`, `obl:agent`, `obl:npmod`).
    pub relation: String,
    /// The `case` dependent, if any (`at`).
    pub case: Option<usize>,
    /// The lowercased preposition, multiword ones joined by spaces (`"because of"`).
    pub preposition: Option<String>,
}

/// One sentence's dependency tree.
#[derive(Debug, Clone)]
pub struct Tree<'t> {
    tokens: &'t [Token],
    children: Vec<Vec<usize>>,
}

/// Relations whose dependents are clauses, cut from noun phrases.
const CLAUSAL: &[&str] = &["acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis"];

/// Relations that head a clause of their own (what [`Tree::clause_head`] stops at).
const CLAUSE_RELATIONS: &[&str] = &["root", "acl", "advcl", "ccomp", "xcomp", "csubj", "parataxis"];

/// Negating adverbs, lowercased.
const NEGATORS: &[&str] = &["not", "n't", "nt", "never", "no"];

impl<'t> Tree<'t> {
    /// Indexes the children of every token. Heads pointing outside the slice are
    /// treated as roots.
    pub fn new(tokens: &'t [Token]) -> Tree<'t> {
        let mut children = vec![Vec::new(); tokens.len()];
        for (idx, token) in tokens.iter().enumerate() {
            if let Some(head) = token.head.filter(|&head| head < tokens.len() && head != idx) {
                children[head].push(idx);
            }
        }
        Tree { tokens, children }
    }

    /// The tokens.
    pub fn tokens(&self) -> &'t [Token] {
        self.tokens
    }

    /// The head of `idx`, `None` for a root (or a head outside the sentence).
    pub fn head(&self, idx: usize) -> Option<usize> {
        self.tokens.get(idx)?.head.filter(|&head| head < self.tokens.len() && head != idx)
    }

    /// The first root of the sentence.
    pub fn root(&self) -> Option<usize> {
        (0..self.tokens.len()).find(|&idx| self.head(idx).is_none())
    }

    /// Children of `idx` in sentence order.
    pub fn children(&self, idx: usize) -> &[usize] {
        self.children.get(idx).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Children of `idx` whose relation is `relation` or one of its subtypes
    /// (`"obl"` matches `obl:tmod`; `"obl:tmod"` only matches itself).
    pub fn children_with(&self, idx: usize, relation: &str) -> Vec<usize> {
        self.children(idx).iter().copied().filter(|&child| self.has_relation(child, relation)).collect()
    }

    /// Whether `idx` attaches with `relation` or one of its subtypes.
    pub fn has_relation(&self, idx: usize, relation: &str) -> bool {
        let deprel = self.tokens.get(idx).map(|token| token.deprel.as_str()).unwrap_or("");
        // The coder asks this for every child of every candidate trigger: compare bytes
        // rather than splitting strings. A subtype matches its base ("obl:tmod" is an
        // "obl"), unless the question names a subtype itself.
        match deprel.as_bytes().get(relation.len()) {
            None => deprel == relation,
            Some(b':') => deprel.starts_with(relation) && !relation.contains(':'),
            Some(_) => false,
        }
    }

    fn lower_text(&self, idx: usize) -> String {
        self.tokens[idx].text.to_lowercase()
    }

    /// Ancestors of `idx` from its head up to the root (bounded by the sentence length).
    pub fn ancestors(&self, idx: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut current = idx;
        while let Some(head) = self.head(current) {
            if out.len() >= self.tokens.len() || head == idx {
                break;
            }
            out.push(head);
            current = head;
        }
        out
    }

    /// All tokens under `idx`, itself included, in sentence order.
    pub fn subtree(&self, idx: usize) -> Vec<usize> {
        self.collect_subtree(idx, &|_| true)
    }

    fn collect_subtree(&self, idx: usize, keep_child: &dyn Fn(usize) -> bool) -> Vec<usize> {
        if idx >= self.tokens.len() {
            return Vec::new();
        }
        let mut seen = vec![false; self.tokens.len()];
        let mut stack = vec![idx];
        let mut out = Vec::new();
        while let Some(current) = stack.pop() {
            if std::mem::replace(&mut seen[current], true) {
                continue;
            }
            out.push(current);
            for &child in self.children(current) {
                if keep_child(child) {
                    stack.push(child);
                }
            }
        }
        out.sort_unstable();
        out
    }

    /// The first token of the coordination group of `idx`: walks up `conj` arcs.
    pub fn coordination_head(&self, idx: usize) -> usize {
        let mut current = idx;
        for _ in 0..self.tokens.len() {
            match self.head(current) {
                Some(head) if self.has_relation(current, "conj") => current = head,
                _ => break,
            }
        }
        current
    }

    /// The coordination group of `idx` (itself, the first conjunct and every `conj`
    /// of it), in sentence order; a lone token gives itself.
    pub fn conjuncts(&self, idx: usize) -> Vec<usize> {
        if idx >= self.tokens.len() {
            return Vec::new();
        }
        let first = self.coordination_head(idx);
        let mut group = vec![first];
        let mut frontier = vec![first];
        while let Some(current) = frontier.pop() {
            for child in self.children_with(current, "conj") {
                if !group.contains(&child) {
                    group.push(child);
                    frontier.push(child);
                }
            }
        }
        group.sort_unstable();
        group
    }

    /// Subjects of a predicate (`nsubj`, `nsubj:pass`, `csubj`, ...). A conjoined
    /// predicate without its own subject shares the first conjunct's ("militants
    /// attacked and burned the post": `burned` has subject `militants`); a `xcomp`
    /// without one takes its governor's ("they tried to flee").
    pub fn subjects(&self, predicate: usize) -> Vec<usize> {
        let mut current = predicate;
        for _ in 0..self.tokens.len() {
            let own: Vec<usize> = self
                .children(current)
                .iter()
                .copied()
                .filter(|&child| self.has_relation(child, "nsubj") || self.has_relation(child, "csubj"))
                .collect();
            if !own.is_empty() {
                return own;
            }
            match self.head(current) {
                Some(head) if self.has_relation(current, "conj") || self.has_relation(current, "xcomp") => {
                    current = head
                }
                _ => break,
            }
        }
        Vec::new()
    }

    /// Direct objects (`obj`) of a predicate.
    pub fn objects(&self, predicate: usize) -> Vec<usize> {
        self.children_with(predicate, "obj")
    }

    /// Indirect objects (`iobj`) of a predicate.
    pub fn indirect_objects(&self, predicate: usize) -> Vec<usize> {
        self.children_with(predicate, "iobj")
    }

    /// The `case` marker of a nominal and its lowercased text (with `fixed` parts:
    /// "because of", "according to").
    pub fn case_marker(&self, nominal: usize) -> (Option<usize>, Option<String>) {
        let Some(case) = self.children_with(nominal, "case").into_iter().next() else {
            return (None, None);
        };
        let mut words = vec![self.lower_text(case)];
        words.extend(self.children_with(case, "fixed").into_iter().map(|fixed| self.lower_text(fixed)));
        (Some(case), Some(words.join(" ")))
    }

    /// Oblique dependents of a predicate (`obl` and subtypes) with their prepositions.
    pub fn obliques(&self, predicate: usize) -> Vec<Oblique> {
        self.children_with(predicate, "obl")
            .into_iter()
            .map(|head| {
                let (case, preposition) = self.case_marker(head);
                Oblique { head, relation: self.tokens[head].deprel.clone(), case, preposition }
            })
            .collect()
    }

    /// Agents of a passive predicate: `obl:agent`, or an `obl` marked by "by".
    pub fn agents(&self, predicate: usize) -> Vec<usize> {
        self.obliques(predicate)
            .into_iter()
            .filter(|oblique| {
                oblique.relation == "obl:agent"
                    || (self.is_passive(predicate) && oblique.preposition.as_deref() == Some("by"))
            })
            .map(|oblique| oblique.head)
            .collect()
    }

    /// Whether a predicate is passive: it has a `nsubj:pass`, `csubj:pass` or
    /// `aux:pass` dependent.
    pub fn is_passive(&self, predicate: usize) -> bool {
        self.children(predicate).iter().any(|&child| {
            matches!(self.tokens[child].deprel.as_str(), "nsubj:pass" | "csubj:pass" | "aux:pass")
        })
    }

    /// The negation marker of a token: an `advmod` "not", "n't" or "never", or a `det`
    /// "no" among its children.
    pub fn negation(&self, idx: usize) -> Option<usize> {
        self.children(idx).iter().copied().find(|&child| {
            let text = self.lower_text(child);
            (self.has_relation(child, "advmod") && NEGATORS.contains(&text.as_str()) && text != "no")
                || (self.has_relation(child, "det") && text == "no")
                || (self.has_relation(child, "advmod") && text == "no" && self.tokens[child].xpos == "DT")
        })
    }

    /// Whether a predicate is negated: a negation marker on it, or a "no" determiner on
    /// its subject or object ("no rockets were fired").
    pub fn is_negated(&self, predicate: usize) -> bool {
        if self.negation(predicate).is_some() {
            return true;
        }
        self.subjects(predicate).into_iter().chain(self.objects(predicate)).any(|argument| {
            self.children_with(argument, "det").into_iter().any(|det| self.lower_text(det) == "no")
        })
    }

    /// Auxiliaries of a predicate (`aux`, `aux:pass`), in order.
    pub fn auxiliaries(&self, predicate: usize) -> Vec<usize> {
        self.children_with(predicate, "aux")
    }

    /// Modal auxiliaries of a predicate (Penn tag `MD`: will, would, can, may, must, ...).
    pub fn modals(&self, predicate: usize) -> Vec<usize> {
        self.auxiliaries(predicate).into_iter().filter(|&aux| self.tokens[aux].xpos == "MD").collect()
    }

    /// Relative clauses (`acl:relcl`) modifying a nominal.
    pub fn relative_clauses(&self, nominal: usize) -> Vec<usize> {
        self.children_with(nominal, "acl:relcl")
    }

    /// The nominal a relative clause modifies, if `predicate` heads one.
    pub fn relative_clause_antecedent(&self, predicate: usize) -> Option<usize> {
        self.has_relation(predicate, "acl:relcl").then(|| self.head(predicate)).flatten()
    }

    /// The head of the clause containing `idx`: the nearest token (itself included)
    /// that is the root or attaches as a clause (`ccomp`, `advcl`, `acl`, `xcomp`,
    /// `csubj`, `parataxis`), or a conjunct of one.
    pub fn clause_head(&self, idx: usize) -> usize {
        let mut current = idx.min(self.tokens.len().saturating_sub(1));
        for _ in 0..self.tokens.len() {
            let is_clause = match self.head(current) {
                None => true,
                Some(_) => {
                    CLAUSE_RELATIONS.iter().any(|relation| self.has_relation(current, relation))
                        || (self.has_relation(current, "conj") && self.is_predicate(current))
                }
            };
            if is_clause {
                return current;
            }
            match self.head(current) {
                Some(head) => current = head,
                None => return current,
            }
        }
        current
    }

    /// Whether a token looks like a predicate: a verb, or anything with a subject,
    /// copula or auxiliary.
    pub fn is_predicate(&self, idx: usize) -> bool {
        let token = &self.tokens[idx];
        token.xpos.starts_with('V')
            || self.children(idx).iter().any(|&child| {
                ["nsubj", "csubj", "cop", "aux"].iter().any(|relation| self.has_relation(child, relation))
            })
    }

    /// The span of a noun phrase headed by `head`: its subtree without clauses
    /// (relative clauses, `acl`, ...), coordinated conjuncts, appositions and
    /// punctuation at the edges, as a token range. "the convoy that carried aid" gives
    /// "the convoy"; "the US and Iraq" headed by `US` gives "the US".
    pub fn noun_phrase(&self, head: usize) -> Range<usize> {
        if head >= self.tokens.len() {
            return head..head;
        }
        let kept = self.collect_subtree(head, &|child| {
            // The head's own preposition is not part of the phrase ("from [the US]").
            let marks_head = self.head(child) == Some(head)
                && (self.has_relation(child, "case") || self.has_relation(child, "mark"));
            !(marks_head
                || CLAUSAL.iter().any(|relation| self.has_relation(child, relation))
                || self.has_relation(child, "conj")
                || self.has_relation(child, "cc")
                || self.has_relation(child, "appos")
                || self.has_relation(child, "parataxis"))
        });
        // The kept words may not be contiguous (a removed clause in the middle); the
        // phrase is the contiguous run around the head.
        let mut start = head;
        while start > 0 && kept.binary_search(&(start - 1)).is_ok() {
            start -= 1;
        }
        let mut end = head + 1;
        while end < self.tokens.len() && kept.binary_search(&end).is_ok() {
            end += 1;
        }
        while start < head && self.has_relation(start, "punct") {
            start += 1;
        }
        while end > head + 1 && self.has_relation(end - 1, "punct") {
            end -= 1;
        }
        start..end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds tokens from `(text, xpos, head, deprel)` with 1-based heads, 0 = root.
    fn sentence(rows: &[(&str, &str, usize, &str)]) -> Vec<Token> {
        rows.iter()
            .map(|(text, xpos, head, deprel)| Token {
                text: text.to_string(),
                xpos: xpos.to_string(),
                head: head.checked_sub(1),
                deprel: deprel.to_string(),
                ..Token::default()
            })
            .collect()
    }

    fn said_attacked() -> Vec<Token> {
        // Officials said militants did not attack and burn the convoy that carried aid .
        sentence(&[
            ("Officials", "NNS", 2, "nsubj"),
            ("said", "VBD", 0, "root"),
            ("militants", "NNS", 6, "nsubj"),
            ("did", "VBD", 6, "aux"),
            ("not", "RB", 6, "advmod"),
            ("attack", "VB", 2, "ccomp"),
            ("and", "CC", 8, "cc"),
            ("burn", "VB", 6, "conj"),
            ("the", "DT", 10, "det"),
            ("convoy", "NN", 8, "obj"),
            ("that", "WDT", 12, "nsubj"),
            ("carried", "VBD", 10, "acl:relcl"),
            ("aid", "NN", 12, "obj"),
            (".", ".", 2, "punct"),
        ])
    }

    #[test]
    fn a_subtype_has_its_base_relation_but_not_another_subtype() {
        let tokens = said_attacked();
        let tree = Tree::new(&tokens);
        // "carried" is acl:relcl.
        assert!(tree.has_relation(11, "acl"));
        assert!(tree.has_relation(11, "acl:relcl"));
        assert!(!tree.has_relation(11, "acl:rel"));
        assert!(!tree.has_relation(11, "ac"));
        assert!(!tree.has_relation(11, "acl:relcl:x"));
        assert!(tree.has_relation(0, "nsubj") && !tree.has_relation(0, "nsubj:pass"));
        assert!(!tree.has_relation(99, "nsubj"), "out of range");
    }

    #[test]
    fn subjects_are_shared_by_conjoined_verbs() {
        let tokens = said_attacked();
        let tree = Tree::new(&tokens);
        assert_eq!(tree.subjects(1), vec![0]);
        assert_eq!(tree.subjects(5), vec![2]);
        assert_eq!(tree.subjects(7), vec![2], "burn shares attack's subject");
        assert_eq!(tree.objects(7), vec![9]);
        assert_eq!(tree.conjuncts(7), vec![5, 7]);
        assert_eq!(tree.coordination_head(7), 5);
    }

    #[test]
    fn negation_auxiliaries_and_clauses_are_found() {
        let tokens = said_attacked();
        let tree = Tree::new(&tokens);
        assert_eq!(tree.negation(5), Some(4));
        assert!(tree.is_negated(5));
        assert!(!tree.is_negated(1));
        assert_eq!(tree.auxiliaries(5), vec![3]);
        assert!(tree.modals(5).is_empty());
        assert_eq!(tree.relative_clauses(9), vec![11]);
        assert_eq!(tree.relative_clause_antecedent(11), Some(9));
        assert_eq!(tree.clause_head(9), 7, "the convoy belongs to the burn clause");
        assert_eq!(tree.clause_head(12), 11);
        assert_eq!(tree.clause_head(0), 1);
        assert_eq!(tree.root(), Some(1));
    }

    #[test]
    fn noun_phrase_stops_before_relative_clause() {
        let tokens = said_attacked();
        let tree = Tree::new(&tokens);
        assert_eq!(tree.noun_phrase(9), 8..10);
        assert_eq!(tree.subtree(9), vec![8, 9, 10, 11, 12]);
        assert_eq!(tree.noun_phrase(0), 0..1);
    }

    #[test]
    fn passive_agent_and_modal_are_found() {
        // The base will be attacked by rebels from the north .
        let tokens = sentence(&[
            ("The", "DT", 2, "det"),
            ("base", "NN", 5, "nsubj:pass"),
            ("will", "MD", 5, "aux"),
            ("be", "VB", 5, "aux:pass"),
            ("attacked", "VBN", 0, "root"),
            ("by", "IN", 7, "case"),
            ("rebels", "NNS", 5, "obl"),
            ("from", "IN", 10, "case"),
            ("the", "DT", 10, "det"),
            ("north", "NN", 7, "nmod"),
            (".", ".", 5, "punct"),
        ]);
        let tree = Tree::new(&tokens);
        assert!(tree.is_passive(4));
        assert_eq!(tree.subjects(4), vec![1]);
        assert_eq!(tree.modals(4), vec![2]);
        assert_eq!(tree.auxiliaries(4), vec![2, 3]);
        assert_eq!(tree.agents(4), vec![6]);
        assert_eq!(tree.noun_phrase(6), 6..10, "rebels from the north, without by");
        let obliques = tree.obliques(4);
        assert_eq!(obliques.len(), 1);
        assert_eq!(obliques[0].case, Some(5));
    }

    #[test]
    fn coordination_is_cut_from_noun_phrases_and_no_negates() {
        // No troops from the US and Iraq crossed .
        let tokens = sentence(&[
            ("No", "DT", 2, "det"),
            ("troops", "NNS", 8, "nsubj"),
            ("from", "IN", 5, "case"),
            ("the", "DT", 5, "det"),
            ("US", "NNP", 2, "nmod"),
            ("and", "CC", 7, "cc"),
            ("Iraq", "NNP", 5, "conj"),
            ("crossed", "VBD", 0, "root"),
        ]);
        let tree = Tree::new(&tokens);
        assert!(tree.is_negated(7));
        assert_eq!(tree.noun_phrase(4), 3..5);
        assert_eq!(tree.conjuncts(6), vec![4, 6]);
    }

    #[test]
    fn cyclic_heads_do_not_hang() {
        let mut tokens = sentence(&[("a", "NN", 2, "dep"), ("b", "NN", 1, "dep")]);
        tokens[0].head = Some(1);
        tokens[1].head = Some(0);
        let tree = Tree::new(&tokens);
        assert_eq!(tree.root(), None);
        assert!(tree.ancestors(0).len() <= 2);
        let _ = tree.clause_head(0);
        let _ = tree.subjects(0);
        assert_eq!(tree.subtree(0), vec![0, 1]);
    }
}
