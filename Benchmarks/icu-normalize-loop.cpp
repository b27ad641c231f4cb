// icu-normalize-loop: the floor for NFC normalization with ICU, as a minimal C++ filter.
//
// Reads standard input line by line (getline(3)), calls ICU's
// icu::Normalizer2::getNFCInstance()->normalizeUTF8() on each line (without its "\n"),
// and writes the result and the "\n" to standard output through one large stdio buffer.
// With --skip-ascii, lines that are pure ASCII (already NFC) are written as they are,
// without calling ICU. Nothing else: no UTF-8 repair, no hygiene, no rules.
//
// scripts/bench compiles it with:
//   g++ -O2 -o .bench/icu-normalize-loop Benchmarks/icu-normalize-loop.cpp $(pkg-config --cflags --libs icu-uc)
// and runs:
//   .bench/icu-normalize-loop [--skip-ascii] < input.txt | cat > /dev/null

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/stringpiece.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

// True when no byte has its high bit set; stops at the first one that does.
static bool isASCII(const char *p, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        std::memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ULL) return false;
    }
    for (; i < n; i++)
        if (static_cast<unsigned char>(p[i]) & 0x80) return false;
    return true;
}

int main(int argc, char **argv) {
    bool skipASCII = argc > 1 && std::strcmp(argv[1], "--skip-ascii") == 0;
    if (argc > 1 && !skipASCII) {
        std::fprintf(stderr, "usage: %s [--skip-ascii] < in > out\n", argv[0]);
        return 2;
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2 *nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) {
        std::fprintf(stderr, "getNFCInstance: %s\n", u_errorName(status));
        return 1;
    }
    static char outbuf[1 << 16];
    std::setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);

    char *line = nullptr;
    size_t cap = 0;
    ssize_t len;
    std::string out;
    while ((len = getline(&line, &cap, stdin)) != -1) {
        size_t n = static_cast<size_t>(len);
        bool newline = n > 0 && line[n - 1] == '\n';
        if (newline) n--;
        if (skipASCII && isASCII(line, n)) {
            std::fwrite(line, 1, static_cast<size_t>(len), stdout);
            continue;
        }
        out.clear();
        icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(n));
        status = U_ZERO_ERROR;
        nfc->normalizeUTF8(0, icu::StringPiece(line, static_cast<int32_t>(n)), sink, nullptr, status);
        if (U_FAILURE(status)) {
            std::fprintf(stderr, "normalizeUTF8: %s\n", u_errorName(status));
            return 1;
        }
        if (newline) out.push_back('\n');
        std::fwrite(out.data(), 1, out.size(), stdout);
    }
    std::free(line);
    return std::fflush(stdout) == 0 ? 0 : 1;
}
