#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loads rule files with their includes: from disk (`--rules FILE`, `sluice check DIR`) or from
/// the copies embedded in the binary (`rules/default.rules` and what it includes).
///
///     let rules = RuleLoader.loadDefault()                       // embedded
///     let mine = RuleLoader.load(paths: ["site.rules"])          // from disk
///     let set = try RuleSet(compiling: rules + mine)           // throws every diagnostic
///
/// An include is read where it stands, relative to the including file; a file included twice
/// is read once, and a cycle is an error at the `@include` that closes it.
public enum RuleLoader {
    /// The name of the embedded default rule file.
    public static let defaultFileName = "default.rules"

    /// What a load found: the rules, each file's title, and the problems met.
    public struct Loaded {
        public var rules: [Rule] = []
        public var files: [(name: String, title: String?)] = []
        public var diagnostics: [RuleDiagnostic] = []

        /// Nothing loaded.
        public init() {}

        init(rules: [Rule], files: [(name: String, title: String?)], diagnostics: [RuleDiagnostic]) {
            self.rules = rules
            self.files = files
            self.diagnostics = diagnostics
        }

        public static func + (lhs: Loaded, rhs: Loaded) -> Loaded {
            Loaded(rules: lhs.rules + rhs.rules, files: lhs.files + rhs.files,
                   diagnostics: lhs.diagnostics + rhs.diagnostics)
        }
    }

    /// The embedded default rules (`rules/default.rules` and its includes).
    /// - Parameter readsExamples: false when only the rules are wanted (cleaning): their
    ///   examples, checked by the tests and `sluice check`, are then not parsed.
    public static func loadDefault(readsExamples: Bool = true) -> Loaded {
        var loaded = load(roots: [defaultFileName], source: EmbeddedRuleFiles(), readsExamples: readsExamples)
        for i in loaded.rules.indices { loaded.rules[i].isEmbedded = true }
        return loaded
    }

    /// Rules from files, and from every `*.rules` file (sorted) of directories.
    public static func load(paths: [String]) -> Loaded {
        var loaded = Loaded()
        let roots = expand(paths, diagnostics: &loaded.diagnostics)
        return loaded + load(roots: roots, source: DiskRuleFiles())
    }

    /// The embedded files, as `(name, text)`: for tests and `sluice check --default`.
    public static var embeddedFiles: [(name: String, text: String)] {
        EmbeddedRules.files.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    static func load(roots: [String], source: RuleFileSource, readsExamples: Bool = true) -> Loaded {
        var loaded = Loaded()
        var diagnostics: [RuleDiagnostic] = []
        var done = Set<String>()
        var stack: [String] = []

        func visit(_ name: String, from include: (file: String, line: Int)?) {
            let identity = source.identity(of: name)
            if stack.contains(identity) {
                diagnostics.append(RuleDiagnostic(file: include?.file ?? name, line: include?.line ?? 1, column: 1,
                                                  message: "@include of '\(name)' makes a cycle"))
                return
            }
            if done.contains(identity) { return }
            done.insert(identity)
            let text: String
            do {
                text = try source.read(name)
            } catch {
                diagnostics.append(RuleDiagnostic(file: include?.file ?? name, line: include?.line ?? 1, column: 1,
                                                  message: "cannot read rule file '\(name)': \(error)"))
                return
            }
            stack.append(identity)
            defer { stack.removeLast() }
            var parser = RuleParser(file: name, readsExamples: readsExamples)
            let parsed = parser.parse(text)
            diagnostics += parsed.diagnostics
            loaded.files.append((name, parsed.title))
            var next = 0
            for include in parsed.includes {
                loaded.rules += parsed.rules[next..<include.afterRule]
                next = include.afterRule
                visit(source.resolve(include.path, from: name), from: (name, include.line))
            }
            loaded.rules += parsed.rules[next...]
        }

        for root in roots { visit(root, from: nil) }
        loaded.diagnostics = diagnostics
        return loaded
    }

    /// Files stay; directories become their `*.rules` files, sorted by name.
    static func expand(_ paths: [String], diagnostics: inout [RuleDiagnostic]) -> [String] {
        var files: [String] = []
        for path in paths {
            var info = stat()
            guard stat(path, &info) == 0 else {
                diagnostics.append(RuleDiagnostic(file: path, line: 1, column: 1,
                                                  message: "cannot read rule file: \(IOError(path: path, errno: errno).reason)"))
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                files += DiskRuleFiles.ruleFiles(in: path)
            } else {
                files.append(path)
            }
        }
        return files
    }
}

/// Where rule files come from: disk or the binary.
protocol RuleFileSource {
    func read(_ name: String) throws -> String
    /// The name of `include` as seen from the file `name`.
    func resolve(_ include: String, from name: String) -> String
    /// What makes two names the same file (cycles, files included twice).
    func identity(of name: String) -> String
}

/// Rule files on disk; includes are relative to the including file's directory.
struct DiskRuleFiles: RuleFileSource {
    func read(_ name: String) throws -> String {
        let input = try InputFile.open(name)
        defer { input.close() }
        var source = input.source
        let buffer = ByteBuffer(capacity: 64 * 1024)
        while true {
            buffer.reserve(64 * 1024)
            let n = try source.read(into: UnsafeMutableRawBufferPointer(start: buffer.base + buffer.count, count: 64 * 1024))
            if n == 0 { break }
            buffer.count += n
        }
        return String(decoding: buffer.bytes, as: UTF8.self)
    }

    func resolve(_ include: String, from name: String) -> String {
        if include.hasPrefix("/") { return include }
        guard let slash = name.lastIndex(of: "/") else { return include }
        return String(name[...slash]) + include
    }

    func identity(of name: String) -> String {
        guard let resolved = realpath(name, nil) else { return name }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The `*.rules` files of a directory, sorted by name.
    static func ruleFiles(in directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasSuffix(".rules") && !name.hasPrefix(".") { names.append(name) }
        }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return names.sorted().map { prefix + $0 }
    }
}

/// The rule files compiled into the binary (see `EmbeddedRules.swift`, made by
/// `scripts/embed-rules` from `rules/`).
struct EmbeddedRuleFiles: RuleFileSource {
    struct Missing: Error, CustomStringConvertible { var description: String { "no such embedded file" } }

    func read(_ name: String) throws -> String {
        guard let text = EmbeddedRules.files[name] else { throw Missing() }
        return text
    }

    func resolve(_ include: String, from name: String) -> String { include }
    func identity(of name: String) -> String { name }
}
