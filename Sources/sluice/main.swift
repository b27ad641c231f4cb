// The sluice command line: parses options and wires SluiceCore's parts together.
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

// A closed output pipe becomes EPIPE, which the writers turn into a quiet stop.
signal(SIGPIPE, SIG_IGN)

do {
    var command = try Sluice.parseAsRoot()
    try command.run()
} catch {
    let code = Sluice.exitCode(for: error)
    if code == .validationFailure {
        // ArgumentParser says 64 (EX_USAGE); sluice says 2, as grep and diff do.
        FileHandleStandardError.write(Sluice.fullMessage(for: error) + "\n")
        exit(ExitStatus.usage)
    }
    Sluice.exit(withError: error)
}
