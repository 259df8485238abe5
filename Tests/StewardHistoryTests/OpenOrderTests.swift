import StewardTestSupport
import Testing

@testable import StewardHistory

/// Findings to open are written in the order of the index they go into, (definition row, rule row): counted
/// into place when the rows are dense, sorted when they are not; either way every entry is kept.
@Suite struct OpenOrderTests {
    typealias Entry = RunRecorder.Opened

    func shuffled(definitions: [Int64], rules: Int64, seed: UInt64) -> [Entry] {
        var generator = SplitMix64(seed: seed)
        var entries: [Entry] = []
        for definition in definitions {
            for rule in 1...rules where Bool.random(using: &generator) {
                entries.append(Entry(key: RunRecorder.OpenKey(definition: definition, rule: rule), index: entries.count))
            }
        }
        entries.shuffle(using: &generator)
        // Each entry's index is its place in the list handed over, as a finding's is in the run's findings.
        return entries.enumerated().map { Entry(key: $1.key, index: $0) }
    }

    func check(_ entries: [Entry]) {
        var sorted = entries
        RunRecorder.sortByKey(&sorted)
        #expect(sorted.count == entries.count)
        #expect(Set(sorted.map(\.index)) == Set(entries.map(\.index)), "every entry kept once")
        let expected = entries.sorted { ($0.key.definition, $0.key.rule) < ($1.key.definition, $1.key.rule) }
        #expect(sorted.map(\.key.definition) == expected.map(\.key.definition))
        #expect(sorted.map(\.key.rule) == expected.map(\.key.rule))
        for entry in sorted { #expect(entries[entry.index].key == entry.key, "each index still names its key") }
    }

    @Test func denseRowsAreCountedIntoPlace() {
        check(shuffled(definitions: Array(1...3_000), rules: 9, seed: 1))
        check(shuffled(definitions: Array(500...520), rules: 30, seed: 2))
    }

    @Test func sparseRowsAreSorted() {
        check(shuffled(definitions: (1...200).map { $0 * 1_000_003 }, rules: 5, seed: 3))
        check(shuffled(definitions: [Int64.min + 1, -5, 0, Int64.max - 1], rules: 4, seed: 4))
    }

    @Test func nothingAndOneStayAsTheyAre() {
        check([])
        check([Entry(key: RunRecorder.OpenKey(definition: 7, rule: 3), index: 0)])
    }
}
