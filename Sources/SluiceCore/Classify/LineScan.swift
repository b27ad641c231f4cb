/// One pass over the UTF-8 bytes of one cleaned line, counting what the classifier's features
/// are made of: words, letters, stopwords per language, punctuation, bullets, separators.
///
/// Words are what the scorer counts: runs of word characters (`\w`), except that each
/// character of a script written without spaces (Han, kana, Thai, …) is a word by itself.
///
///     var scan = LineScan()
///     scan.scan(bytes("• Sign In | Subscribe"), stopwords: Stopwords.shared)
///     scan.words        // 3
///     scan.bullet       // true
///     scan.separators   // 1
struct LineScan {
    /// Bytes in the line.
    var bytes: Int32 = 0
    /// Code points that are not spaces.
    var chars: Int32 = 0
    /// Words, as the scorer counts them.
    var words: Int32 = 0
    /// Code points inside words.
    var wordChars: Int32 = 0
    /// Letters, and uppercase letters among them.
    var letters: Int32 = 0
    var upper: Int32 = 0
    var digits: Int32 = 0
    /// Words (of spaced scripts) that start with a letter, and those of them that start uppercase.
    var alphaWords: Int32 = 0
    var titleWords: Int32 = 0
    var punct: Int32 = 0
    var symbols: Int32 = 0
    /// Sentence ends: `. ! ? 。 ！ ？ …` after a word, followed by a space or the end.
    var sentenceEnds: Int32 = 0
    /// Commas and semicolons (`, ; ， 、 ；`).
    var commas: Int32 = 0
    /// Separators standing alone between spaces or at the start: `| / • · » › > ~ - –`.
    var separators: Int32 = 0
    /// Words with a lowercase letter followed by an uppercase one inside them ("StandWarren"):
    /// a headline glued to its teaser, or a run of menu labels without spaces.
    var glued: Int32 = 0
    /// Japanese function characters (hiragana) and Korean words ending in a particle syllable.
    var function: Int32 = 0
    /// Stopwords per language bit.
    var stopHits = SIMD16<UInt16>()
    var endsTerminal = false
    var endsColon = false
    var bullet = false
    /// The line starts with a dash (`- – —`): a list item, or a line of dialogue or an interview
    /// answer in many languages (ru, pt, es, it, ca, fr …).
    var dashLead = false
    var startsLower = false
    var hasURL = false
    var hasCopyright = false
    var hasAt = false
    /// A hash of the whole line, to find lines that repeat in the document.
    var lineHash: UInt64 = 0
    /// Words of spaced scripts (those hashed for the stoplists and the lexicon), and the sum,
    /// largest and smallest of their lexicon scores (a word not in the lexicon scores 0; all 0
    /// without a lexicon or without such words).
    var lexWords: Int32 = 0
    var lexSum: Float = 0
    var lexMax: Float = 0
    var lexMin: Float = 0

    /// Lane k holds bit k: a stopword's language bits, spread over the lanes by one compare.
    private static let languageBits = SIMD16<UInt16>(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048,
                                                     4096, 8192, 16384, 32768)

    /// Korean particles and endings that close a word of running text.
    @inline(__always)
    private static func isParticle(_ c: UInt32) -> Bool {
        switch c {
        case 0xC740, 0xB294, 0xC774, 0xAC00, 0xC744, 0xB97C, 0xC5D0, 0xC758, 0xB85C, 0xC640,
             0xACFC, 0xB3C4, 0xB2E4, 0xACE0, 0xC11C, 0xBA70, 0xBA74, 0xD55C, 0xB41C, 0xD560,
             0xD574, 0xC694:
            // 은 는 이 가 을 를 에 의 로 와 과 도 다 고 서 며 면 한 된 할 해 요
            return true
        default: return false
        }
    }

    /// The word being read: its length in code points, its hash so far, whether its last
    /// character is a lowercase letter, and its last character when that is a Hangul syllable
    /// (0 otherwise).
    private struct Word {
        var length = 0
        var hash = StopwordTable.seed
        var previousLower = false
        var lastHangul: UInt32 = 0
        /// Where the word's bytes start and end in the line (for a `LineWordVisitor`).
        var start = 0
        var end = 0
    }

    /// Ends `word` (which has at least one character): counts it when it is a stopword, adds its
    /// lexicon score, counts a Korean particle ending it, and shows it to `visitor`.
    @inline(__always)
    private mutating func end<V: LineWordVisitor>(_ word: inout Word, stops: inout SIMD16<UInt16>,
                                                  stopwords: StopwordTable, lexicon: LineLexicon,
                                                  visitor: inout V) {
        visitor.visit(start: word.start, end: word.end)
        lexWords += 1
        if !lexicon.isEmpty {
            let v = lexicon.score(word.hash) ?? 0
            lexSum += v
            lexMax = max(lexMax, v)
            lexMin = min(lexMin, v)
        }
        if word.length <= 16 {
            let mask = stopwords.lookup(word.hash)
            if mask != 0 {
                let hit = SIMD16<UInt16>(repeating: mask) & LineScan.languageBits .== LineScan.languageBits
                stops &+= SIMD16<UInt16>(repeating: 0).replacing(with: 1, where: hit)
            }
        }
        if word.lastHangul != 0 && LineScan.isParticle(word.lastHangul) { function += 1 }
        word = Word()
    }

