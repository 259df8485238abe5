import Foundation
import StewardTestSupport
import Testing

/// `steward history`, `history show`, `history prune`, `baseline write` and history errors, as a user runs them.
@Suite struct HistoryCLITests {
    let directory = Fixtures.temporaryDirectory("history-cli")

    func run(_ arguments: [String]) async throws -> StewardProcess.Result {
        try await StewardProcess.run(arguments, in: directory)
    }

    func project(_ definitions: String) {
        Fixtures.write(definitions, to: "defs.json", in: directory)
        Fixtures.write("rules: { owner_required: error }\n", to: "steward.yml", in: directory)
    }

    static let unowned = "{\"id\": \"u1\", \"name\": \"unowned_clicked\"}"
    static let owned = "{\"id\": \"u1\", \"name\": \"unowned_clicked\", \"owner\": {\"id\": 3, \"email\": \"ana@example.com\"}}"
    static let hostile = "{\"id\": \"h1\", \"name\": \"\\u001b[2Jwiped\"}"

    @Test func historyListsRunsNewestFirstAndShowsARun() async throws {
        // Given two audits in the default database, the second resolving one finding and opening another
        project("[\(Self.unowned)]")
        #expect(try await run(["audit", "--from", "defs.json", "--now", "2026-06-01"]).exitCode == 1)
        project("[\(Self.owned), \(Self.hostile)]")
        let second = try await run(["audit", "--from", "defs.json", "--now", "2026-06-01"])
        #expect(second.standardOutput.contains("history: run 2 against run 1: 1 new, 1 resolved."))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(".steward/history.sqlite").path))
        // When the history is listed and the latest run shown
        let list = try await run(["history"])
        let show = try await run(["history", "show", "latest"])
        // Then runs come newest first with their counts, and event names are escaped for the terminal
        let rows = list.standardOutput.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) }
        #expect(rows[0].first == "run" && rows[1].first == "2" && rows[2].first == "1", "\(list.standardOutput)")
        #expect(rows[1].suffix(3) == ["1", "1", "50.0%"])
        #expect(show.exitCode == 0)
        #expect(show.standardOutput.contains("1 new and 1 resolved since run 1"))
        #expect(show.standardOutput.contains("error \\u{1B}[2Jwiped [owner_required]") && !show.standardOutput.contains("\u{1B}"))
        #expect(show.standardOutput.contains("error unowned_clicked [owner_required]"))
        let trend = try await run(["history", "trend", "--by", "rule"])
        #expect(
            trend.standardOutput.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true) } == [
                ["rule", "run", "1", "run", "2"], ["owner_required", "1", "1"],
            ])
        let byOwner = try await run(["history", "trend", "--by", "owner"])
        #expect(byOwner.standardOutput.contains("(no owner)"))
        let json = try await run(["history", "--format", "json", "--limit", "1"])
        let object = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as! [String: Any]
        #expect((object["runs"] as! [[String: Any]]).map { $0["id"] as! Int } == [2])
    }

    @Test func timingsNameEachStageOnStandardError() async throws {
        project("[\(Self.unowned)]")
        let result = try await run(["audit", "--from", "defs.json", "--now", "2026-06-01", "--timings", "--fail-on", "never"])
        let stages = result.standardError.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(Array(stages.prefix(4)) == ["policy", "fetch", "lint", "history"], "\(result.standardError)")
        #expect(result.standardError.contains("report text") && result.standardError.contains("peak") && stages.last == "total")
        #expect(!result.standardOutput.contains("peak"))
    }

    @Test func pruneKeepsRunsAndReportsWhatItDropped() async throws {
        for round in 0..<4 {
            project("[\(round % 2 == 0 ? Self.unowned : Self.owned)]")
            _ = try await run(["audit", "--from", "defs.json", "--now", "2026-06-01"])
        }
        let prune = try await run(["history", "prune", "--keep", "1"])
        #expect(prune.exitCode == 0)
        #expect(prune.standardOutput.contains("pruned the details of 3 runs"))
        #expect(try await run(["history"]).standardOutput.split(separator: "\n").count == 5)
        #expect(try await run(["history", "prune"]).exitCode == 2)
    }

    @Test func storageProblemsExitFourNamingTheFileAndLeaveItAlone() async throws {
        project("[\(Self.unowned)]")
        let garbage = Fixtures.write(String(repeating: "x", count: 5_000), to: "garbage.sqlite", in: directory)
        let before = try Data(contentsOf: URL(fileURLWithPath: garbage))
        let audit = try await run(["audit", "--from", "defs.json", "--db", "garbage.sqlite"])
        #expect(audit.exitCode == 4)
        #expect(audit.standardError.contains("garbage.sqlite is not a SQLite database"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: garbage)) == before)
        let missing = try await run(["history", "--db", "nowhere.sqlite"])
        #expect(missing.exitCode == 4 && missing.standardError.contains("no history database at nowhere.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("nowhere.sqlite").path))
        let both = try await run(["audit", "--from", "defs.json", "--db", "x.sqlite", "--no-history"])
        #expect(both.exitCode == 2)
    }

    @Test func baselineWriteThenGate() async throws {
        project("[\(Self.unowned)]")
        let write = try await run(["baseline", "write", "--from", "defs.json", "--now", "2026-06-01", "--output", "base.json"])
        #expect(write.exitCode == 0 && write.standardOutput.contains("wrote base.json: 1 accepted finding."))
        let gated = try await run(["audit", "--from", "defs.json", "--now", "2026-06-01", "--no-history", "--baseline", "base.json"])
        #expect(gated.exitCode == 0 && gated.standardOutput.contains("baseline base.json accepted 1 finding."))
        let text = try String(contentsOf: directory.appendingPathComponent("base.json"), encoding: .utf8)
        #expect(text.contains("\"format\" : \"steward-baseline\"") && text.contains("\"event_id\" : \"u1\""))
    }

    @Test func reportRendersAPastRunOfflineWithTheFindingsItHad() async throws {
        // Given two runs: the first with one unowned event, the second with it owned and another unowned
        project("[\(Self.unowned)]")
        let first = try await run(["audit", "--from", "defs.json", "--now", "2026-06-01", "--format", "json"])
        project("[\(Self.owned), \(Self.hostile)]")
        _ = try await run(["audit", "--from", "defs.json", "--now", "2026-06-01"])
        // When run 1 is rendered from history
        let json = try await run(["report", "--run", "1", "--format", "json"])
        let files = try await run(["report", "--format", "html,markdown,sarif,junit", "--output-dir", "out"])
        // Then it has run 1's findings, and the latest run renders to every file format
        func keys(_ text: String) throws -> Set<String> {
            let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
            return Set((object["findings"] as! [[String: Any]]).map { "\($0["event_id"]!)/\($0["rule"]!)" })
        }
        #expect(json.exitCode == 0, "\(json.standardError)")
        #expect(try keys(json.standardOutput) == keys(first.standardOutput))
        #expect(files.exitCode == 0, "\(files.standardError)")
        for name in ["steward-report.html", "steward-summary.md", "steward-report.md", "steward-report.sarif", "steward-report.junit.xml"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("out/\(name)").path), "\(name)")
        }
        let html = try String(contentsOf: directory.appendingPathComponent("out/steward-report.html"), encoding: .utf8)
        #expect(html.contains("Resolved since run 1 (1)") && !html.contains("\u{1B}"))
        #expect(try await run(["report", "--run", "9"]).exitCode == 2)
    }
}

