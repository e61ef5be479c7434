//! Runs of three-byte chars (main-block Han and a set's CJK punctuation): a Chinese
//! description is mostly long runs, taken 16 chars (48 bytes) a step. The mixed block test
//! ([`super::mixed`]) proves short runs between ASCII; this is what the char loop uses for the
//! rest, and where a set's punctuation joins the Han.

use super::main_block_han;

/// Whether the three bytes are a char of a run: main-block Han or one of `extras`.
#[inline(always)]
pub(super) fn run_char(extras: &[[u8; 3]], b0: u8, b1: u8, b2: u8) -> bool {
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
        match *rest {
            [b0, b1, b2, ref after @ ..] if run_char(extras, b0, b1, b2) => rest = after,
            _ => return rest,
        }
    }
    while let Some(block) = rest.first_chunk::<48>() {
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
        if !run_char(extras, b0, b1, b2) {
            break;
        }
        rest = after;
    }
    rest
}

/// How many of the 16 three-byte places of `block`, from the first, hold run chars: main-block
/// Han (see [`main_block_han`]) or one of `extras`. SSE2, which every x86-64 CPU has;
/// elsewhere char by char.
#[inline]
fn run_block(block: &[u8; 48], extras: &[[u8; 3]]) -> usize {
    #[cfg(all(target_arch = "x86_64", not(miri)))]
    {
        run_block_sse2(block, extras)
    }
    #[cfg(not(all(target_arch = "x86_64", not(miri))))]
    {
        block
            .chunks_exact(3)
            .take_while(|c| run_char(extras, c[0], c[1], c[2]))
            .count()
    }
}

/// Per lane of the `k`th 16 bytes of a block: `lead` where the byte starts a char (its place
/// in the block a multiple of 3), else `tail`.
#[cfg(all(target_arch = "x86_64", not(miri)))]
const fn lanes(k: usize, lead: u8, tail: u8) -> [u8; 16] {
    let mut out = [tail; 16];
    let mut i = 0;
    while i < 16 {
        if (16 * k + i) % 3 == 0 {
            out[i] = lead;
        }
        i += 1;
    }
    out
}

/// [`run_block`] 16 bytes at a time: every third byte a lead E4 to E9 and the others tails 80
/// to BF, the byte after each E4 at least B8; or, at a lead's place, the three bytes of an
/// extra. The first lane that fails gives the char where the run ends.
#[cfg(all(target_arch = "x86_64", not(miri)))]
fn run_block_sse2(block: &[u8; 48], extras: &[[u8; 3]]) -> usize {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_andnot_si128, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8,
        _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_slli_si128,
        _mm_srli_si128,
    };
    const LOW: [[u8; 16]; 3] = [
        lanes(0, 0xE4, 0x80),
        lanes(1, 0xE4, 0x80),
        lanes(2, 0xE4, 0x80),
    ];
    const HIGH: [[u8; 16]; 3] = [
        lanes(0, 0xE9, 0xBF),
        lanes(1, 0xE9, 0xBF),
        lanes(2, 0xE9, 0xBF),
    ];
    const LEAD: [[u8; 16]; 3] = [
        lanes(0, 0xFF, 0x00),
        lanes(1, 0xFF, 0x00),
        lanes(2, 0xFF, 0x00),
    ];
    // SAFETY: SSE2 is part of x86-64; every load reads 16 bytes inside `block` or one of the
    // constant tables (unaligned loads are allowed anywhere).
    unsafe {
        let load = |bytes: &[u8]| _mm_loadu_si128(bytes.as_ptr().cast::<__m128i>());
        let v = [load(&block[..16]), load(&block[16..32]), load(&block[32..])];
        // The byte after each lane, and the one after that: a lead's char reaches into the
        // next 16 bytes from places 14 and 15 of one 16 (`next` from place 15 only).
        let next = [
            _mm_or_si128(_mm_srli_si128::<1>(v[0]), _mm_slli_si128::<15>(v[1])),
            _mm_or_si128(_mm_srli_si128::<1>(v[1]), _mm_slli_si128::<15>(v[2])),
            _mm_srli_si128::<1>(v[2]),
        ];
        let after_next = |k: usize| match k {
            0 => _mm_or_si128(_mm_srli_si128::<2>(v[0]), _mm_slli_si128::<14>(v[1])),
            1 => _mm_or_si128(_mm_srli_si128::<2>(v[1]), _mm_slli_si128::<14>(v[2])),
            _ => _mm_srli_si128::<2>(v[2]),
        };
        let e4 = _mm_set1_epi8(0xE4_u8 as i8);
        let b8 = _mm_set1_epi8(0xB8_u8 as i8);
        let lane_ok = |k: usize| {
            let x = v[k];
            let (low, high) = (load(&LOW[k]), load(&HIGH[k]));
            let in_range = _mm_and_si128(
                _mm_cmpeq_epi8(_mm_max_epu8(x, low), x),
                _mm_cmpeq_epi8(_mm_min_epu8(x, high), x),
            );
            // A lead E4 whose next byte is below B8 is U+4000..U+4DFF: not all Han.
            let low_e4 = _mm_andnot_si128(
                _mm_cmpeq_epi8(_mm_max_epu8(next[k], b8), next[k]),
                _mm_cmpeq_epi8(x, e4),
            );
            let mut ok = _mm_andnot_si128(low_e4, in_range);
            // An extra's lead is no Han lead (they are E3 and EF), so its lane failed above;
            // its tails passed as tails. Only a lead's place may hold an extra's lead: the
            // same bytes at a tail's place are no char of the run.
            for e in extras {
                let is_extra = _mm_and_si128(
                    _mm_and_si128(load(&LEAD[k]), _mm_cmpeq_epi8(x, _mm_set1_epi8(e[0] as i8))),
                    _mm_and_si128(
                        _mm_cmpeq_epi8(next[k], _mm_set1_epi8(e[1] as i8)),
                        _mm_cmpeq_epi8(after_next(k), _mm_set1_epi8(e[2] as i8)),
                    ),
                );
                ok = _mm_or_si128(ok, is_extra);
            }
            ok
        };
        let ok = [lane_ok(0), lane_ok(1), lane_ok(2)];
        // All 48 good is the common case, told by one mask.
        if _mm_movemask_epi8(_mm_and_si128(_mm_and_si128(ok[0], ok[1]), ok[2])) == 0xFFFF {
            return 16;
        }
        // A bit per lane, at its place in the block.
        let ok_bits = ok.iter().enumerate().fold(0u64, |bits, (k, &o)| {
            bits | u64::from(_mm_movemask_epi8(o) as u16) << (16 * k)
        });
        // The first failing lane's char; 48 lanes all good is 16 chars.
        let failing = !ok_bits & ((1 << 48) - 1);
        (failing.trailing_zeros() as usize).min(48) / 3
    }
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
