/*
 * sluice_bytescan.h: byte-scanning kernels for the hot loops, in C so that they can use the
 * processor's vector instructions (SSE2 on x86-64, a portable loop elsewhere), which Swift's
 * generic SIMD types do not reliably compile to.
 *
 * Each kernel has one job and a plain contract; the Swift side (SluiceCore) owns the logic
 * around it. Pointers may be unaligned; lengths are in bytes.
 */
#ifndef SLUICE_BYTESCAN_H
#define SLUICE_BYTESCAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Copies the longest prefix of `src[0..n)` (valid UTF-8) that text hygiene leaves unchanged
 * to `dst` and returns its length. The prefix ends before the first byte that needs a
 * decision:
 *   - a control character (below 0x20) or DEL (0x7F);
 *   - the first byte of a character hygiene may change or remove, told by its first two or
 *     three bytes: U+0080-U+00A0 and U+00AD (C2 80-A0, C2 AD); U+1680 and U+180E (E1 9A,
 *     E1 A0); U+2000-U+200F, U+2028-U+202F (E2 80 80-8F, E2 80 A8-AF) and U+2040-U+207F
 *     (E2 81); U+3000 (E3 80 80); U+FEFF (EF BB); or a C2, E1, E2, E3 or EF too close to the
 *     end to tell;
 *   - a space followed by a space.
 * A single space, and every other character, is part of the prefix. `dst` must have room for
 * `n` bytes and must not overlap `src`.
 */
size_t sluice_tidy_copy(const uint8_t *src, size_t n, uint8_t *dst);

#ifdef __cplusplus
}
#endif

#endif
