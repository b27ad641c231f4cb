/*
 * sluice_icu.h: the few ICU services sluice uses, as plain C.
 *
 * This header includes no ICU header on purpose: Foundation on Linux bundles
 * its own copy of ICU's headers, and a Swift module that sees both does not
 * compile. Everything here works on UTF-8 bytes; offsets are byte offsets.
 */
#ifndef SLUICE_ICU_H
#define SLUICE_ICU_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Normalization (ICU Normalizer2, UTF-8 in and out) ------------------ */

typedef enum {
    SLUICE_FORM_NFC = 0,
    SLUICE_FORM_NFD = 1,
    SLUICE_FORM_NFKC = 2,
    SLUICE_FORM_NFKD = 3,
    SLUICE_FORM_NFKC_CASEFOLD = 4
} SluiceForm;

/* An ICU normalizer instance. Shared, immutable, never freed (ICU owns it). */
typedef struct SluiceNormalizer SluiceNormalizer;

/* The normalizer for `form`, or NULL with a message in `err` (size `errlen`). */
const SluiceNormalizer *sluice_normalizer_get(int form, char *err, size_t errlen);

/*
 * Normalizes `src[0..len)` (valid UTF-8) into `dst` (capacity `cap`).
 * Returns the full output length, which may exceed `cap`: then nothing useful
 * was written and the caller retries with a buffer of at least that size.
 * Returns -1 on an ICU error.
 */
int32_t sluice_normalize_utf8(const SluiceNormalizer *n, const uint8_t *src, int32_t len,
                              uint8_t *dst, int32_t cap);

/* 1 when text may be split before code point `c` without changing its normal form. */
int sluice_has_boundary_before(const SluiceNormalizer *n, int32_t c);

/* ---- Character properties --------------------------------------------- */

/* Bits of sluice_char_flags: what the line classifier needs to know of a code point. */
enum {
    SLUICE_CHAR_WORD = 1,        /* a letter, combining mark or decimal digit (regex \w) */
    SLUICE_CHAR_UPPER = 2,       /* an uppercase or titlecase letter */
    SLUICE_CHAR_DIGIT = 4,       /* a decimal digit */
    SLUICE_CHAR_SPLIT = 8,       /* a script written without spaces (Han, kana, Thai, ...):
                                    each character counts as a word */
    SLUICE_CHAR_PUNCT = 16,      /* punctuation */
    SLUICE_CHAR_SYMBOL = 32,     /* a symbol (math, currency, modifier, other: emoji, bullets) */
    SLUICE_CHAR_HIRAGANA = 64,   /* hiragana: Japanese particles and inflections */
    SLUICE_CHAR_HANGUL = 128     /* a Hangul syllable */
};

/* The SLUICE_CHAR_* bits of code point `c`. */
int sluice_char_flags(int32_t c);

/*
 * How a code point folds into a phrase key (NFKC-casefold, then words):
 *   SLUICE_FOLD_WORD     it (or what it maps to) is a letter, mark or digit;
 *   SLUICE_FOLD_IGNORE   it maps to nothing (a default-ignorable character);
 *   SLUICE_FOLD_COMPLEX  it combines with what precedes it, or maps to several code points
 *                        (or to one that combines): fold the whole text with the normalizer;
 * and in the low 21 bits, the single code point it maps to.
 */
#define SLUICE_FOLD_WORD 0x40000000u
#define SLUICE_FOLD_IGNORE 0x20000000u
#define SLUICE_FOLD_COMPLEX 0x10000000u
#define SLUICE_FOLD_CODE_POINT 0x001FFFFFu
uint32_t sluice_fold_info(int32_t c);

/*
 * The code points that case-insensitive regex matching takes for `c`: c itself and every code
 * point ICU's case closure of c holds (with the first code point of each string in it).
 * Writes at most `capacity` of them to `out`; returns how many there are.
 */
int32_t sluice_case_closure(int32_t c, int32_t *out, int32_t capacity);

/* ---- Regular expressions (ICU regex over UTF-8 lines, searched as UTF-16) -- */

typedef struct SluiceRegex SluiceRegex;

/*
 * Compiles `pattern` (UTF-8). `time_limit` is ICU's match time limit in its
 * steps (0: none). On error returns NULL, writes a message to `err`, and the
 * 1-based line and column of the error in the pattern (0 when unknown).
 */
SluiceRegex *sluice_regex_compile(const uint8_t *pattern, int32_t len, int case_insensitive,
                                  int32_t time_limit, char *err, size_t errlen,
                                  int32_t *err_line, int32_t *err_col);

/* An independent copy for another thread. */
SluiceRegex *sluice_regex_clone(const SluiceRegex *re);

void sluice_regex_free(SluiceRegex *re);

typedef enum {
    SLUICE_REGEX_NO_MATCH = 0,
    SLUICE_REGEX_MATCH = 1,
    SLUICE_REGEX_TIME_OUT = -1,
    SLUICE_REGEX_ERROR = -2
} SluiceRegexResult;

/*
 * Searches `text[from..len)` (valid UTF-8). On a match stores its byte range
 * in `*start` and `*end`.
 */
int sluice_regex_find(SluiceRegex *re, const uint8_t *text, int32_t len, int32_t from,
                      int32_t *start, int32_t *end);

/* ---- Version ------------------------------------------------------------ */

/* ICU's version, e.g. "72.1". */
const char *sluice_icu_version(void);

#ifdef __cplusplus
}
#endif

#endif
