//! The averaged perceptron shared by the tagger and the parser.
//!
//! Training keeps sparse rows of (class, weight, running total, timestamp) per feature so
//! averaging costs nothing per step. The finished model is a [`LinearModel`]: an
//! open-addressing table from feature hash to a contiguous run of (class, weight)
//! pairs, which is what makes tagging and parsing fast and the model small.

use crate::binary::{BinaryReader, BinaryWriter};
use crate::hash::PrehashedMap;
use crate::SyntaxError;

#[derive(Debug, Clone, Copy)]
struct Param {
    class: u16,
    weight: f32,
    total: f64,
    stamp: u32,
}

/// An averaged perceptron being trained.
#[derive(Debug, Default)]
pub(crate) struct AveragedPerceptron {
    n_classes: usize,
    rows: PrehashedMap<Vec<Param>>,
    step: u32,
}

impl AveragedPerceptron {
    pub(crate) fn new(n_classes: usize) -> AveragedPerceptron {
        AveragedPerceptron { n_classes, rows: PrehashedMap::default(), step: 0 }
    }

    /// Adds the current (unaveraged) weights of `features` into `scores`.
    pub(crate) fn score(&self, features: &[u64], scores: &mut [f32]) {
        scores.fill(0.0);
        for feature in features {
            if let Some(row) = self.rows.get(feature) {
                for param in row {
                    scores[param.class as usize] += param.weight;
                }
            }
        }
    }

    /// Marks the start of a new training instance (for averaging).
    pub(crate) fn tick(&mut self) {
        self.step += 1;
    }

    /// Moves weight from `guess` to `truth` on every feature.
    pub(crate) fn update(&mut self, features: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let step = self.step;
        for &feature in features {
            let row = self.rows.entry(feature).or_default();
            for (class, delta) in [(truth, 1.0f32), (guess, -1.0f32)] {
                let class = class as u16;
                match row.iter_mut().find(|param| param.class == class) {
                    Some(param) => {
                        param.total += param.weight as f64 * (step - param.stamp) as f64;
                        param.stamp = step;
                        param.weight += delta;
                    }
                    None => row.push(Param { class, weight: delta, total: 0.0, stamp: step }),
                }
            }
        }
    }

    /// The averaged weights, dropping those smaller than `min_abs_weight` in magnitude.
    pub(crate) fn averaged(&self, min_abs_weight: f32) -> LinearModel {
        let step = self.step.max(1) as f64;
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = Vec::with_capacity(self.rows.len());
        for (&feature, row) in &self.rows {
            let mut entries: Vec<(u16, f32)> = row
                .iter()
                .map(|param| {
                    let total = param.total + param.weight as f64 * (self.step - param.stamp) as f64;
                    (param.class, (total / step) as f32)
                })
                .filter(|(_, weight)| weight.abs() >= min_abs_weight && *weight != 0.0)
                .collect();
            if !entries.is_empty() {
                entries.sort_by_key(|(class, _)| *class);
                rows.push((feature, entries));
            }
        }
        LinearModel::from_rows(self.n_classes, rows)
    }
}

/// A trained linear model: feature hash -> sparse weights over classes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LinearModel {
    n_classes: usize,
    /// Open-addressing table of (feature hash, first entry, entry count); hash 0 marks
    /// an empty slot. Keeping the hash and the entry range side by side, and each class
    /// next to its weight, costs one cache miss per feature for each, which is most of
    /// the time spent parsing.
    slots: Vec<Slot>,
    entries: Vec<Entry>,
}

#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Slot {
    key: u64,
    start: u32,
    len: u32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Entry {
    class: u32,
    weight: f32,
}

