// The ICU calls behind sluice_icu.h. Nothing else in sluice touches ICU.

#include "sluice_icu.h"

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/parseerr.h>
#include <unicode/regex.h>
#include <unicode/stringpiece.h>
#include <unicode/uchar.h>
#include <unicode/uniset.h>
#include <unicode/usetiter.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>
#include <unicode/uregex.h>
#include <unicode/utext.h>
#include <unicode/uversion.h>

#include <cstdio>
#include <cstring>
#include <vector>

using icu::Normalizer2;
using icu::StringPiece;

static void copy_message(char *err, size_t errlen, const char *message) {
    if (err == nullptr || errlen == 0) return;
    std::snprintf(err, errlen, "%s", message);
}

struct SluiceNormalizer;  // never defined: a handle is really a `const Normalizer2 *`

extern "C" const SluiceNormalizer *sluice_normalizer_get(int form, char *err, size_t errlen) {
    UErrorCode status = U_ZERO_ERROR;
    const Normalizer2 *n = nullptr;
    switch (form) {
    case SLUICE_FORM_NFC: n = Normalizer2::getNFCInstance(status); break;
    case SLUICE_FORM_NFD: n = Normalizer2::getNFDInstance(status); break;
    case SLUICE_FORM_NFKC: n = Normalizer2::getNFKCInstance(status); break;
    case SLUICE_FORM_NFKD: n = Normalizer2::getNFKDInstance(status); break;
    case SLUICE_FORM_NFKC_CASEFOLD: n = Normalizer2::getNFKCCasefoldInstance(status); break;
    default: copy_message(err, errlen, "unknown normalization form"); return nullptr;
    }
    if (U_FAILURE(status) || n == nullptr) {
        copy_message(err, errlen, u_errorName(status));
        return nullptr;
    }
    return reinterpret_cast<const SluiceNormalizer *>(n);
}

static const Normalizer2 *as_normalizer(const SluiceNormalizer *n) {
    return reinterpret_cast<const Normalizer2 *>(n);
}

namespace {
// A ByteSink that fills a fixed buffer and counts what did not fit.
class CountingArraySink : public icu::ByteSink {
  public:
    CountingArraySink(uint8_t *dst, int32_t cap) : dst_(dst), cap_(cap) {}
    void Append(const char *bytes, int32_t n) override {
        if (n <= 0) return;
        if (size_ + n <= cap_) {
            if (reinterpret_cast<const char *>(dst_ + size_) != bytes) {
                std::memcpy(dst_ + size_, bytes, static_cast<size_t>(n));
            }
        }
        size_ += n;
    }
    char *GetAppendBuffer(int32_t min_capacity, int32_t desired_capacity_hint, char *scratch,
                          int32_t scratch_capacity, int32_t *result_capacity) override {
        (void)desired_capacity_hint;
        int32_t room = cap_ - size_;
        if (room >= min_capacity && room > 0) {
            *result_capacity = room;
            return reinterpret_cast<char *>(dst_ + size_);
        }
        *result_capacity = scratch_capacity;
        return scratch;
    }
    int32_t size() const { return size_; }

  private:
    uint8_t *dst_;
    int32_t cap_;
    int32_t size_ = 0;
};
}  // namespace

extern "C" int32_t sluice_normalize_utf8(const SluiceNormalizer *n, const uint8_t *src,
                                         int32_t len, uint8_t *dst, int32_t cap) {
    UErrorCode status = U_ZERO_ERROR;
    CountingArraySink sink(dst, cap);
    as_normalizer(n)->normalizeUTF8(0, StringPiece(reinterpret_cast<const char *>(src), len),
                                    sink, nullptr, status);
    if (U_FAILURE(status)) return -1;
    return sink.size();
}

extern "C" int sluice_has_boundary_before(const SluiceNormalizer *n, int32_t c) {
    return as_normalizer(n)->hasBoundaryBefore(c) ? 1 : 0;
}

// Letters, combining marks and decimal digits: the characters of words.
static int sluice_is_word_char(int32_t c) {
    if (u_isalpha(c) || u_isdigit(c)) return 1;
    int8_t t = u_charType(c);
    return (t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK || t == U_ENCLOSING_MARK)
               ? 1
               : 0;
}

