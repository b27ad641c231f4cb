import Testing
@testable import SluiceCore

@Test func cleansAnEmptyDocumentToNothing() throws {
    let sink = MemorySink()
    try DocumentCleaner(options: CleanOptions()).clean(MemorySource([UInt8]()), to: sink)
    #expect(sink.bytes.isEmpty)
}
