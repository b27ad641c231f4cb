// The sluice command line: parses options and wires SluiceCore's parts together.
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

// A closed output pipe becomes EPIPE, which the writers turn into a quiet stop.
signal(SIGPIPE, SIG_IGN)

// `sluice --help` teaches the main job: the clean command's help, then the other commands.
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments == ["--help"] || arguments == ["-h"] || arguments == ["help"] {
    print(Sluice.helpMessage(for: CleanCommand.self))
    print("\nOTHER COMMANDS:")
    for command in Sluice.configuration.subcommands where command != CleanCommand.self {
        let name = command.configuration.commandName ?? ""
        print("  \(name.padding(toLength: 18))\(command.configuration.abstract)")
    }
    print("\n  See 'sluice help <command>' for a command's options. sluice --version prints the version.")
    exit(ExitStatus.success)
}

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
