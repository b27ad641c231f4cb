/// The line classifier's features: for every line of a document, a fixed vector of numbers
/// computed from the line's own text (length, stopwords, punctuation, shape), its neighbours
/// (jusText's context), runs of list-like lines, the segment of prose or other lines holding it,
/// its position, the document's main region (the dense span of prose that is usually the
/// article), and a learned noise score of its words (`lexicon`, from the model).
///
/// `sluice features` prints exactly these values, and the model is trained on them, so
/// training and run time cannot disagree. Values are `Float` and printed in their shortest
/// exact form. Blank lines get a row of zeros and no decision.
///
///     let extractor = FeatureExtractor()
///     extractor.extract(lines)            // lines: DocumentLines
///     extractor.value(line: 3, .stopDensity)
///
/// `docs/CLASSIFIER.md` defines each feature.
public final class FeatureExtractor {
    /// The features, in column order. Raw values are the names in `docs/CLASSIFIER.md`.
    public enum Feature: Int, CaseIterable, Sendable {
        // length
        case wordsLog, charsLog, meanWordLength
        // stopwords
        case stopDensity, stopCountLog, stopRelative
        // punctuation
        case endsTerminal, endsColon, sentencesLog, commaDensity, punctRatio, symbolRatio
        // shape
        case upperRatio, titleRatio, digitRatio, bullet, separatorsLog, hasURL, hasCopyright,
             hasAt, startsLower, repeatsLog, wordsRelative
        // context
        case blankBefore, blankAfter, prevWordsLog, nextWordsLog, prevStop, nextStop,
             prevTerminal, nextTerminal, prevBullet, nextBullet, window3Words, window3Stop,
             window3Terminal, window10Prose
        // runs
        case bulletRunLog, shortRunLog
        // position
        case position, wordPosition
        // main region
        case inMain, mainDistanceLog, beforeMain, afterMain, mainShare, mainWordDistanceLog
        // document
        case docLinesLog, docBulletShare, docShortShare, docProseShare
        // a shape and a document feature
        case gluedLog, wordsShare
        // segment: the run of prose, or of other lines, holding the line
        case segmentLinesLog, segmentLargestRelative, segmentStop, segmentDigitShare,
             segmentShapeRepeat, segmentMainShare, segmentMeanWordsLog
        // lexicon: the words' learned noise scores (`LineLexicon`)
        case lexMean, lexMax, lexMin
        // score context: filled by `fillScoreContext` from a first stage's scores
        case scoreSelf, scorePrev, scoreNext, scoreWindow2, scoreWindow5, scoreMaxBefore,
             scoreMaxAfter, scoreBetween, docKeptShare, keptBefore, inKept, keptDistanceLog

        /// The name in `sluice features` output and in model files.
        public var name: String { FeatureExtractor.names[rawValue] }
    }

    /// Column names, in order.
    public static let names: [String] = [
        "words_log", "chars_log", "mean_word_len",
        "stop_density", "stop_count_log", "stop_rel",
        "ends_terminal", "ends_colon", "sentences_log", "comma_density", "punct_ratio", "symbol_ratio",
        "upper_ratio", "title_ratio", "digit_ratio", "bullet", "separators_log", "has_url",
        "has_copyright", "has_at", "starts_lower", "repeats_log", "words_rel",
        "blank_before", "blank_after", "prev_words_log", "next_words_log", "prev_stop", "next_stop",
        "prev_terminal", "next_terminal", "prev_bullet", "next_bullet", "win3_words", "win3_stop",
        "win3_terminal", "win10_prose",
        "bullet_run_log", "short_run_log",
        "position", "word_position",
        "in_main", "main_dist_log", "before_main", "after_main", "main_share", "main_word_dist_log",
        "doc_lines_log", "doc_bullet_share", "doc_short_share", "doc_prose_share",
        "glued_log", "words_share",
        "seg_lines_log", "seg_largest_rel", "seg_stop", "seg_digit_share",
        "seg_shape_repeat", "seg_main_share", "seg_mean_words_log",
        "lex_mean", "lex_max", "lex_min",
        "s_self", "s_prev", "s_next", "s_win2", "s_win5", "s_max_before", "s_max_after",
        "s_between", "doc_kept_share", "kept_before", "in_kept", "kept_dist_log",
    ]

