//! The run test of `crate::fast::run` with SSE2: 16 three-byte chars a step.

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

/// `crate::fast::run::run_block` 16 bytes at a time: every third byte a lead E4 to E9 and the others tails 80
/// to BF, the byte after each E4 at least B8; or, at a lead's place, the three bytes of an
/// extra. The first lane that fails gives the char where the run ends.
pub(super) fn run_block_sse2(block: &[u8; 48], extras: &[[u8; 3]]) -> usize {
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
