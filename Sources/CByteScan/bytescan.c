/* Byte-scanning kernels: see include/sluice_bytescan.h. */
#include "sluice_bytescan.h"

#include <string.h>

#if defined(__x86_64__) || defined(_M_X64)
#include <emmintrin.h>
#define SLUICE_SSE2 1
#endif

/* Whether byte i of p[0..n) needs a hygiene decision (the scalar form of the contract). */
static inline int needs_decision(const uint8_t *p, size_t i, size_t n) {
    uint8_t b = p[i];
    if (b < 0x20 || b == 0x7F) return 1;
    if (b == 0x20) return i + 1 < n && p[i + 1] == 0x20;
    if (b != 0xC2 && b != 0xE1 && b != 0xE2 && b != 0xE3 && b != 0xEF) return 0;
    if (i + 1 >= n) return 1;
    uint8_t c = p[i + 1];
    if (b == 0xC2) return c <= 0xA0 || c == 0xAD;
    if (b == 0xE1) return c == 0x9A || c == 0xA0;
    if (b == 0xEF) return c == 0xBB;
    if (b == 0xE2 && c == 0x81) return 1;
    if (i + 2 >= n) return 1;
    uint8_t d = p[i + 2];
    if (b == 0xE2) return c == 0x80 && ((d & 0xF0) == 0x80 || (d & 0xF8) == 0xA8);
    return c == 0x80 && d == 0x80; /* E3 */
}

size_t sluice_tidy_copy(const uint8_t *src, size_t n, uint8_t *dst) {
    size_t i = 0;
#ifdef SLUICE_SSE2
    /* Sixteen bytes at a time, each seen with the two after it (so 18 must be there). */
#define SPLAT(b) _mm_set1_epi8((char)(b))
#define EQ(v, b) _mm_cmpeq_epi8((v), SPLAT(b))
#define AT_MOST(v, b) _mm_cmpeq_epi8(_mm_min_epu8((v), SPLAT(b)), (v)) /* unsigned v <= b */
    while (i + 18 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(src + i));
        __m128i bad = _mm_or_si128(AT_MOST(v, 0x1F), EQ(v, 0x7F));
        __m128i spaces = EQ(v, 0x20);
        __m128i leads = _mm_or_si128(_mm_or_si128(EQ(v, 0xC2), EQ(v, 0xE1)),
                                     _mm_or_si128(_mm_or_si128(EQ(v, 0xE2), EQ(v, 0xE3)), EQ(v, 0xEF)));
        if (_mm_movemask_epi8(_mm_or_si128(spaces, leads))) {
            __m128i c = _mm_loadu_si128((const __m128i *)(src + i + 1));
            __m128i d = _mm_loadu_si128((const __m128i *)(src + i + 2));
            bad = _mm_or_si128(bad, _mm_and_si128(spaces, EQ(c, 0x20)));
            if (_mm_movemask_epi8(leads)) {
                __m128i c80 = EQ(c, 0x80);
                __m128i t = _mm_and_si128(EQ(v, 0xC2), _mm_or_si128(AT_MOST(c, 0xA0), EQ(c, 0xAD)));
                t = _mm_or_si128(t, _mm_and_si128(EQ(v, 0xE1), _mm_or_si128(EQ(c, 0x9A), EQ(c, 0xA0))));
                t = _mm_or_si128(t, _mm_and_si128(EQ(v, 0xEF), EQ(c, 0xBB)));
                __m128i d_high = _mm_and_si128(d, SPLAT(0xF0)), d_mid = _mm_and_si128(d, SPLAT(0xF8));
                __m128i e2_third = _mm_or_si128(EQ(d_high, 0x80), EQ(d_mid, 0xA8));
                t = _mm_or_si128(t, _mm_and_si128(EQ(v, 0xE2),
                                                  _mm_or_si128(EQ(c, 0x81), _mm_and_si128(c80, e2_third))));
                t = _mm_or_si128(t, _mm_and_si128(EQ(v, 0xE3), _mm_and_si128(c80, EQ(d, 0x80))));
                bad = _mm_or_si128(bad, t);
            }
        }
        int mask = _mm_movemask_epi8(bad);
        if (mask) {
            size_t k = (size_t)__builtin_ctz((unsigned)mask);
            memcpy(dst + i, src + i, k);
            return i + k;
        }
        _mm_storeu_si128((__m128i *)(dst + i), v);
        i += 16;
    }
#undef AT_MOST
#undef EQ
#undef SPLAT
#endif
    size_t start = i;
    while (i < n && !needs_decision(src, i, n)) i++;
    memcpy(dst + start, src + start, i - start);
    return i;
}

/* Whether the character led by b (then next) is surely a letter or digit. */
static inline int opens_word(uint8_t b, uint8_t next) {
    if ((uint8_t)(b - 0x30) <= 9 || (uint8_t)((b | 0x20) - 0x61) <= 25) return 1;
    switch (b) {
    case 0xD0: case 0xD1: case 0xEB: case 0xEC: return 1;
    case 0xD8: return next >= 0xA1;
    case 0xD9: return next <= 0x8A;
    case 0xEA: return next >= 0xB0;
    case 0xED: return next <= 0x9D;
    default: return 0;
    }
}

/* Whether the character led by b (from E2 up) may be, or fold to, one of a script written
 * without spaces. Yi, Hangul (EA-ED) and private use (EE) are not. */