impl LinearModel {
    pub(crate) fn from_rows(n_classes: usize, mut rows: Vec<(u64, Vec<(u16, f32)>)>) -> LinearModel {
        // Sorting makes the table layout, and therefore the saved file, deterministic.
        rows.sort_by_key(|(feature, _)| *feature);
        // A load factor between 3/8 and 3/4: short probe runs, and a table small enough
        // that more of it stays in cache.
        let capacity = (rows.len() * 4 / 3 + 1).next_power_of_two().max(16);
        let mask = capacity - 1;
        let mut slots = vec![Slot::default(); capacity];
        let n_entries: usize = rows.iter().map(|(_, entries)| entries.len()).sum();
        let mut entries = Vec::with_capacity(n_entries);
        for (feature, row) in &rows {
            let mut slot = (*feature as usize) & mask;
            while slots[slot].key != 0 {
                slot = (slot + 1) & mask;
            }
            slots[slot] = Slot { key: *feature, start: entries.len() as u32, len: row.len() as u32 };
            entries.extend(row.iter().map(|&(class, weight)| Entry { class: class as u32, weight }));
        }
        LinearModel { n_classes, slots, entries }
    }

    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    pub(crate) fn n_features(&self) -> usize {
        self.slots.iter().filter(|slot| slot.key != 0).count()
    }

    pub(crate) fn n_weights(&self) -> usize {
        self.entries.len()
    }

