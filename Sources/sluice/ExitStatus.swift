import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// The exit statuses scripts can rely on.
enum ExitStatus {
    /// Everything was read and written.
    static let success: Int32 = 0
    /// Some input could not be read or written (each named on stderr); the rest was processed.
    static let someFailed: Int32 = 1
    /// The command line or a rule file is wrong; nothing was processed.
    static let usage: Int32 = 2
}

/// Writes diagnostics to stderr, unbuffered.
enum FileHandleStandardError {
    static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if n <= 0 { if n < 0 && errno == EINTR { continue }; return }
                offset += n
            }
        }
    }

    /// `sluice: message` on a line of its own.
    static func say(_ message: String) { write("sluice: \(message)\n") }
}