/// `steward fix` and `steward undo` refusals that need no PostHog: they exit 2 and change nothing.
@Suite struct FixCLITests {
    let directory = Fixtures.temporaryDirectory("fix-cli")

    func run(_ arguments: [String]) async throws -> StewardProcess.Result {
        try await StewardProcess.run(arguments, in: directory, environment: ["POSTHOG_PERSONAL_API_KEY": "phx_posthog_sim_local_key"])
    }

    @Test func modesAreExclusiveAndPlansAreChecked() async throws {
        #expect(try await run(["fix"]).exitCode == 2)
        #expect(try await run(["fix", "--plan-out", "a.json", "--apply", "b.json"]).exitCode == 2)
        Fixtures.write("{\"format\": \"steward-snapshot\"}", to: "notaplan.json", in: directory)
        let bad = try await run(["fix", "--apply", "notaplan.json", "--yes"])
        #expect(bad.exitCode == 2 && bad.standardError.contains("notaplan.json: not a Steward fix plan"))
        let missing = try await run(["fix", "--apply", "none.json", "--yes"])
        #expect(missing.exitCode == 2 && missing.standardError.contains("cannot read fix plan none.json"))
    }

    @Test func applyingWithoutATerminalNeedsYes() async throws {
        let plan = """
            {"actions": [], "created_at": "2026-06-01T00:00:00Z", "format": "steward-fix-plan", "host": "http://127.0.0.1:9",
             "policy_hash": "x", "project": "1", "seen": {}, "skipped": [], "version": 1}
            """
        Fixtures.write(plan, to: "plan.json", in: directory)
        let result = try await run(["fix", "--apply", "plan.json"])
        #expect(result.exitCode == 2 && result.standardError.contains("pass --yes"))
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent(".steward/history.sqlite").path))
    }

    @Test func undoOfAnUnknownRunExitsTwo() async throws {
        Fixtures.write("[]", to: "empty.json", in: directory)
        _ = try await run(["audit", "--from", "empty.json", "--db", "h.sqlite", "--fail-on", "never"])
        let result = try await run(["undo", "4", "--yes", "--db", "h.sqlite"])
        #expect(result.exitCode == 2 && result.standardError.contains("no fix run 4"))
    }
}