    /// Counts `line` (valid UTF-8, cleaned: no control characters, single spaces); `lexicon`
    /// scores its words (`LineLexicon`).
    mutating func scan(_ line: UnsafeRawBufferPointer, stopwords: StopwordTable, lexicon: LineLexicon = .empty) {
        var none = NoWordVisitor()
        scan(line, stopwords: stopwords, lexicon: lexicon, visitor: &none)
    }

    /// `scan`, showing `visitor` each word it hashes for the stoplists and the lexicon.
    mutating func scan<V: LineWordVisitor>(_ line: UnsafeRawBufferPointer, stopwords: StopwordTable,
                                           lexicon: LineLexicon, visitor: inout V) {
        self = LineScan()
        lexMax = -.infinity
        lexMin = .infinity
        let n = line.count
        bytes = Int32(truncatingIfNeeded: n)
        guard n > 0, let base = line.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        lineHash = ByteHash.of(base, count: n)
        let bmp = CharClass.bmp
        let upperShift = UInt32(CharClass.upper.trailingZeroBitCount)
        let digitShift = UInt32(CharClass.digit.trailingZeroBitCount)

        var i = 0
        var word = Word()
        var previous: UInt32 = 0x20        // the code point before the current one
        var previousFlags: UInt8 = 0
        var pendingEnd = false              // a sentence-end mark, waiting to see what follows
        var lastNonClosing: UInt32 = 0      // the last code point that is not a closing quote
        var first = true
        var stops = SIMD16<UInt16>()
        var charStart = 0                   // where the current code point starts, when not ASCII

        while i < n {
            // Decode one code point.
            let b0 = base[i]
            var c: UInt32
            let f: UInt8
            if b0 < 0x80 {
                c = UInt32(b0)
                f = bmp[Int(b0)]
                if f & CharClass.word != 0 {
                    // A run of ASCII word characters (never split), in a loop of its own.
                    pendingEnd = false
                    if word.length == 0 {
                        words += 1
                        word.start = i
                        if f & CharClass.digit == 0 {
                            alphaWords += 1
                            if f & CharClass.upper != 0 { titleWords += 1 }
                        }
                        if first {
                            first = false
                            startsLower = f & (CharClass.digit | CharClass.upper) == 0
                        }
                    }
                    var j = i
                    var g = f
                    var b = b0
                    var hash = word.hash
                    var previousLower: UInt32 = word.previousLower ? 1 : 0
                    var runDigits: UInt32 = 0, runUpper: UInt32 = 0, runGlued: UInt32 = 0
                    while true {
                        // Arithmetic on the class bits, no branch: the classes of neighbouring
                        // characters are hard to predict.
                        let isUpper = UInt32(g & CharClass.upper) >> upperShift
                        let isDigit = UInt32(g & CharClass.digit) >> digitShift
                        runDigits &+= isDigit
                        runUpper &+= isUpper
                        runGlued &+= isUpper & previousLower
                        previousLower = 1 ^ (isUpper | isDigit)
                        hash = StopwordTable.hash(hash, lowered: UInt32(b) | isUpper << 5)
                        j &+= 1
                        if j >= n { break }
                        let next = base[j]
                        let nextFlags = bmp[Int(next)]
                        guard next < 0x80 && nextFlags & CharClass.word != 0 else { break }
                        b = next
                        g = nextFlags
                    }
                    let run = Int32(truncatingIfNeeded: j - i)
                    chars += run
                    wordChars += run
                    digits &+= Int32(runDigits)
                    letters &+= run &- Int32(runDigits)
                    upper &+= Int32(runUpper)
                    glued &+= Int32(runGlued)
                    word.length += j - i
                    word.end = j
                    word.hash = hash
                    word.previousLower = previousLower != 0
                    word.lastHangul = 0
                    lastNonClosing = UInt32(b)
                    previous = UInt32(b)
                    previousFlags = g
                    i = j
                    continue
                }
                if c == 0x2E && i >= 3 && base[i - 1] == 0x77 && base[i - 2] == 0x77 && base[i - 3] == 0x77 {
                    hasURL = true  // "www."
                }
                i += 1
                if c == 0x20 {
                    if word.length > 0 { end(&word, stops: &stops, stopwords: stopwords, lexicon: lexicon, visitor: &visitor) }
                    if pendingEnd { sentenceEnds += 1; pendingEnd = false }
                    previous = c
                    previousFlags = 0
                    continue
                }
            } else {
                charStart = i
                if b0 < 0xE0 {
                    c = (UInt32(b0 & 0x1F) << 6) | UInt32(base[min(i + 1, n - 1)] & 0x3F)
                    i += 2
                } else if b0 < 0xF0 {
                    c = (UInt32(b0 & 0x0F) << 12) | (UInt32(base[min(i + 1, n - 1)] & 0x3F) << 6)
                        | UInt32(base[min(i + 2, n - 1)] & 0x3F)
                    i += 3
                } else {
                    c = (UInt32(b0 & 0x07) << 18) | (UInt32(base[min(i + 1, n - 1)] & 0x3F) << 12)
                        | (UInt32(base[min(i + 2, n - 1)] & 0x3F) << 6) | UInt32(base[min(i + 3, n - 1)] & 0x3F)
                    i += 4
                }
                f = CharClass.flags(c, bmp: bmp)
            }
            chars += 1

            if f & CharClass.word != 0 {
                pendingEnd = false
                wordChars += 1
                let isDigit = f & CharClass.digit != 0
                if isDigit { digits += 1 } else { letters += 1 }
                if f & CharClass.upper != 0 { upper += 1 }
                if f & CharClass.split != 0 {
                    if word.length > 0 { end(&word, stops: &stops, stopwords: stopwords, lexicon: lexicon, visitor: &visitor) }
                    words += 1
                    if f & CharClass.hiragana != 0 { function += 1 }
                    if first { first = false }
                } else {
                    if word.length == 0 {
                        words += 1
                        word.start = charStart
                        if !isDigit {
                            alphaWords += 1
                            if f & CharClass.upper != 0 { titleWords += 1 }
                        }
                        if first {
                            first = false
                            startsLower = !isDigit && f & CharClass.upper == 0 && c < 0x2E80
                        }
                    }
                    word.length += 1
                    word.end = i
                    word.hash = StopwordTable.hash(word.hash, c)
                    if !isDigit {
                        let isUpper = f & CharClass.upper != 0
                        if isUpper && word.previousLower { glued += 1 }
                        word.previousLower = !isUpper
                    } else {
                        word.previousLower = false
                    }
                    word.lastHangul = f & CharClass.hangul != 0 ? c : 0
                }
                lastNonClosing = c
            } else {
                if word.length > 0 { end(&word, stops: &stops, stopwords: stopwords, lexicon: lexicon, visitor: &visitor) }
                if f & CharClass.punct != 0 { punct += 1 }
                if f & CharClass.symbol != 0 { symbols += 1 }
                switch c {
                case 0x2E, 0x21, 0x3F, 0x3002, 0xFF01, 0xFF1F, 0x2026:  // . ! ? 。 ！ ？ …
                    if previousFlags & CharClass.word != 0 || pendingEnd { pendingEnd = true }
                    if c >= 0x3002 && c != 0x2026 { sentenceEnds += 1; pendingEnd = false }
                    lastNonClosing = c
                case 0x2C, 0x3B, 0xFF0C, 0x3001, 0xFF1B:  // , ; ， 、 ；
                    commas += 1
                    lastNonClosing = c
                case 0x22, 0x27, 0x29, 0x5D, 0x2019, 0x201D, 0xBB, 0x300D, 0x300F, 0xFF09:
                    break  // closing quotes and brackets: the sentence end before them stands
                case 0xA9:
                    hasCopyright = true
                    lastNonClosing = c
                case 0x40:
                    hasAt = true
                    lastNonClosing = c
                default:
                    lastNonClosing = c
                }
                switch c {
                case 0x7C, 0x2F, 0x2022, 0xB7, 0xBB, 0x203A, 0x3E, 0x7E, 0x2D, 0x2013, 0x2014, 0x25AA, 0x25BA:
                    if first {
                        if c == 0x2022 || c == 0xB7 || c == 0x25AA || c == 0x25BA || c == 0x2D
                            || c == 0x2013 || c == 0x2014 || c == 0x3E || c == 0xBB { bullet = true }
                        if c == 0x2D || c == 0x2013 || c == 0x2014 { dashLead = true }
                    } else if previous == 0x20 && (i >= n || base[i] == 0x20) {
                        separators += 1  // standing alone between spaces
                    }
                default: break
                }
                if c == 0x2F && previous == 0x3A { hasURL = true }  // "://"
                if first { first = false }
            }
            previous = c
            previousFlags = f
        }
        if word.length > 0 { end(&word, stops: &stops, stopwords: stopwords, lexicon: lexicon, visitor: &visitor) }
        if pendingEnd { sentenceEnds += 1 }
        if lexWords == 0 || lexicon.isEmpty { lexMax = 0; lexMin = 0 }
        switch lastNonClosing {
        case 0x2E, 0x21, 0x3F, 0x3002, 0xFF01, 0xFF1F, 0x2026: endsTerminal = true
        case 0x3A, 0xFF1A: endsColon = true
        default: break
        }
        stopHits = stops
    }
}

/// Sees each word `LineScan` hashes for the stoplists and the lexicon (the words of spaced
/// scripts), as the byte range `start..<end` of the line. `LineLexicon.words(of:)` collects them
/// for training; the classifier's own scan passes `NoWordVisitor`, which costs nothing.
protocol LineWordVisitor {
    mutating func visit(start: Int, end: Int)
}

/// The visitor that ignores every word.
struct NoWordVisitor: LineWordVisitor {
    @inline(__always)
    mutating func visit(start: Int, end: Int) {}
}
