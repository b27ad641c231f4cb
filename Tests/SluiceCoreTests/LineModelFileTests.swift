// `--line-model FILE`: a model read from a file replaces the built-in one under --mode classify;
// a missing or malformed file is refused before anything is cleaned.
import Testing
@testable import SluiceCore

private let keepAll = "sluice-line-model 1\nthreshold 0.5\nbase 5\ntree\nleaf 0 0\n"
private let dropAll = "sluice-line-model 1\nthreshold 0.5\nbase -5\ntree\nleaf 0 0\n"
private let page = "The river rose all night.\n\nThe town slept on the hill, and no one woke.\n"

@Test func loadsALineModelFromAFile() throws {
    let dir = try TestDirectory()
    try dir.write("keep.txt", keepAll)
    let model = try LineModel(contentsOfFile: dir.url("keep.txt"))
    #expect(model.stages.count == 1)
    #expect(model.stages[0].base == 5)
    #expect(model.threshold == 0.5)
}

@Test func namesTheFileAndTheLineOfABadModel() throws {
    let dir = try TestDirectory()
    try dir.write("bad.txt", "sluice-line-model 1\ntree\nleaf 0 x\n")
    let path = dir.url("bad.txt")
    #expect(throws: LineModel.LoadError(path: path, message: "line model, line 3: bad leaf value")) {
        try LineModel(contentsOfFile: path)
    }
    let missing = dir.url("missing.txt")
    #expect(throws: LineModel.LoadError(path: missing, message: "No such file or directory")) {
        try LineModel(contentsOfFile: missing)
    }
    try dir.write("binary.txt", [0x73, 0xFF, 0x0A])
    #expect(throws: LineModel.LoadError.self) { try LineModel(contentsOfFile: dir.url("binary.txt")) }
}

@Test func theCleanCommandClassifiesWithTheGivenModel() throws {
    let dir = try TestDirectory()
    try dir.write("keep.txt", keepAll)
    try dir.write("drop.txt", dropAll)
    let kept = try SluiceBinary.run(["--mode", "classify", "--line-model", "keep.txt"], in: dir.path,
                                    stdin: Array(page.utf8))
    #expect(kept.status == 0, "\(kept.stderr)")
    #expect(kept.stdout == Array(page.utf8))
    let dropped = try SluiceBinary.run(["--mode", "classify", "--line-model", "drop.txt"], in: dir.path,
                                       stdin: Array(page.utf8))
    #expect(dropped.status == 0, "\(dropped.stderr)")
    #expect(dropped.stdout.isEmpty)
    // The classifier is the default mode.
    let byDefault = try SluiceBinary.run(["--line-model", "drop.txt"], in: dir.path, stdin: Array(page.utf8))
    #expect(byDefault.status == 0, "\(byDefault.stderr)")
    #expect(byDefault.stdout.isEmpty)
    // Under --mode rules the model is loaded (and checked) but not used.
    let rules = try SluiceBinary.run(["--mode", "rules", "--line-model", "drop.txt"], in: dir.path,
                                     stdin: Array(page.utf8))
    #expect(rules.status == 0)
    #expect(rules.stdout == Array(page.utf8))
}

@Test func theCleanCommandRefusesABadModelFile() throws {
    let dir = try TestDirectory()
    try dir.write("bad.txt", "not a model\n")
    try dir.write("page.txt", page)
    let bad = try SluiceBinary.run(["--mode", "classify", "--line-model", "bad.txt", "page.txt"], in: dir.path)
    #expect(bad.status == 2)
    #expect(bad.stderr == "sluice: bad.txt: line model, line 1: expected the header `sluice-line-model 1`\n")
    #expect(bad.stdout.isEmpty)
    let missing = try SluiceBinary.run(["--mode", "classify", "--line-model", "nope.txt", "page.txt"], in: dir.path)
    #expect(missing.status == 2)
    #expect(missing.stderr == "sluice: nope.txt: No such file or directory\n")
    #expect(missing.stdout.isEmpty)
}