    /// The signal group of each feature, for `--explain` and the ablation table.
    public static let groups: [String] = [
        "length", "length", "length",
        "stopwords", "stopwords", "stopwords",
        "punctuation", "punctuation", "punctuation", "punctuation", "punctuation", "punctuation",
        "shape", "shape", "shape", "link-list run", "link-list run", "shape",
        "shape", "shape", "shape", "shape", "length",
        "context", "context", "context", "context", "context", "context",
        "context", "context", "link-list run", "link-list run", "context", "context",
        "context", "context",
        "link-list run", "link-list run",
        "position", "position",
        "main region", "main region", "main region", "main region", "main region", "main region",
        "document", "document", "document", "document",
        "shape", "document",
        "segment", "segment", "segment", "segment", "segment", "segment", "segment",
        "lexicon", "lexicon", "lexicon",
        "context pass", "context pass", "context pass", "context pass", "context pass", "context pass",
        "context pass", "context pass", "context pass", "context pass", "context pass", "context pass",
    ]

    /// The first column of the score context, which `extract` leaves at zero.
    public static let firstScoreColumn = Feature.scoreSelf.rawValue

    /// The number of features.
    public static let count = names.count

    private let stopwords = Stopwords.shared
    /// The words' noise scores behind `lex_mean`, `lex_max`, `lex_min` (a `LineClassifier` sets
    /// its model's); empty, those features are 0.
    public var lexicon = LineLexicon.empty
    private var scans: [LineScan] = []
    private var stopCounts: [Float] = []
    /// The non-blank lines, by index into the document.
    private var textLines: [Int] = []
    /// How often each line (by hash) occurs in the document.
    private var lineCounts = HashCounter()
    /// Row-major values: `count` rows of `FeatureExtractor.count`.
    public private(set) var values: [Float] = []
    /// The number of rows (the document's lines).
    public private(set) var rows = 0
    /// The language bit chosen for the last document (an index into the stopword lists).
    public private(set) var languageIndex = 0

    public init() {}

    /// The code of the language whose stopwords the last document used, e.g. `en`.
    public var language: String { Stopwords.languages[languageIndex] }

    /// The value of `feature` for line `line` of the last document.
    @inline(__always)
    public func value(line: Int, _ feature: Feature) -> Float {
        values[line * FeatureExtractor.count + feature.rawValue]
    }

    /// The words of line `line` of the last document (0 for a blank line).
    public func words(line: Int) -> Int { Int(scans[line].words) }

    /// The features of line `line`, valid until the next `extract`.
    public func row(_ line: Int) -> ArraySlice<Float> {
        values[line * FeatureExtractor.count ..< (line + 1) * FeatureExtractor.count]
    }

