import SluiceCore

/// Warnings met while cleaning go to stderr as `sluice: warning: …`.
final class StandardErrorWarnings: WarningLog {
    func warn(_ message: String) { FileHandleStandardError.say("warning: \(message)") }
}