extern "C" int sluice_char_flags(int32_t c) {
    int flags = 0;
    int8_t t = u_charType(c);
    switch (t) {
    case U_UPPERCASE_LETTER:
    case U_TITLECASE_LETTER: flags |= SLUICE_CHAR_WORD | SLUICE_CHAR_UPPER; break;
    case U_LOWERCASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_NON_SPACING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_ENCLOSING_MARK: flags |= SLUICE_CHAR_WORD; break;
    case U_DECIMAL_DIGIT_NUMBER: flags |= SLUICE_CHAR_WORD | SLUICE_CHAR_DIGIT; break;
    case U_DASH_PUNCTUATION:
    case U_START_PUNCTUATION:
    case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION:
    case U_OTHER_PUNCTUATION:
    case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION: flags |= SLUICE_CHAR_PUNCT; break;
    case U_MATH_SYMBOL:
    case U_CURRENCY_SYMBOL:
    case U_MODIFIER_SYMBOL:
    case U_OTHER_SYMBOL: flags |= SLUICE_CHAR_SYMBOL; break;
    default:
        if (u_isalpha(c)) flags |= SLUICE_CHAR_WORD;
        break;
    }
    // The scripts the scorer splits into single characters.
    if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x31F0 && c <= 0x31FF) ||
        (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFF66 && c <= 0xFF9F) ||
        (c >= 0x0E00 && c <= 0x0EFF) || (c >= 0x1780 && c <= 0x17FF) ||
        (c >= 0x1000 && c <= 0x109F) || (c >= 0x20000 && c <= 0x2FA1F)) {
        if (flags & SLUICE_CHAR_WORD) flags |= SLUICE_CHAR_SPLIT;
    }
    if (c >= 0x3041 && c <= 0x309F) flags |= SLUICE_CHAR_HIRAGANA;
    if (c >= 0xAC00 && c <= 0xD7A3) flags |= SLUICE_CHAR_HANGUL;
    return flags;
}

extern "C" uint32_t sluice_fold_info(int32_t c) {
    UErrorCode status = U_ZERO_ERROR;
    const Normalizer2 *n = Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) return SLUICE_FOLD_COMPLEX;
    uint32_t word = sluice_is_word_char(c) ? SLUICE_FOLD_WORD : 0;
    // When every code point of a text has a boundary before it (combines with nothing before
    // it) and maps to one code point that has one too, the text's normal form is the
    // concatenation of its code points' mappings: nothing composes or reorders across them.
    if (n->isInert(c)) return word | static_cast<uint32_t>(c);
    if (!n->hasBoundaryBefore(c)) return SLUICE_FOLD_COMPLEX | word;
    icu::UnicodeString mapped = n->normalize(icu::UnicodeString(c), status);
    if (U_FAILURE(status)) return SLUICE_FOLD_COMPLEX | word;
    if (mapped.isEmpty()) return SLUICE_FOLD_IGNORE;
    if (mapped.countChar32() != 1) {
        // Several code points (… → ...): a key separator when none is a word character and
        // none combines with what precedes it.
        for (int32_t i = 0; i < mapped.length(); i = mapped.moveIndex32(i, 1)) {
            UChar32 m = mapped.char32At(i);
            if (sluice_is_word_char(m) || !n->hasBoundaryBefore(m)) return SLUICE_FOLD_COMPLEX | word;
        }
        return 0;
    }
    UChar32 m = mapped.char32At(0);
    if (!n->hasBoundaryBefore(m)) return SLUICE_FOLD_COMPLEX | word;
    return (sluice_is_word_char(m) ? SLUICE_FOLD_WORD : 0) | static_cast<uint32_t>(m);
}

// ---- Regular expressions ----------------------------------------------------

struct SluiceRegex {
    URegularExpression *re;
    int32_t time_limit;  // a clone does not inherit the matcher's limit: set it again
    // The line being searched, in UTF-16: ICU's matcher runs its fast loop (MatchChunkAt) on
    // UTF-16 held whole in memory, and a slower one through UText callbacks on UTF-8.
    std::vector<UChar> utf16;
};

// Converts the `len` bytes of valid UTF-8 at `text` into `out`; returns the number of UTF-16
// units, or -1 on failure. ASCII is widened directly.
static int32_t to_utf16(const uint8_t *text, int32_t len, std::vector<UChar> &out) {
    if (static_cast<int32_t>(out.size()) < len + 1) out.resize(static_cast<size_t>(len) + 1);
    int32_t i = 0;
    while (i < len && text[i] < 0x80) {
        out[i] = text[i];
        i++;
    }
    if (i == len) return len;
    UErrorCode status = U_ZERO_ERROR;
    int32_t rest = 0;
    u_strFromUTF8(out.data() + i, static_cast<int32_t>(out.size()) - i, &rest,
                  reinterpret_cast<const char *>(text + i), len - i, &status);
    return U_SUCCESS(status) ? i + rest : -1;
}

// The UTF-16 index of byte offset `offset` in valid UTF-8.
static int32_t utf16_index(const uint8_t *text, int32_t offset) {
    int32_t units = 0;
    for (int32_t i = 0; i < offset; i++) {
        uint8_t b = text[i];
        if ((b & 0xC0) != 0x80) units += b >= 0xF0 ? 2 : 1;
    }
    return units;
}

