//! Edit distance for typo tolerance.
//!
//! [`osa_distance`] is `strsim::osa_distance` (optimal string alignment: insertions, deletions,
//! substitutions and swaps of neighbours) with the same results, but for the short ASCII words
//! the matcher compares it works on bytes in rows on the stack: strsim collects the characters
//! and allocates three rows per call, which made a typo test cost about 2,000 instructions.

/// Longest word (in bytes) compared on the stack; longer or non-ASCII words go to strsim.
const MAX_STACK: usize = 63;

/// The optimal string alignment distance between `a` and `b`, as `strsim::osa_distance`.
pub fn osa_distance(a: &str, b: &str) -> usize {
    if a.len() > MAX_STACK || b.len() > MAX_STACK || !a.is_ascii() || !b.is_ascii() {
        return strsim::osa_distance(a, b);
    }
    // No distance between words of at most `MAX_STACK` bytes exceeds it, so the bound never cuts.
    osa_bounded(a.as_bytes(), b.as_bytes(), MAX_STACK).unwrap_or(MAX_STACK)
}

/// The distance between `a` and `b` when it is at most `max`, else `None`: [`osa_distance`]
/// compared with `max`, but a distance of one (what most typo tests allow) is decided in one pass
/// over the bytes instead of filling the whole table.
pub fn osa_within(a: &str, b: &str, max: usize) -> Option<usize> {
    if a == b {
        return Some(0);
    }
    if max == 0 {
        return None;
    }
    if max == 1 && a.is_ascii() && b.is_ascii() {
        return one_edit_apart(a.as_bytes(), b.as_bytes()).then_some(1);
    }
    if a.len() <= MAX_STACK && b.len() <= MAX_STACK && a.is_ascii() && b.is_ascii() {
        return osa_bounded(a.as_bytes(), b.as_bytes(), max);
    }
    Some(osa_distance(a, b)).filter(|&d| d <= max)
}

/// [`osa_distance`] of two short ASCII words when it is at most `max`, else `None`, leaving
/// early: a distance is at least the difference of the lengths, and once two rows in a row
/// exceed `max` everywhere, so does every later row (each cell is at least the least of the row
/// above, or of the row two above plus one), and with them the distance. Most words a typo test
/// compares differ in their first letters, where the full table was a hundred cells.
fn osa_bounded(a: &[u8], b: &[u8], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let n = b.len();
    // Three rows of the dynamic programme: two rows back (for swaps), the last and the current.
    let mut two_back = [0u8; MAX_STACK + 1];
    let mut last = [0u8; MAX_STACK + 1];
    let mut current = [0u8; MAX_STACK + 1];
    for j in 0..=n {
        two_back[j] = j as u8;
        last[j] = j as u8;
    }
    // The least cell of the row above (row 0's is 0).
    let mut last_min = 0u8;
    for (i, &x) in a.iter().enumerate() {
        current[0] = i as u8 + 1;
        let mut row_min = current[0];
        for (j, &y) in b.iter().enumerate() {
            let cost = u8::from(x != y);
            let mut d = (current[j] + 1).min(last[j + 1] + 1).min(last[j] + cost);
            if i > 0 && j > 0 && x != y && x == b[j - 1] && y == a[i - 1] {
                d = d.min(two_back[j - 1] + 1);
            }
            current[j + 1] = d;
            row_min = row_min.min(d);
        }
        if usize::from(row_min.min(last_min)) > max {
            return None;
        }
        last_min = row_min;
        std::mem::swap(&mut two_back, &mut last);
        std::mem::swap(&mut last, &mut current);
    }
    Some(usize::from(last[n])).filter(|&d| d <= max)
}

/// Whether two different byte strings are one edit apart: one byte inserted, deleted or
/// substituted, or two neighbours swapped.
fn one_edit_apart(a: &[u8], b: &[u8]) -> bool {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let i = long.iter().zip(short).take_while(|(x, y)| x == y).count();
    match long.len() - short.len() {
        0 => {
            long[i + 1..] == short[i + 1..]
                || i + 1 < long.len() && long[i] == short[i + 1] && long[i + 1] == short[i] && long[i + 2..] == short[i + 2..]
        }
        1 => long[i + 1..] == short[i..],
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_strsim() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "bca",
            "goroutine",
            "gorutine",
            "goroutnie",
            "receive",
            "recieve",
            "mutex",
            "mute",
            "rwmutex",
            "rwnutex",
            "channel",
            "chanel",
            "unbuffered",
            "unbufferd",
            "sensitive",
            "insensitive",
            "blokc",
            "blakc",
            "block",
            "caf\u{e9}",
            "cafe",
            "synchronous",
            "synchronus",
            "aaaa",
            "aa",
        ];
        for a in words {
            for b in words {
                assert_eq!(osa_distance(a, b), strsim::osa_distance(a, b), "{a:?} {b:?}");
            }
        }
        for a in words {
            for b in words {
                let d = strsim::osa_distance(a, b);
                for max in 0..4 {
                    assert_eq!(osa_within(a, b, max), (d <= max).then_some(d), "{a:?} {b:?} {max}");
                }
            }
        }
        let long = "x".repeat(80);
        assert_eq!(osa_distance(&long, "xx"), 78);
    }
}
