/// Tells the person running sluice what happens: problems as `path: reason` lines, a progress
/// line redrawn in place when stderr is a terminal, and the closing summary.
///
///     sluice: corpus/img/logo.png: binary, skipped
///     sluice: 1204/20000 files, 12.1/200.3 MB, 41.5 MB/s, ETA 0:05      ← redrawn, then erased
///     sluice: 19990 files cleaned, 8 skipped, 2 failed                     ← on failure or --stats
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a run's messages and progress to standard error through `write`.
public final class RunReporter {
    private let write: (String) -> Void
    private let showsProgress: Bool
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private var lastDrawn: ContinuousClock.Instant?
    private var lineShown = false
    private var totalFiles = 0
    private var totalBytes: Int64 = 0
    /// Files finished so far, and their listed bytes.
    public private(set) var filesDone = 0
    public private(set) var bytesDone: Int64 = 0

    /// - Parameters:
    ///   - write: writes text to standard error as it is.
    ///   - showsProgress: draw the progress line (when stderr is a terminal and not `--quiet`).
    public init(write: @escaping (String) -> Void, showsProgress: Bool) {
        self.write = write
        self.showsProgress = showsProgress
        self.started = clock.now
    }

    /// The seconds since the reporter was made.
    public var elapsedSeconds: Double {
        let elapsed = clock.now - started
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Sets what the progress line counts toward.
    public func expect(files: Int, bytes: Int64) {
        totalFiles = files
        totalBytes = bytes
    }

    /// `sluice: message` on a line of its own (the progress line is erased first).
    public func say(_ message: String) {
        erase()
        write("sluice: \(message)\n")
    }

    /// Counts a finished file and redraws the progress line, at most four times a second.
    public func finished(bytes: Int64) {
        filesDone += 1
        bytesDone += bytes
        guard showsProgress else { return }
        let now = clock.now
        if let lastDrawn, now - lastDrawn < .milliseconds(250) { return }
        lastDrawn = now
        let seconds = elapsedSeconds
        let rate = seconds > 0 ? Double(bytesDone) / 1e6 / seconds : 0
        var line = "sluice: \(filesDone)/\(totalFiles) files, \(megabytes(bytesDone))/\(megabytes(totalBytes)) MB"
        line += ", \(megabytes(Int64(rate * 1e6))) MB/s"
        if rate > 0 && totalBytes > bytesDone {
            let remaining = Int(Double(totalBytes - bytesDone) / 1e6 / rate)
            line += ", ETA \(remaining / 60):\(remaining % 60 < 10 ? "0" : "")\(remaining % 60)"
        }
        write("\r\(line)\u{1B}[K")
        lineShown = true
    }

    /// Erases the progress line, if one is shown.
    public func erase() {
        guard lineShown else { return }
        write("\r\u{1B}[K")
        lineShown = false
    }

    private func megabytes(_ bytes: Int64) -> String {
        let tenths = (bytes + 50_000) / 100_000
        return "\(tenths / 10).\(tenths % 10)"
    }
}
