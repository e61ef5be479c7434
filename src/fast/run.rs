//! Runs of three-byte chars (main-block Han and a set's CJK punctuation): a Chinese
//! description is mostly long runs, taken 16 chars (48 bytes) a step. The mixed block test
//! ([`super::mixed`]) proves short runs between ASCII; this is what the char loop uses for the
//! rest, and where a set's punctuation joins the Han.

use super::main_block_han;

/// Whether the three bytes are a char of a run: main-block Han or one of `extras`.
#[inline(always)]
pub(crate) fn run_char(extras: &[[u8; 3]], b0: u8, b1: u8, b2: u8) -> bool {
    main_block_han(b0, b1, b2) || extras.contains(&[b0, b1, b2])
}

/// What is left of `bytes` after the run of Han and `extras` that starts at `start` (its first
/// char already tested): 16 chars to a step while a step stays in the value, then the last 48
/// bytes of the value in one step, then char by char. A step that meets a char of no run ends
/// the run there.
#[inline(always)]
pub(super) fn run<'a>(bytes: &'a [u8], start: &'a [u8], extras: &[[u8; 3]]) -> &'a [u8] {
    let mut rest = &start[3..];
    // Most runs in a name are a few chars between ASCII: the first ones are taken one by one,
    // and a step of 16 is tried only when its last char is a char of the run, so text that
    // mixes short runs with other chars pays for few steps that end early.
    for _ in 0..4 {
        crate::work::add(1);
        match *rest {
            [b0, b1, b2, ref after @ ..] if run_char(extras, b0, b1, b2) => rest = after,
            _ => return rest,
        }
    }
    while let Some(block) = rest.first_chunk::<48>() {
        crate::work::add(1);
        if !run_char(extras, block[45], block[46], block[47]) {
            break;
        }
        let n = run_block(block, extras);
        rest = &rest[3 * n..];
        if n < 16 {
            return rest;
        }
    }
    // Fewer than 48 bytes left, a whole number of three-byte chars, and the run so far at least
    // as long as what the 48 bytes that end the value reach back into: those 48 line up with
    // the run's chars, and the first `seen` of them were tested already.
    let run_so_far = start.len() - rest.len();
    if (1..48).contains(&rest.len()) && rest.len() % 3 == 0 && run_so_far >= 48 - rest.len() {
        let seen = 48 - rest.len();
        if let Some(last) = bytes
            .last_chunk::<48>()
            .filter(|b| run_char(extras, b[45], b[46], b[47]))
        {
            let n = run_block(last, extras);
            return &rest[3 * n - seen..];
        }
    }
    while let [b0, b1, b2, ref after @ ..] = *rest {
        crate::work::add(1);
        if !run_char(extras, b0, b1, b2) {
            break;
        }
        rest = after;
    }
    rest
}

/// How many of the 16 three-byte places of `block`, from the first, hold run chars: main-block
/// Han (see [`main_block_han`]) or one of `extras`. SIMD where the target has it (see
/// [`super::arch`]), elsewhere char by char.
#[inline]
fn run_block(block: &[u8; 48], extras: &[[u8; 3]]) -> usize {
    super::arch::run_block(block, extras)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg_attr(miri, ignore = "a hundred thousand blocks: run natively")]
    fn the_block_test_agrees_with_the_char_test() {
        let punctuation = ["，".as_bytes(), "。".as_bytes()].map(|b| [b[0], b[1], b[2]]);
        let by_chars = |b: &[u8; 48], extras: &[[u8; 3]]| {
            b.chunks_exact(3)
                .take_while(|c| run_char(extras, c[0], c[1], c[2]))
                .count()
        };
        let bases = [
            "一中乿丸龥鿿亜镜像名称杭州基础生",
            "每日构建，镜像。每日构建，镜像。",
        ];
        for base in bases {
            let base: [u8; 48] = base.as_bytes().try_into().unwrap();
            for extras in [&[][..], &punctuation[..]] {
                assert_eq!(run_block(&base, extras), by_chars(&base, extras));
                // Every byte value at every place: the block test says what the char test says.
                for at in 0..48 {
                    for b in 0..=255u8 {
                        let mut block = base;
                        block[at] = b;
                        assert_eq!(
                            run_block(&block, extras),
                            by_chars(&block, extras),
                            "{b:#x} at {at}"
                        );
                    }
                }
                // A lead E4 at every char place, with every second byte.
                for at in (0..48).step_by(3) {
                    for b in 0x80..=0xBFu8 {
                        let mut block = base;
                        block[at] = 0xE4;
                        block[at + 1] = b;
                        assert_eq!(
                            run_block(&block, extras),
                            by_chars(&block, extras),
                            "{b:#x} at {at}"
                        );
                    }
                }
                // An extra's bytes at every place, in line with the chars or not.
                for at in 0..46 {
                    for e in &punctuation {
                        let mut block = base;
                        block[at..at + 3].copy_from_slice(e);
                        assert_eq!(
                            run_block(&block, extras),
                            by_chars(&block, extras),
                            "{e:x?} at {at}"
                        );
                    }
                }
            }
        }
    }
}
