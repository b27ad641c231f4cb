import CICUShim

/// A Unicode normalization form, applied through ICU's `Normalizer2` on UTF-8.
///
///     NormalizationForm.nfc:           "e\u{0301}" → "é"
///     NormalizationForm.nfkc:          "ﬁ" → "fi"
///     NormalizationForm.nfkcCasefold:  "Straße" → "strasse"
public enum NormalizationForm: String, CaseIterable, Sendable {
    case nfc, nfd, nfkc, nfkd
    case nfkcCasefold = "nfkc-casefold"
    /// No normalization.
    case none

    /// Compatibility forms may turn one character into several, spaces included.
    var isCompatibility: Bool { self == .nfkc || self == .nfkd || self == .nfkcCasefold }

    fileprivate var shimForm: Int32? {
        switch self {
        case .nfc: return Int32(SLUICE_FORM_NFC.rawValue)
        case .nfd: return Int32(SLUICE_FORM_NFD.rawValue)
        case .nfkc: return Int32(SLUICE_FORM_NFKC.rawValue)
        case .nfkd: return Int32(SLUICE_FORM_NFKD.rawValue)
        case .nfkcCasefold: return Int32(SLUICE_FORM_NFKC_CASEFOLD.rawValue)
        case .none: return nil
        }
    }
}

/// An ICU normalizer for one form, over UTF-8 bytes. ICU owns the instance; this is a handle.
public struct Normalizer: @unchecked Sendable {
    public let form: NormalizationForm
    private let handle: OpaquePointer?

    public init(form: NormalizationForm) {
        self.form = form
        if let shimForm = form.shimForm {
            // ICU's data is linked in: a missing normalizer means a broken installation.
            guard let h = sluice_normalizer_get(shimForm, nil, 0) else {
                fatalError("ICU has no \(form.rawValue) normalizer: is libicu installed correctly?")
            }
            handle = h
        } else {
            handle = nil
        }
    }

    /// Appends the normal form of `count` bytes of valid UTF-8 to `out`.
    /// Returns true when the output differs from the input.
    @discardableResult
    public func normalize(_ p: UnsafePointer<UInt8>, count: Int, into out: ByteBuffer) -> Bool {
        guard let handle else { out.append(p, count: count); return false }
        if form == .nfkcCasefold && UTF8Repair.asciiPrefixLength(p, count: count) == count {
            return ASCII.appendLowercased(p, count: count, into: out)
        }
        var capacity = count * 3 + 16
        while true {
            out.reserve(capacity)
            let n = Int(sluice_normalize_utf8(handle, p, Int32(count), out.base + out.count, Int32(capacity)))
            precondition(n >= 0, "ICU failed to normalize valid UTF-8")
            if n <= capacity {
                let changed = n != count || memcmp(out.base + out.count, p, count) != 0
                out.count += n
                return changed
            }
            capacity = n
        }
    }

    /// Whether text may be split before code point `c` without changing its normal form.
    public func hasBoundary(before c: UInt32) -> Bool {
        guard let handle else { return true }
        return sluice_has_boundary_before(handle, Int32(bitPattern: c)) != 0
    }

    /// A cut in `1...count` for an overlong line: the last normalization boundary found within
    /// the final 4 KiB, at the start of a UTF-8 sequence; or, when there is none (a pathological
    /// run of combining marks), the last sequence start.
    public func safeCut(_ p: UnsafePointer<UInt8>, count: Int) -> Int {
        let floor = Swift.max(1, count - 4096)
        var fallback = 0
        var i = count
        while i >= floor {
            if i < count {
                let b = p[i]
                if b & 0xC0 != 0x80 {
                    if fallback == 0 { fallback = i }
                    if b < 0x80 || hasBoundary(before: UTF8Repair.decodeScalar(p + i, available: count - i)) {
                        return i
                    }
                }
            }
            i -= 1
        }
        return fallback > 0 ? fallback : count
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level helpers for ASCII text.
enum ASCII {
    /// Appends `count` ASCII bytes lowercased; returns true when any byte changed.
    static func appendLowercased(_ p: UnsafePointer<UInt8>, count: Int, into out: ByteBuffer) -> Bool {
        out.reserve(count)
        var changed = false
        for i in 0..<count {
            var b = p[i]
            if b >= 0x41 && b <= 0x5A { b |= 0x20; changed = true }
            out.base[out.count + i] = b
        }
        out.count += count
        return changed
    }
}
