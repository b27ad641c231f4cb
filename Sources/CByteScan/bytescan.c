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
