//! The tokens the event-location annotation tool counted in.
//!
//! About 840 records of the shared event-location file give their locations as token
//! indices (first and last token, both inclusive) instead of character offsets: their
//! character slices are empty or cut words ("In the neighboring province of Ingushetia"
//! has `{start: 5, end: 5}`). The tool tokenized with the rules of spaCy 2's English
//! tokenizer, so reading those spans needs the same token boundaries: whitespace runs
//! beyond one space are tokens, punctuation and quotes come off the ends, "'s" and
//! "n't" are tokens, a period stays on "U.S." and "Gov." but not on "Baghdad.", and
//! hyphens between letters are tokens of their own ("Ponce-Gomez" is three tokens,
//! "U.S.-led" too, "40-year" one). The rules here are ours, written to agree with
//! those counts; an error shifts a span by a token, which then matches nothing.

/// Byte spans of the annotation tool's tokens of `text`, in order.
pub(crate) fn annotation_tokens(text: &str) -> Vec<(usize, usize)> {
    let mut tokens = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let Some(&(_, first)) = chars.first() else { return tokens };
    let mut in_space = first.is_whitespace();
    let mut start = 0usize;
    for &(at, c) in &chars {
        if c.is_whitespace() == in_space {
            continue;
        }
        if start < at {
            push_chunk(text, start, at, &mut tokens);
        }
        // One plain space after a word belongs to the word; anything more is a token.
        start = if c == ' ' { at + 1 } else { at };
        in_space = !in_space;
    }
    if start < text.len() {
        push_chunk(text, start, text.len(), &mut tokens);
    }
    tokens
}

fn push_chunk(text: &str, start: usize, end: usize, tokens: &mut Vec<(usize, usize)>) {
    let chunk = &text[start..end];
    if chunk.chars().all(char::is_whitespace) {
        tokens.push((start, end));
        return;
    }
    let (mut from, mut to) = (start, end);
    let mut suffixes: Vec<(usize, usize)> = Vec::new();
    loop {
        let rest = &text[from..to];
        if rest.is_empty() || is_exception(rest) {
            break;
        }
        let prefix = prefix_len(rest);
        let suffix = suffix_len(&rest[prefix..]);
        if prefix == 0 && suffix == 0 {
            break;
        }
        if prefix > 0 {
            tokens.push((from, from + prefix));
            from += prefix;
        }
        if suffix > 0 && from < to - suffix {
            suffixes.push((to - suffix, to));
            to -= suffix;
        } else if suffix > 0 && prefix == 0 {
            break;
        }
    }
    if from < to {
        split_contraction_and_infixes(text, from, to, tokens);
    }
    tokens.extend(suffixes.into_iter().rev());
}

/// Words the tool kept whole although they end in a period, or split as contractions.
fn is_exception(word: &str) -> bool {
    const ABBREVIATIONS: &[&str] = &[
        "a.m.", "p.m.", "Adm.", "Bros.", "co.", "Co.", "Corp.", "D.C.", "Dr.", "e.g.", "Gen.", "Gov.",
        "i.e.", "Inc.", "Jr.", "Ltd.", "Md.", "Messrs.", "Mo.", "Mont.", "Mr.", "Mrs.", "Ms.", "Ph.D.",
        "Prof.", "Rep.", "Rev.", "Sen.", "St.", "vs.", "v.s.", "Jan.", "Feb.", "Mar.", "Apr.", "Jun.",
        "Jul.", "Aug.", "Sep.", "Sept.", "Oct.", "Nov.", "Dec.", "Ala.", "Ariz.", "Ark.", "Calif.", "Colo.",
        "Conn.", "Del.", "Fla.", "Ga.", "Ill.", "Ind.", "Kan.", "Kans.", "Ky.", "La.", "Mass.", "Mich.",
        "Minn.", "Miss.", "N.C.", "N.D.", "N.H.", "N.J.", "N.M.", "N.Y.", "Neb.", "Nebr.", "Nev.", "Okla.",
        "Ore.", "Pa.", "Tenn.", "Va.", "Wash.", "Wis.",
    ];
    ABBREVIATIONS.contains(&word)
        || (word.len() == 2 && word.ends_with('.') && word.starts_with(|c: char| c.is_ascii_lowercase()))
}

const PUNCTUATION: &str = ",:;!?¿¡()[]{}<>_#*&…";
const QUOTES: &str = "'\"”“`‘´’‚„»«";
const CURRENCY: &str = "$£€¥₹";

fn prefix_len(word: &str) -> usize {
    let Some(first) = word.chars().next() else { return 0 };
    if word.starts_with("..") {
        return word.len() - word.trim_start_matches('.').len();
    }
    let plus_before_digit = first == '+' && word[1..].starts_with(|c: char| c.is_ascii_digit());
    if PUNCTUATION.contains(first)
        || QUOTES.contains(first)
        || CURRENCY.contains(first)
        || "§%=—–".contains(first)
        || (first == '+' && !plus_before_digit)
    {
        first.len_utf8()
    } else {
        0
    }
}

