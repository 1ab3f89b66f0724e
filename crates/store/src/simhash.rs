//! SimHash over word shingles: near-duplicate articles (the same wire story on many
//! sites, with a changed headline or a trailing credit line) get fingerprints a few
//! bits apart, while unrelated articles differ in about half of the 64 bits.

/// Words per shingle. Three keeps the fingerprint sensitive to word order without
/// making a single changed word disturb too many shingles.
const SHINGLE_WORDS: usize = 3;

/// Two documents whose fingerprints differ in at most this many bits are one story.
/// Measured on a 300-word wire story: a changed headline moves 3 bits, a credit line
/// 5, a copy cut by a tenth 9; unrelated articles are about 32 apart, and two random
/// fingerprints fall within 6 bits with odds of about 1 in 10^11.
pub const NEAR_DUPLICATE_BITS: u32 = 6;

/// Number of bands a fingerprint is cut into for candidate lookup: one more than
/// [`NEAR_DUPLICATE_BITS`], so that near-duplicates always agree on a whole band.
pub const BANDS: usize = NEAR_DUPLICATE_BITS as usize + 1;

/// The 64-bit SimHash of `text`: every shingle of lowercased words votes on each bit
/// with its hash, and a bit is set where the votes are positive.
pub fn simhash(text: &str) -> u64 {
    // Each word is hashed once, through one reused buffer; a shingle's hash combines
    // its words' hashes in order, so no shingle string is ever built. Ingest hashes
    // every article, and this is most of its cost outside SQLite.
    let mut word = String::new();
    let mut word_hashes: Vec<u64> = Vec::new();
    for raw in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        word.clear();
        if raw.is_ascii() {
            word.push_str(raw);
            word.make_ascii_lowercase();
        } else {
            word.extend(raw.chars().flat_map(char::to_lowercase));
        }
        word_hashes.push(xxhash_rust::xxh3::xxh3_64(word.as_bytes()));
    }
    if word_hashes.is_empty() {
        return 0;
    }
    // A bit's vote is positive when more than half the shingles set it; counting the
    // ones alone is a plain add per bit, which the compiler vectorises.
    let mut ones = [0u32; 64];
    let width = SHINGLE_WORDS.min(word_hashes.len());
    let mut shingles = 0u32;
    for shingle in word_hashes.windows(width) {
        let combined =
            shingle.iter().fold(0u64, |acc, &h| (acc.rotate_left(29) ^ h).wrapping_mul(MULTIPLIER));
        let hash = finish(combined);
        for (bit, count) in ones.iter_mut().enumerate() {
            *count += ((hash >> bit) & 1) as u32;
        }
        shingles += 1;
    }
    ones.iter()
        .enumerate()
        .filter(|(_, &count)| 2 * count > shingles)
        .fold(0u64, |acc, (bit, _)| acc | 1 << bit)
}

/// An odd constant with well-mixed bits (the golden ratio in fixed point).
const MULTIPLIER: u64 = 0x9e37_79b9_7f4a_7c15;

/// The SplitMix64 finaliser: every input bit flips each output bit with odds near
/// one half, which SimHash's bit votes need.
fn finish(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Number of differing bits.
pub fn hamming(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// The fingerprint cut into [`BANDS`] runs of 9 or 10 bits, each tagged with its
/// position so that one indexed column holds them all. Two fingerprints at most
/// [`NEAR_DUPLICATE_BITS`] apart touch at most that many bands, so they agree on at
/// least one, and an index lookup finds every candidate without a scan.
pub fn bands(hash: u64) -> [i64; BANDS] {
    std::array::from_fn(|i| {
        let start = i * 64 / BANDS;
        let end = (i + 1) * 64 / BANDS;
        let bits = (hash >> start) & ((1u64 << (end - start)) - 1);
        ((i as i64) << 16) | bits as i64
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A wire story of about 300 words, the length of a short news article.
    const WIRE: &str = "Iraqi Prime Minister Mustafa al-Kadhimi will travel to the United States \
        where he will meet with US President Joe Biden on 26 July, the White House said on \
        Monday. The meeting is expected to discuss the withdrawal of US troops from Iraq and \
        cooperation on security, energy and health. Psaki said the visit would strengthen \
        bilateral ties between the two countries after months of rocket attacks on bases. \
        The US is still keeping some 2,500 American soldiers in Iraq, where they have been \
        fighting the Islamic State group since 2014, alongside a coalition of allies that has \
        trained Iraqi forces and provided air support in the campaign against the militants. \
        Earlier this month, 14 rockets were fired at the Ain al-Assad air base, which hosts US \
        troops, and three more landed near the US embassy in Baghdad, injuring two service \
        members, officials said. No group claimed responsibility, but Washington has blamed \
        similar attacks on militias backed by Iran. Since the US assassinated senior Iranian \
        general Qassem Soleimani and Iraqi commander Abu Mahdi al-Muhandis in a drone strike at \
        Baghdad airport in January 2020, parliament has voted to expel foreign forces and the \
        militias have stepped up their pressure on the government to set a timetable. His Middle \
        East policy is much more concerned with restoring the nuclear agreement with Iran than \
        with the region's conflicts, analysts in Baghdad and Washington said, and the prime \
        minister is expected to push for a timetable for the withdrawal of the remaining combat \
        troops while asking for continued training, intelligence sharing and logistical support \
        for the Iraqi army and the Kurdish peshmerga in the north of the country.";

    #[test]
    fn a_syndicated_copy_is_a_few_bits_away() {
        let copy = format!("{WIRE} (Reporting by the wire desk; editing by the night desk)");
        assert!(hamming(simhash(WIRE), simhash(&copy)) <= NEAR_DUPLICATE_BITS);
        let headline = format!("Kadhimi to meet Biden. {WIRE}");
        assert!(hamming(simhash(WIRE), simhash(&headline)) <= NEAR_DUPLICATE_BITS);
        let recased = WIRE.to_uppercase();
        assert_eq!(simhash(WIRE), simhash(&recased));
    }

    #[test]
    fn unrelated_articles_are_far_apart() {
        let other = "Turkey imposed sanctions on Syria on Tuesday after shelling near the border \
            town of Kobani killed four soldiers, the defence ministry in Ankara said, and \
            promised a firm response to any further attack on its troops in the region.";
        assert!(hamming(simhash(WIRE), simhash(other)) > 10);
    }

    #[test]
    fn near_duplicates_share_a_band() {
        let a = simhash(WIRE);
        for flips in
            [0b1u64, 0b1 | 1 << 17, 1 | 1 << 20 | 1 << 40, 1 | 1 << 9 | 1 << 18 | 1 << 27 | 1 << 36 | 1 << 63]
        {
            let b = a ^ flips;
            assert!(bands(a).iter().zip(bands(b)).any(|(x, y)| *x == y));
        }
    }

    #[test]
    fn empty_and_short_texts_hash() {
        assert_eq!(simhash(""), 0);
        assert_ne!(simhash("Iraq"), 0);
    }
}
