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

/*
 * Whether the line `p[0..n)` (valid UTF-8) surely has more than `limit` words, as sluice's
 * folded keys count them: a lower bound read from the raw bytes. It counts the tokens between
 * ASCII spaces that open with a character that is surely a letter or digit (ASCII letters and
 * digits, Cyrillic U+0400-U+047F, Arabic letters U+0621-U+064A, Hangul syllables
 * U+AC00-U+D77F). When a byte that may begin a character of a script written without spaces
 * comes first (E2 BA and up, E3-E9, EF, F0-F4), tokens are not counted: the bound is then half
 * the line's Han characters (U+4E00-U+9FFF), every two of which make at least one word.
 * Returns 1 or 0. SluiceCore's WordFloor documents and tests the bound.
 */
int sluice_word_floor_exceeds(const uint8_t *p, size_t n, size_t limit);

#ifdef __cplusplus
}
#endif

#endif
