import Foundation
import StewardCore
import StewardHistory
import StewardTestSupport

/// Records a synthetic project in a new history: a first run, an unchanged second run, then `nights` runs
/// where `churn` of the definitions change (owners set and removed, descriptions and tags edited, events
/// hidden) and a tenth as many new ones appear. Only the recording is timed; linting is not.
func historyBenchmark(size: Int, nights: Int, churn: Double) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("steward-history-bench-\(getpid())")
    try? FileManager.default.removeItem(at: directory)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("history.sqlite").path
    let policy = try PolicyLoader().load(["default"])
    var definitions = SyntheticProject(count: size, seed: 7).definitions()
    var random = SplitMix64(seed: 99)
    var day = Fixtures.now

    func record(_ definitions: [EventDefinition]) throws -> (seconds: Double, run: RecordedRun, findings: Int) {
        let result = try Linter(policy: policy, now: day).lint(definitions)
        let input = RunInput(
            startedAt: day, judgedAt: day, source: "bench", policyHash: result.policyHash, toolVersion: "bench",
            outcome: .audited(definitions: definitions, result: result, complete: true))
        var recorded: RecordedRun?
        let elapsed = try seconds {
            let store = try HistoryStore.open(at: path, create: true)
            recorded = try store.record(input)
        }
        return (elapsed, recorded!, result.findings.count)
    }
    func fileSize() -> Int64 {
        [path, path + "-wal"].reduce(0) { total, file in
            total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }
    func mib(_ bytes: Int64) -> String { String(format: "%.1f MiB", Double(bytes) / 1_048_576) }

    var table =
        "| run | definitions | findings | new | resolved | new versions | record time | file size |\n|---|---|---|---|---|---|---|---|\n"
    func row(_ label: String, _ outcome: (seconds: Double, run: RecordedRun, findings: Int), _ count: Int) {
        let line =
            "| \(label) | \(count) | \(outcome.findings) | \(outcome.run.newCount) | \(outcome.run.resolved.count) | "
            + "\(outcome.run.changedDefinitions) | \(String(format: "%.3f s", outcome.seconds)) | \(mib(fileSize())) |"
        print(line)
        table += line + "\n"
    }
    let first = try record(definitions)
    row("first", first, definitions.count)
    let firstSize = fileSize()
    row("unchanged", try record(definitions), definitions.count)
    if let repeats = ProcessInfo.processInfo.environment["STEWARD_BENCH_REPEAT_UNCHANGED"].flatMap(Int.init) {
        for _ in 0..<repeats { row("unchanged", try record(definitions), definitions.count) }
    }
    var nightly: [Double] = []
    let owners = [User(id: 11, email: "data@example.com"), User(id: 12, email: "growth@example.com")]
    for night in stride(from: 1, through: nights, by: 1) {
        day = day.adding(days: 1)
        let changes = max(1, Int(Double(definitions.count) * churn))
        for _ in 0..<changes {
            let index = random.next(definitions.count)
            switch random.next(5) {
            case 0: definitions[index].owner = random.pick(owners)
            case 1: definitions[index].owner = nil
            case 2: definitions[index].description = "Edited on night \(night): \(definitions[index].name) happens."
            case 3: definitions[index].tags.append("night-\(night % 7)")
            default: definitions[index].hidden = !(definitions[index].hidden ?? false)
            }
            definitions[index].updatedAt = day
        }
        for extra in 0..<max(1, changes / 10) {
            definitions.append(
                EventDefinition(id: "bench-new-\(night)-\(extra)", name: "night_\(night)_event_\(extra)", createdAt: day, lastSeenAt: day))
        }
        let outcome = try record(definitions)
        nightly.append(outcome.seconds)
        if night == 1 || night == nights { row("night \(night)", outcome, definitions.count) }
    }
    let finalSize = fileSize()
    let sorted = nightly.sorted()
    return """
        History (`steward-bench history`): each run recorded in one transaction and the WAL checkpointed after it; \(size) definitions, \
        \(nights) nights at \(String(format: "%.0f%%", churn * 100)) churn:

        \(table)
        \(sorted.isEmpty ? "No nightly runs." : "Nightly record time: median \(String(format: "%.3f s", sorted[sorted.count / 2])), worst \(String(format: "%.3f s", sorted.last!)).")
        File after the first run \(mib(firstSize)), after \(nights) nights \(mib(finalSize)) \
        (\(String(format: "%.2f", Double(finalSize) / Double(firstSize)))×).

        """
}