    /// The score context of jusText's second pass, from a first model's `scores` (one per line of
    /// the last document; blank lines ignored): each line's own score, its neighbours', the
    /// best score within three lines before and after, and the span of kept text (Kadane again,
    /// each text line weighing `(score - 0.5) × (words + 1)`).
    public func fillScoreContext(scores: [Float]) {
        // Work on locals: no exclusivity checks on the class's storage in the loops.
        var values = self.values; self.values = []
        let scans = self.scans; self.scans = []
        let textLines = self.textLines; self.textLines = []
        let stopCounts = self.stopCounts; self.stopCounts = []
        defer {
            self.values = values; self.scans = scans; self.textLines = textLines; self.stopCounts = stopCounts
        }
        let m = textLines.count
        guard m > 0 else { return }
        let width = FeatureExtractor.count
        var s = [Float](repeating: 0, count: m)
        var w = [Float](repeating: 0, count: m)
        for t in 0..<m { s[t] = scores[textLines[t]]; w[t] = Float(scans[textLines[t]].words) + 1 }
        var prefix = [Float](repeating: 0, count: m + 1)
        var weighted = [Float](repeating: 0, count: m + 1)
        var weights = [Float](repeating: 0, count: m + 1)
        var kept = [Float](repeating: 0, count: m + 1)
        for t in 0..<m {
            prefix[t + 1] = prefix[t] + s[t]
            weighted[t + 1] = weighted[t] + s[t] * w[t]
            weights[t + 1] = weights[t] + w[t]
            kept[t + 1] = kept[t] + (s[t] >= 0.5 ? w[t] : 0)
        }
        let totalKept = kept[m]
        var bestSum: Float = 0, bestStart = 0, bestEnd = -1, sum: Float = 0, start = 0
        for t in 0..<m {
            if sum <= 0 { sum = 0; start = t }
            sum += (s[t] - 0.5) * w[t]
            if sum > bestSum { bestSum = sum; bestStart = start; bestEnd = t }
        }
        for t in 0..<m {
            let row = textLines[t] * width
            @inline(__always) func set(_ f: Feature, _ v: Float) { values[row + f.rawValue] = v }
            set(.scoreSelf, s[t])
            set(.scorePrev, t > 0 ? s[t - 1] : 0)
            set(.scoreNext, t + 1 < m ? s[t + 1] : 0)
            var lo = max(0, t - 2), hi = min(m, t + 3)
            set(.scoreWindow2, hi - lo > 1 ? (prefix[hi] - prefix[lo] - s[t]) / Float(hi - lo - 1) : 0)
            lo = max(0, t - 5); hi = min(m, t + 6)
            let ww = weights[hi] - weights[lo] - w[t]
            set(.scoreWindow5, ww > 0 ? (weighted[hi] - weighted[lo] - s[t] * w[t]) / ww : 0)
            var before: Float = 0, after: Float = 0
            for k in max(0, t - 3)..<t { before = max(before, s[k]) }
            for k in min(m, t + 1)..<min(m, t + 4) { after = max(after, s[k]) }
            set(.scoreMaxBefore, before)
            set(.scoreMaxAfter, after)
            set(.scoreBetween, min(before, after))
            set(.docKeptShare, kept[m] / max(1, weights[m]))
            set(.keptBefore, totalKept > 0 ? kept[t] / totalKept : 0)
            let inside = t >= bestStart && t <= bestEnd
            set(.inKept, inside ? 1 : 0)
            let distance = bestEnd < bestStart ? m : (inside ? 0 : (t < bestStart ? bestStart - t : t - bestEnd))
            set(.keptDistanceLog, log2(1 + Float(distance)))
        }
    }