static inline int may_begin_unspaced(uint8_t b, uint8_t next) {
    return b == 0xE2 ? next >= 0xBA : !(b >= 0xEA && b <= 0xEE);
}

/* More than `limit` Han characters of U+4E00-U+9FFF (E4 B8 and up, E5-E9)? */
static int han_characters_exceed(const uint8_t *p, size_t n, size_t limit) {
    size_t han = 0;
    size_t i = 0;
#ifdef SLUICE_SSE2
    /* Sixteen bytes at a time, each seen with the byte after it: a Han character has one lead
     * byte, E5-E9, or E4 before B8 and up; continuation bytes (80-BF), where the loop below
     * may start, are never leads. */
    while (i + 17 <= n) {
        __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i next = _mm_loadu_si128((const __m128i *)(p + i + 1));
        __m128i e5 = _mm_sub_epi8(v, _mm_set1_epi8((char)0xE5));
        __m128i lead = _mm_cmpeq_epi8(_mm_min_epu8(e5, _mm_set1_epi8(4)), e5);
        __m128i e4 = _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE4)),
                                   _mm_cmpeq_epi8(_mm_max_epu8(next, _mm_set1_epi8((char)0xB8)), next));
        han += (size_t)__builtin_popcount((unsigned)_mm_movemask_epi8(_mm_or_si128(lead, e4)));
        if (han > limit) return 1;
        i += 16;
    }
#endif
    while (i < n) {
        uint8_t b = p[i];
        if ((uint8_t)(b - 0xE5) < 5 || (b == 0xE4 && i + 1 < n && p[i + 1] >= 0xB8)) {
            if (++han > limit) return 1;
            i += 3;
        } else {
            i++;
        }
    }
    return 0;
}

int sluice_word_floor_exceeds(const uint8_t *p, size_t n, size_t limit) {
    if (n == 0 || limit > (n - 1) / 2) return 0; /* n words take at least 2n - 1 bytes */
    size_t words = 0;
    int after_space = 1;
    size_t i = 0;
    while (i < n) {
#ifdef SLUICE_SSE2
        /* Sixteen bytes at a time, each seen with the byte after it, while they hold only ASCII,
         * two-byte characters below Arabic's second lead byte and Hangul (no other byte from
         * DA up): an ASCII letter or digit, a Cyrillic letter (D0, D1), an Arabic letter (D8 A1
         * and up, D9 up to 8A) or a Hangul syllable (EA B0 and up, EB, EC, ED up to 9D) after a
         * space starts a word, as in opens_word. */
        while (i + 17 <= n) {
            __m128i v = _mm_loadu_si128((const __m128i *)(p + i));
            __m128i fromEA = _mm_sub_epi8(v, _mm_set1_epi8((char)0xEA));
            __m128i hangulLead = _mm_cmpeq_epi8(_mm_min_epu8(fromEA, _mm_set1_epi8(3)), fromEA);
            __m128i high = _mm_andnot_si128(hangulLead, _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8((char)0xDA)), v));
            if (_mm_movemask_epi8(high)) break;
            __m128i next = _mm_loadu_si128((const __m128i *)(p + i + 1));
            __m128i letter = _mm_sub_epi8(_mm_or_si128(v, _mm_set1_epi8(0x20)), _mm_set1_epi8(0x61));
            __m128i digit = _mm_sub_epi8(v, _mm_set1_epi8(0x30));
            __m128i arabic = _mm_or_si128(
                _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xD8)),
                              _mm_cmpeq_epi8(_mm_max_epu8(next, _mm_set1_epi8((char)0xA1)), next)),
                _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xD9)),
                              _mm_cmpeq_epi8(_mm_min_epu8(next, _mm_set1_epi8((char)0x8A)), next)));
            __m128i hangul = _mm_or_si128(
                _mm_or_si128(_mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xEA)),
                                           _mm_cmpeq_epi8(_mm_max_epu8(next, _mm_set1_epi8((char)0xB0)), next)),
                             _mm_and_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xED)),
                                           _mm_cmpeq_epi8(_mm_min_epu8(next, _mm_set1_epi8((char)0x9D)), next))),
                _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xEB)), _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xEC))));
            __m128i opens = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(letter, _mm_set1_epi8(25)), letter),
                             _mm_cmpeq_epi8(_mm_min_epu8(digit, _mm_set1_epi8(9)), digit)),
                _mm_or_si128(_mm_cmpeq_epi8(_mm_and_si128(v, _mm_set1_epi8((char)0xFE)), _mm_set1_epi8((char)0xD0)),
                             _mm_or_si128(arabic, hangul)));
            unsigned spaces = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x20)));
            unsigned starts = (unsigned)_mm_movemask_epi8(opens) & ((spaces << 1) | (unsigned)after_space);
            words += (size_t)__builtin_popcount(starts);
            if (words > limit) return 1;
            after_space = (int)(spaces >> 15);
            i += 16;
        }
        if (i >= n) break;
#endif
        uint8_t b = p[i];
        if (b == 0x20) {
            after_space = 1;
        } else {
            uint8_t next = i + 1 < n ? p[i + 1] : 0;
            if (b >= 0xE2 && may_begin_unspaced(b, next)) return han_characters_exceed(p, n, 2 * limit);
            if (after_space && opens_word(b, next) && ++words > limit) return 1;
            after_space = 0;
        }
        i++;
    }
    return 0;
}