fn suffix_len(word: &str) -> usize {
    let Some(last) = word.chars().next_back() else { return 0 };
    for possessive in ["'s", "'S", "’s", "’S"] {
        if word.len() > possessive.len() && word.ends_with(possessive) {
            return possessive.len();
        }
    }
    if word.ends_with("..") {
        return word.len() - word.trim_end_matches('.').len();
    }
    if PUNCTUATION.contains(last) || QUOTES.contains(last) || "—–".contains(last) {
        return last.len_utf8();
    }
    let before: Vec<char> = word.chars().rev().skip(1).take(2).collect();
    if last == '.' {
        let after_lower = before.first().is_some_and(|c| {
            c.is_lowercase()
                || c.is_ascii_digit()
                || "%²-+".contains(*c)
                || QUOTES.contains(*c)
                || PUNCTUATION.contains(*c)
        });
        let after_two_capitals = before.len() == 2 && before.iter().all(|c| c.is_uppercase());
        if after_lower || after_two_capitals {
            return 1;
        }
    }
    if before.first().is_some_and(char::is_ascii_digit) && (last == '+' || CURRENCY.contains(last)) {
        return last.len_utf8();
    }
    // Units after a number: "12km", "5kg".
    let digits_end = word.trim_end_matches(char::is_alphabetic);
    let unit = &word[digits_end.len()..];
    if !unit.is_empty()
        && digits_end.ends_with(|c: char| c.is_ascii_digit())
        && ["km", "m", "cm", "mm", "kg", "g", "mph", "kmh", "mi", "ft", "lb", "lbs", "t", "ha"]
            .contains(&unit)
    {
        return unit.len();
    }
    0
}

/// Contractions ("don't", "they're") are two tokens; inside a word, hyphens after a
/// letter (with any of `?";:=,.` between: "U.S.-led"), a comma between letters and a
/// period between a lower-case and a capital letter are tokens.
fn split_contraction_and_infixes(text: &str, from: usize, to: usize, tokens: &mut Vec<(usize, usize)>) {
    let word = &text[from..to];
    for clitic in ["n't", "n’t", "'re", "'ve", "'ll", "'d", "'m", "’re", "’ve", "’ll", "’d", "’m"]
    {
        if word.len() > clitic.len()
            && word.to_lowercase().ends_with(clitic)
            && word[..word.len() - clitic.len()].chars().all(char::is_alphabetic)
        {
            tokens.push((from, to - clitic.len()));
            tokens.push((to - clitic.len(), to));
            return;
        }
    }
    if is_exception(word) {
        tokens.push((from, to));
        return;
    }
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut piece_start = 0usize;
    let mut i = 1usize;
    while i < chars.len() {
        let (at, c) = chars[i];
        let previous = chars[i - 1].1;
        let next = chars.get(i + 1).map(|&(_, c)| c);
        let mut infix_end = None;
        if previous.is_alphabetic() {
            // Letters, then any of ?";:=,. then a hyphen run, then a letter.
            let mut j = i;
            while j < chars.len() && "?\";:=,.".contains(chars[j].1) {
                j += 1;
            }
            let hyphens = j;
            while j < chars.len() && "-–—".contains(chars[j].1) {
                j += 1;
            }
            // A comma between letters, a period between a lower-case and a capital
            // letter, and <>=/: before a letter are single-character infixes.
            let single = (c == ',' && next.is_some_and(char::is_alphabetic))
                || (c == '.' && previous.is_lowercase() && next.is_some_and(char::is_uppercase))
                || ("<>=/:".contains(c) && next.is_some_and(char::is_alphabetic));
            if j > hyphens && chars.get(j).is_some_and(|&(_, c)| c.is_alphabetic()) {
                infix_end = Some(j);
            } else if single {
                infix_end = Some(i + 1);
            }
        } else if previous.is_ascii_digit()
            && "+-*^".contains(c)
            && next.is_some_and(|n| n.is_ascii_digit() || n == '-')
        {
            infix_end = Some(i + 1);
        }
        if let Some(end) = infix_end {
            if piece_start < i {
                tokens.push((from + chars[piece_start].0, from + at));
            }
            let end_byte = chars.get(end).map_or(word.len(), |&(b, _)| b);
            tokens.push((from + at, from + end_byte));
            piece_start = end;
            i = end + 1;
        } else {
            i += 1;
        }
    }
    if piece_start < chars.len() {
        tokens.push((from + chars[piece_start].0, to));
    }
}

#[cfg(test)]
mod tests {
    use super::annotation_tokens;

    fn words(text: &str) -> Vec<&str> {
        annotation_tokens(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    #[test]
    fn counts_like_the_annotation_tool() {
        assert_eq!(
            words(" McCoy was captured in March in Las Vegas.\n"),
            [" ", "McCoy", "was", "captured", "in", "March", "in", "Las", "Vegas", ".", "\n"]
        );
        assert_eq!(
            words("The soldier was patrolling in the province's Sangkhla Buri district."),
            [
                "The",
                "soldier",
                "was",
                "patrolling",
                "in",
                "the",
                "province",
                "'s",
                "Sangkhla",
                "Buri",
                "district",
                "."
            ]
        );
        assert_eq!(words("U.S.-led forces, don't"), ["U.S", ".-", "led", "forces", ",", "do", "n't"]);
        assert_eq!(words("the 40-year U.S. blockade"), ["the", "40-year", "U.S.", "blockade"]);
        assert_eq!(words("Harvey Ponce-Gomez  of"), ["Harvey", "Ponce", "-", "Gomez", " ", "of"]);
        assert_eq!(words("``Jo-Jo'' (NATO)."), ["`", "`", "Jo", "-", "Jo", "'", "'", "(", "NATO", ")", "."]);
    }
}