    /// Computes the features of every line of `lines`.
    public func extract(_ lines: DocumentLines) {
        // Work on locals: no exclusivity checks on the class's storage in the loops.
        var values = self.values; self.values = []
        var scans = self.scans; self.scans = []
        var textLines = self.textLines; self.textLines = []
        var stopCounts = self.stopCounts; self.stopCounts = []
        var lineCounts = self.lineCounts; self.lineCounts = HashCounter()
        defer {
            self.values = values; self.scans = scans; self.textLines = textLines; self.stopCounts = stopCounts
            self.lineCounts = lineCounts
        }
        let n = lines.count
        rows = n
        let width = FeatureExtractor.count
        values.removeAll(keepingCapacity: true)
        values.append(contentsOf: repeatElement(0, count: n * width))
        scans.removeAll(keepingCapacity: true)
        textLines.removeAll(keepingCapacity: true)

        // Pass 1: scan every line; total the stopwords per language.
        var totals = SIMD16<UInt32>()
        var scan = LineScan()
        let lexicon = self.lexicon
        for i in 0..<n {
            scan.scan(lines[i], stopwords: stopwords, lexicon: lexicon)
            if scan.bytes > 0 {
                textLines.append(i)
                totals &+= SIMD16<UInt32>(truncatingIfNeeded: scan.stopHits)
            }
            scans.append(scan)
        }
        var best = 0
        for k in 0..<Stopwords.languages.count where totals[k] > totals[best] { best = k }
        languageIndex = best

        let m = textLines.count
        guard m > 0 else { return }

        // Per text line: the values the context and main region use.
        stopCounts.removeAll(keepingCapacity: true)
        var wordsLog = [Float](repeating: 0, count: m)
        var stop = [Float](repeating: 0, count: m)
        var terminal = [Float](repeating: 0, count: m)
        var bullets = [Float](repeating: 0, count: m)
        var prose = [Float](repeating: 0, count: m)
        var short = [Bool](repeating: false, count: m)
        var wordsBefore = [Float](repeating: 0, count: m + 1)
        lineCounts.reset(for: m)
        for t in 0..<m {
            let s = scans[textLines[t]]
            let w = Float(s.words)
            let fn = Float(s.stopHits[best]) + Float(s.function)
            stopCounts.append(fn)
            wordsLog[t] = log2(1 + w)
            stop[t] = s.words > 0 ? min(1, fn / w) : 0
            terminal[t] = s.endsTerminal ? 1 : 0
            bullets[t] = s.bullet ? 1 : 0
            // A dash-led line of sentences is dialogue or an interview answer, not a list item.
            let isProse = s.words >= 8 && (s.endsTerminal || s.sentenceEnds > 0) && (!s.bullet || s.dashLead)
            prose[t] = isProse ? 1 : 0
            short[t] = s.words < 8 && !s.endsTerminal
            wordsBefore[t + 1] = wordsBefore[t] + w
            lineCounts.add(s.lineHash)
        }
        let totalWords = max(1, wordsBefore[m])

        // The main region: the span of text lines with the largest sum of weights, where prose
        // weighs its words and every other line a penalty (Kadane's maximum subarray).
        var bestSum: Float = 0, bestStart = 0, bestEnd = -1
        var sum: Float = 0, start = 0
        for t in 0..<m {
            let w = Float(scans[textLines[t]].words)
            let weight: Float = prose[t] > 0 ? w : -(2 + 0.5 * w)
            if sum <= 0 { sum = 0; start = t }
            sum += weight
            if sum > bestSum { bestSum = sum; bestStart = start; bestEnd = t }
        }
        let hasMain = bestEnd >= bestStart
        let mainWords = hasMain ? wordsBefore[bestEnd + 1] - wordsBefore[bestStart] : 0
        let mainShare = mainWords / totalWords

        // Reference stopword density and length: those of the main region's prose.
        var refStop: Float = 0, refWords: Float = 0, refCount: Float = 0
        if hasMain {
            for t in bestStart...bestEnd where prose[t] > 0 {
                refStop += stop[t]; refWords += wordsLog[t]; refCount += 1
            }
        }
        if refCount > 0 { refStop /= refCount; refWords /= refCount } else { refStop = 0.3; refWords = 4 }

        // The document as a whole: how list-like and how prose-like it is.
        var bulletLines: Float = 0, shortLines: Float = 0, proseWords: Float = 0
        for t in 0..<m {
            bulletLines += bullets[t]
            if short[t] { shortLines += 1 }
            if prose[t] > 0 { proseWords += Float(scans[textLines[t]].words) }
        }
        let docLines = log2(1 + Float(m))
        let docBullets = bulletLines / Float(m)
        let docShort = shortLines / Float(m)
        let docProse = proseWords / totalWords

        // Runs: bullets, and short lines without a sentence end, over text lines.
        var bulletRun = [Float](repeating: 0, count: m)
        var shortRun = [Float](repeating: 0, count: m)
        func fillRuns(_ flag: (Int) -> Bool, into out: inout [Float]) {
            var t = 0
            while t < m {
                guard flag(t) else { t += 1; continue }
                var e = t
                while e + 1 < m && flag(e + 1) { e += 1 }
                let v = log2(Float(e - t + 2))
                for k in t...e { out[k] = v }
                t = e + 1
            }
        }
        fillRuns({ bullets[$0] > 0 }, into: &bulletRun)
        fillRuns({ short[$0] }, into: &shortRun)

        // Segments: maximal runs of prose lines or of other lines. Per segment: its lines, words,
        // function words, lines with a digit, lines shaped like the line before, lines in the
        // main region; `segmentOf` maps a text line to its segment.
        var segmentOf = [Int32](repeating: 0, count: m)
        var segLines: [Float] = [], segWords: [Float] = [], segStop: [Float] = []
        var segDigits: [Float] = [], segRepeats: [Float] = [], segMain: [Float] = []
        var previousShape: UInt32 = 0
        for t in 0..<m {
            let s = scans[textLines[t]]
            // The shape: bullet, words in buckets of four up to 12, a digit, a sentence end.
            let shape = UInt32(bullets[t]) | UInt32(min(s.words, 12) / 4) << 1
                | (s.digits > 0 ? 8 : 0) | UInt32(terminal[t]) << 4
            if t == 0 || prose[t] != prose[t - 1] {
                segLines.append(0); segWords.append(0); segStop.append(0)
                segDigits.append(0); segRepeats.append(0); segMain.append(0)
            } else if shape == previousShape {
                segRepeats[segRepeats.count - 1] += 1
            }
            previousShape = shape
            let g = segLines.count - 1
            segmentOf[t] = Int32(g)
            let w = Float(s.words)
            segLines[g] += 1
            segWords[g] += w
            segStop[g] += stop[t] * w
            if s.digits > 0 { segDigits[g] += 1 }
            if t >= bestStart && t <= bestEnd { segMain[g] += 1 }
        }
        let largestSegmentLog = log2(1 + (segWords.max() ?? 0))

        // Window means over text lines, the line itself left out.
        var prefixWords = [Float](repeating: 0, count: m + 1)
        var prefixStop = [Float](repeating: 0, count: m + 1)
        var prefixTerminal = [Float](repeating: 0, count: m + 1)
        var prefixProse = [Float](repeating: 0, count: m + 1)
        for t in 0..<m {
            prefixWords[t + 1] = prefixWords[t] + wordsLog[t]
            prefixStop[t + 1] = prefixStop[t] + stop[t]
            prefixTerminal[t + 1] = prefixTerminal[t] + terminal[t]
            prefixProse[t + 1] = prefixProse[t] + prose[t]
        }
        @inline(__always) func window(_ p: [Float], _ t: Int, _ r: Int, _ own: Float) -> Float {
            let lo = max(0, t - r), hi = min(m, t + r + 1)
            let k = hi - lo - 1
            return k > 0 ? (p[hi] - p[lo] - own) / Float(k) : 0
        }

        for t in 0..<m {
            let i = textLines[t]
            let s = scans[i]
            let w = Float(s.words)
            let chars = Float(max(1, s.chars))
            let row = i * width
            @inline(__always) func set(_ f: Feature, _ v: Float) { values[row + f.rawValue] = v }
            @inline(__always) func flag(_ b: Bool) -> Float { b ? 1 : 0 }

            set(.wordsLog, wordsLog[t])
            set(.charsLog, log2(1 + Float(s.chars)))
            set(.meanWordLength, s.words > 0 ? min(20, Float(s.wordChars) / w) : 0)
            set(.stopDensity, stop[t])
            set(.stopCountLog, log2(1 + stopCounts[t]))
            set(.stopRelative, stop[t] / (refStop + 0.05))
            set(.endsTerminal, terminal[t])
            set(.endsColon, flag(s.endsColon))
            set(.sentencesLog, log2(1 + Float(s.sentenceEnds)))
            set(.commaDensity, s.words > 0 ? min(1, Float(s.commas) / w) : 0)
            set(.punctRatio, Float(s.punct) / chars)
            set(.symbolRatio, Float(s.symbols) / chars)
            set(.upperRatio, s.letters > 0 ? Float(s.upper) / Float(s.letters) : 0)
            set(.titleRatio, s.alphaWords > 0 ? Float(s.titleWords) / Float(s.alphaWords) : 0)
            set(.digitRatio, Float(s.digits) / chars)
            set(.bullet, bullets[t])
            set(.separatorsLog, log2(1 + Float(s.separators)))
            set(.hasURL, flag(s.hasURL))
            set(.hasCopyright, flag(s.hasCopyright))
            set(.hasAt, flag(s.hasAt))
            set(.startsLower, flag(s.startsLower))
            set(.repeatsLog, log2(Float(lineCounts.count(s.lineHash))))
            set(.wordsRelative, wordsLog[t] - refWords)

            set(.blankBefore, flag(i > 0 && lines.isBlank(i - 1)))
            set(.blankAfter, flag(i + 1 < n && lines.isBlank(i + 1)))
            if t > 0 {
                set(.prevWordsLog, wordsLog[t - 1]); set(.prevStop, stop[t - 1])
                set(.prevTerminal, terminal[t - 1]); set(.prevBullet, bullets[t - 1])
            }
            if t + 1 < m {
                set(.nextWordsLog, wordsLog[t + 1]); set(.nextStop, stop[t + 1])
                set(.nextTerminal, terminal[t + 1]); set(.nextBullet, bullets[t + 1])
            }
            set(.window3Words, window(prefixWords, t, 3, wordsLog[t]))
            set(.window3Stop, window(prefixStop, t, 3, stop[t]))
            set(.window3Terminal, window(prefixTerminal, t, 3, terminal[t]))
            set(.window10Prose, window(prefixProse, t, 10, prose[t]))
            set(.bulletRunLog, bulletRun[t])
            set(.shortRunLog, shortRun[t])
            set(.position, m > 1 ? Float(t) / Float(m - 1) : 0)
            set(.wordPosition, wordsBefore[t] / totalWords)

            if hasMain {
                let inside = t >= bestStart && t <= bestEnd
                let distance = inside ? 0 : (t < bestStart ? bestStart - t : t - bestEnd)
                let wordDistance: Float = inside ? 0
                    : (t < bestStart ? wordsBefore[bestStart] - wordsBefore[t + 1]
                                     : wordsBefore[t] - wordsBefore[bestEnd + 1])
                set(.inMain, flag(inside))
                set(.mainDistanceLog, log2(1 + Float(distance)))
                set(.beforeMain, flag(t < bestStart))
                set(.afterMain, flag(t > bestEnd))
                set(.mainWordDistanceLog, log2(1 + wordDistance))
            } else {
                set(.mainDistanceLog, log2(1 + Float(m)))
                set(.mainWordDistanceLog, log2(1 + totalWords))
            }
            set(.mainShare, mainShare)
            set(.docLinesLog, docLines)
            set(.docBulletShare, docBullets)
            set(.docShortShare, docShort)
            set(.docProseShare, docProse)

            set(.gluedLog, log2(1 + Float(s.glued)))
            set(.wordsShare, w / totalWords)

            let g = Int(segmentOf[t])
            let segmentLines = segLines[g], segmentWords = segWords[g]
            set(.segmentLinesLog, log2(1 + segmentLines))
            set(.segmentLargestRelative, log2(1 + segmentWords) - largestSegmentLog)
            set(.segmentStop, segmentWords > 0 ? min(1, segStop[g] / segmentWords) : 0)
            set(.segmentDigitShare, segDigits[g] / segmentLines)
            set(.segmentShapeRepeat, segmentLines > 1 ? segRepeats[g] / (segmentLines - 1) : 0)
            set(.segmentMainShare, segMain[g] / segmentLines)
            set(.segmentMeanWordsLog, log2(1 + segmentWords / segmentLines))

            set(.lexMean, s.lexWords > 0 ? s.lexSum / Float(s.lexWords) : 0)
            set(.lexMax, s.lexMax)
            set(.lexMin, s.lexMin)
        }
    }
}