// The byte offset in UTF-8 of UTF-16 index `index`.
static int32_t utf8_offset(const UChar *units, int32_t index) {
    int32_t bytes = 0;
    for (int32_t k = 0; k < index; k++) {
        UChar u = units[k];
        if (u < 0x80) bytes += 1;
        else if (u < 0x800) bytes += 2;
        else if (U16_IS_LEAD(u)) { bytes += 4; k++; }
        else bytes += 3;
    }
    return bytes;
}

extern "C" SluiceRegex *sluice_regex_compile(const uint8_t *pattern, int32_t len,
                                             int case_insensitive, int32_t time_limit,
                                             char *err, size_t errlen, int32_t *err_line,
                                             int32_t *err_col) {
    UErrorCode status = U_ZERO_ERROR;
    UParseError pe;
    std::memset(&pe, 0, sizeof pe);
    if (err_line) *err_line = 0;
    if (err_col) *err_col = 0;
    uint32_t flags = case_insensitive ? UREGEX_CASE_INSENSITIVE : 0;
    UText patternText = UTEXT_INITIALIZER;
    utext_openUTF8(&patternText, reinterpret_cast<const char *>(pattern), len, &status);
    URegularExpression *re = uregex_openUText(&patternText, flags, &pe, &status);
    utext_close(&patternText);
    if (U_FAILURE(status)) {
        copy_message(err, errlen, u_errorName(status));
        if (err_line) *err_line = pe.line > 0 ? pe.line : 1;
        if (err_col) *err_col = pe.offset >= 0 ? pe.offset + 1 : 0;
        if (re) uregex_close(re);
        return nullptr;
    }
    if (time_limit > 0) uregex_setTimeLimit(re, time_limit, &status);
    auto *out = new SluiceRegex;
    out->re = re;
    out->time_limit = time_limit;
    return out;
}

extern "C" SluiceRegex *sluice_regex_clone(const SluiceRegex *re) {
    UErrorCode status = U_ZERO_ERROR;
    URegularExpression *copy = uregex_clone(re->re, &status);
    if (U_FAILURE(status)) return nullptr;
    if (re->time_limit > 0) uregex_setTimeLimit(copy, re->time_limit, &status);
    auto *out = new SluiceRegex;
    out->re = copy;
    out->time_limit = re->time_limit;
    return out;
}

extern "C" void sluice_regex_free(SluiceRegex *re) {
    if (re == nullptr) return;
    uregex_close(re->re);
    delete re;
}

extern "C" int sluice_regex_find(SluiceRegex *re, const uint8_t *text, int32_t len, int32_t from,
                                 int32_t *start, int32_t *end) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t units = to_utf16(text, len, re->utf16);
    if (units < 0) return SLUICE_REGEX_ERROR;
    const UChar *u16 = re->utf16.data();
    uregex_setText(re->re, u16, units, &status);
    if (U_FAILURE(status)) return SLUICE_REGEX_ERROR;
    UBool found = uregex_find(re->re, units == len ? from : utf16_index(text, from), &status);
    if (status == U_REGEX_TIME_OUT || status == U_REGEX_STACK_OVERFLOW) return SLUICE_REGEX_TIME_OUT;
    if (U_FAILURE(status)) return SLUICE_REGEX_ERROR;
    if (!found) return SLUICE_REGEX_NO_MATCH;
    int32_t s16 = uregex_start(re->re, 0, &status);
    int32_t e16 = uregex_end(re->re, 0, &status);
    if (U_FAILURE(status)) return SLUICE_REGEX_ERROR;
    *start = units == len ? s16 : utf8_offset(u16, s16);
    *end = units == len ? e16 : utf8_offset(u16, e16);
    return SLUICE_REGEX_MATCH;
}

extern "C" const char *sluice_icu_version(void) { return U_ICU_VERSION; }

extern "C" int32_t sluice_case_closure(int32_t c, int32_t *out, int32_t capacity) {
    icu::UnicodeSet set(c, c);
    set.closeOver(USET_CASE_INSENSITIVE);
    int32_t n = 0;
    auto put = [&](UChar32 x) {
        if (n < capacity) out[n] = x;
        n++;
    };
    for (int32_t r = 0; r < set.getRangeCount(); r++) {
        for (UChar32 x = set.getRangeStart(r); x <= set.getRangeEnd(r); x++) put(x);
    }
    icu::UnicodeSetIterator it(set);
    while (it.next()) {
        if (it.isString() && it.getString().length() > 0) put(it.getString().char32At(0));
    }
    return n;
}