    /// Bytes of memory held.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.slots.len() * std::mem::size_of::<Slot>() + self.entries.len() * std::mem::size_of::<Entry>()
    }

    #[inline]
    fn slot_of(&self, feature: u64) -> Option<&Slot> {
        let mask = self.slots.len() - 1;
        let mut position = (feature as usize) & mask;
        loop {
            let slot = &self.slots[position];
            if slot.key == feature {
                return Some(slot);
            }
            if slot.key == 0 {
                return None;
            }
            position = (position + 1) & mask;
        }
    }

    /// Sets `scores` to the sum of the weights of `features`.
    #[inline]
    pub(crate) fn score(&self, features: &[u64], scores: &mut [f32]) {
        scores.fill(0.0);
        // Two passes: the table probes are independent of each other, so issuing them
        // all before touching any weights lets the processor overlap their cache misses.
        let mut found = [(0u32, 0u32); 128];
        for chunk in features.chunks(found.len()) {
            let mut n_found = 0;
            for &feature in chunk {
                if let Some(slot) = self.slot_of(feature) {
                    found[n_found] = (slot.start, slot.len);
                    n_found += 1;
                }
            }
            for &(start, len) in &found[..n_found] {
                let start = start as usize;
                for entry in &self.entries[start..start + len as usize] {
                    if let Some(score) = scores.get_mut(entry.class as usize) {
                        *score += entry.weight;
                    }
                }
            }
        }
    }

    /// A copy without the weights smaller than `min_abs_weight` in magnitude.
    pub(crate) fn pruned(&self, min_abs_weight: f32) -> LinearModel {
        let rows = self
            .rows()
            .into_iter()
            .map(|(key, entries)| {
                let kept: Vec<(u16, f32)> = entries
                    .iter()
                    .filter(|entry| entry.weight.abs() >= min_abs_weight)
                    .map(|entry| (entry.class as u16, entry.weight))
                    .collect();
                (key, kept)
            })
            .filter(|(_, kept)| !kept.is_empty())
            .collect();
        LinearModel::from_rows(self.n_classes, rows)
    }

    /// Rows in feature order.
    fn rows(&self) -> Vec<(u64, &[Entry])> {
        let mut rows: Vec<(u64, &[Entry])> = self
            .slots
            .iter()
            .filter(|slot| slot.key != 0)
            .map(|slot| (slot.key, &self.entries[slot.start as usize..(slot.start + slot.len) as usize]))
            .collect();
        rows.sort_by_key(|(key, _)| *key);
        rows
    }

    /// Writes the model with weights quantised to 16 bits.
    pub(crate) fn write(&self, out: &mut BinaryWriter) {
        let rows = self.rows();
        let max_abs = self.entries.iter().fold(0.0f32, |max, entry| max.max(entry.weight.abs())).max(1e-6);
        let scale = max_abs / 32767.0;
        out.varint(self.n_classes as u64);
        out.f32(scale);
        out.varint(rows.len() as u64);
        let mut previous = 0u64;
        for (key, _) in &rows {
            out.varint(key - previous);
            previous = *key;
        }
        for (_, row) in &rows {
            out.varint(row.len() as u64);
        }
        for (_, row) in &rows {
            for entry in *row {
                out.varint(entry.class as u64);
            }
        }
        for (_, row) in &rows {
            for entry in *row {
                let quantised = (entry.weight / scale).round().clamp(-32767.0, 32767.0) as i16;
                out.i16(quantised);
            }
        }
    }

    /// Reads a model written by [`LinearModel::write`].
    pub(crate) fn read(input: &mut BinaryReader) -> Result<LinearModel, SyntaxError> {
        let n_classes = input.varint()? as usize;
        let scale = input.f32()?;
        let n_rows = input.varint()? as usize;
        let mut keys = Vec::with_capacity(n_rows.min(1 << 26));
        let mut previous = 0u64;
        for _ in 0..n_rows {
            previous = previous.wrapping_add(input.varint()?);
            keys.push(previous);
        }
        let mut lengths = Vec::with_capacity(keys.len());
        for _ in 0..n_rows {
            lengths.push(input.varint()? as usize);
        }
        let mut classes_per_row: Vec<Vec<u16>> = Vec::with_capacity(keys.len());
        for &length in &lengths {
            let mut classes = Vec::with_capacity(length.min(1 << 16));
            for _ in 0..length {
                let class = input.varint()? as usize;
                if class >= n_classes {
                    return Err(input.corrupt(format!("class {class} out of range {n_classes}")));
                }
                classes.push(class as u16);
            }
            classes_per_row.push(classes);
        }
        let mut rows = Vec::with_capacity(keys.len());
        for (key, classes) in keys.into_iter().zip(classes_per_row) {
            let mut entries = Vec::with_capacity(classes.len());
            for class in classes {
                entries.push((class, input.i16()? as f32 * scale));
            }
            if key == 0 {
                return Err(input.corrupt("feature hash 0".to_string()));
            }
            rows.push((key, entries));
        }
        Ok(LinearModel::from_rows(n_classes, rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perceptron_learns_a_separable_problem() {
        // Feature 3 means class 0, feature 5 means class 1, feature 7 is noise.
        let data = [(vec![3u64, 7], 0usize), (vec![5, 7], 1), (vec![3], 0), (vec![5], 1)];
        let mut model = AveragedPerceptron::new(2);
        let mut scores = [0.0f32; 2];
        for _ in 0..5 {
            for (features, truth) in &data {
                model.tick();
                model.score(features, &mut scores);
                let guess = if scores[1] > scores[0] { 1 } else { 0 };
                model.update(features, *truth, guess);
            }
        }
        let averaged = model.averaged(0.0);
        for (features, truth) in &data {
            averaged.score(features, &mut scores);
            let guess = if scores[1] > scores[0] { 1 } else { 0 };
            assert_eq!(guess, *truth);
        }
    }

    #[test]
    fn linear_model_round_trips_through_bytes() {
        let rows = vec![(11u64, vec![(0u16, 0.5f32), (2, -1.25)]), (99, vec![(1, 2.0)])];
        let model = LinearModel::from_rows(3, rows);
        let mut writer = BinaryWriter::default();
        model.write(&mut writer);
        let bytes = writer.into_bytes();
        let mut reader = BinaryReader::new(&bytes, "test");
        let back = LinearModel::read(&mut reader).unwrap();
        let mut scores = [0.0f32; 3];
        back.score(&[11, 99, 12345], &mut scores);
        assert!((scores[0] - 0.5).abs() < 1e-3);
        assert!((scores[1] - 2.0).abs() < 1e-3);
        assert!((scores[2] + 1.25).abs() < 1e-3);
        assert_eq!(back.n_features(), 2);
    }
}