/// Counts of 64-bit hashes (never 0) in an open-addressing table that keeps its storage
/// from one document to the next.
struct HashCounter {
    private var keys: [UInt64] = []
    private var counts: [Int32] = []
    private var mask = 0

    /// Empties the table, sized for `n` distinct keys at most. Storage grown for a larger
    /// document stays, but only the slots this one uses are cleared and probed.
    mutating func reset(for n: Int) {
        var capacity = 16
        while capacity < 2 * n { capacity <<= 1 }
        if keys.count < capacity {
            keys = [UInt64](repeating: 0, count: capacity)
            counts = [Int32](repeating: 0, count: capacity)
        } else {
            keys.withUnsafeMutableBufferPointer { $0.baseAddress!.update(repeating: 0, count: capacity) }
        }
        mask = capacity - 1
    }

    @inline(__always)
    mutating func add(_ h: UInt64) {
        var i = Int(truncatingIfNeeded: ((h ^ (h >> 29)) &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        while keys[i] != 0 && keys[i] != h { i = (i + 1) & mask }
        if keys[i] == 0 { keys[i] = h; counts[i] = 0 }
        counts[i] += 1
    }

    @inline(__always)
    func count(_ h: UInt64) -> Int32 {
        var i = Int(truncatingIfNeeded: ((h ^ (h >> 29)) &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        while true {
            let k = keys[i]
            if k == h { return counts[i] }
            if k == 0 { return 0 }
            i = (i + 1) & mask
        }
    }
}

// (Imported last, so that the file opens with its documentation.)
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
