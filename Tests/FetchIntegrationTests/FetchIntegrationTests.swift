import Foundation
import PostHogAPI
import PostHogSimulator
import StewardCore
import StewardKit
import StewardTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A simulator in this process on a free port; always stopped.
func withSimulator(_ configure: (inout SimulatorConfiguration) -> Void, _ body: (String) async throws -> Void) async throws {
    var configuration = SimulatorConfiguration()
    configuration.now = 1_780_272_000_000_000
    configure(&configuration)
    let simulator = try makeSimulator(configuration: configuration)
    let serving = Task { try await simulator.run() }
    try await simulator.waitUntilListening()
    let base = await simulator.baseURL
    do {
        try await body(base)
    } catch {
        await simulator.stop()
        serving.cancel()
        throw error
    }
    await simulator.stop()
    serving.cancel()
}

/// A session for the tests' own requests, patient with simulators in a busy test process.
let testSession: URLSession = {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.timeoutIntervalForRequest = 300
    return URLSession(configuration: configuration)
}()

func fetchJSON(_ url: String) async throws -> Any {
    let (data, _) = try await testSession.data(from: URL(string: url)!)
    return try JSONSerialization.jsonObject(with: data)
}

/// Sends one API request to the simulator with its local key and decodes the answer.
func api(_ base: String, _ method: String, _ path: String, _ body: [String: Any]) async throws -> [String: Any] {
    var request = URLRequest(url: URL(string: base + "/api/projects/1/" + path)!)
    request.httpMethod = method
    request.setValue("Bearer \(FetchCLITests.secret)", forHTTPHeaderField: "Authorization")
    request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    request.httpBody = try JSONSerialization.data(withJSONObject: body)
    let (data, _) = try await testSession.data(for: request)
    return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
}

/// A YAML double-quoted scalar, for writing any event name into a test's plan file.
enum FixtureYAML {
    static func quoted(_ text: String) -> String {
        var out = ""
        JSONString.append(text, to: &out)
        return out
    }
}

/// POSTs to one of the simulator's admin routes and decodes its answer.
@discardableResult
func postJSON(_ url: String, json: [String: Any]? = nil) async throws -> Any {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = "POST"
    if let json { request.httpBody = try JSONSerialization.data(withJSONObject: json) }
    let (data, _) = try await testSession.data(for: request)
    return try JSONSerialization.jsonObject(with: data)
}

/// The simulator's own state, decoded with Steward's model, by id.
func exported(_ base: String) async throws -> [String: EventDefinition] {
    let (data, _) = try await testSession.data(from: URL(string: base + "/_sim/export")!)
    let definitions = try JSONDecoder().decode([EventDefinition].self, from: data)
    return Dictionary(uniqueKeysWithValues: definitions.map { ($0.id, $0) })
}

func statuses(_ base: String) async throws -> [String: [String: Int]] {
    let object = try await fetchJSON(base + "/_sim/stats") as? [String: Any]
    return object?["routes"] as? [String: [String: Int]] ?? [:]
}

/// Options for the simulator at `base`; a `concurrency` keeps that many requests in flight, nil adapts as the CLI does.
func remote(_ base: String, pageSize: Int = 200, concurrency: Int? = nil, perMinute: Int = 480) -> DefinitionSource.RemoteOptions {
    var options = DefinitionSource.RemoteOptions(host: base, project: "@current")
    options.environment = ["POSTHOG_PERSONAL_API_KEY": "phx_posthog_sim_local_key"]
    options.crawl.pageSize = pageSize
    if let concurrency {
        options.crawl.concurrency = concurrency
        options.crawl.adaptiveConcurrency = nil
    }
    options.perMinute = perMinute
    options.retry.baseDelay = 0.01
    options.retry.maxDelay = 0.05
    options.retry.maxAttempts = 8
    return options
}

@Suite struct FetchIntegrationTests {
    @Test func snapshotEqualsTheServerUnderFaultsAndThrottling() async throws {
        for seed in [1, 2, 3] as [UInt64] {
            try await withSimulator({
                $0.definitions = 3_000
                $0.seed = seed
                // Throttling is injected by request number (429=…), so it happens however slow a loaded machine is
                // (with the rate limit off, every seed still meets several); the tight limit over a short window adds
                // real rate limiting on a quick machine.
                $0.faults = try! FaultSpec(
                    spec: "500=0.04,502=0.01,503=0.02,429=0.05,drop=0.01,slow=0.02,slow_ms=150,malformed=0.01,truncate=0.01")
                $0.ratePerMinute = 5
                $0.rateWindowSeconds = 1
            }) { base in
                // The client is told the budget is 480 (wrong on purpose), so the server's 429s must be waited out;
                // the detail's seconds are the only hint (no Retry-After, as PostHog).
                let snapshot = try await DefinitionSource.remote(remote(base, pageSize: 60)).load()
                let server = try await exported(base)
                #expect(snapshot.complete)
                #expect(snapshot.definitions.count == server.count)
                #expect(Set(snapshot.definitions.map(\.id)) == Set(server.keys))
                for definition in snapshot.definitions { #expect(definition == server[definition.id], "\(definition.name)") }
                let routes = try await statuses(base)["GET list"] ?? [:]
                #expect((routes["429"] ?? 0) > 0, "the tight server limit was hit and waited out")
                #expect((routes["500"] ?? 0) + (routes["503"] ?? 0) + (routes["0"] ?? 0) > 0, "faults happened")
            }
        }
    }

    @Test func churnLeavesNoDuplicatesAndMissesNothingThatStayed() async throws {
        try await withSimulator({
            $0.definitions = 4_000; $0.churnPerRequest = 4
        }) { base in
            let before = try await exported(base)
            let snapshot = try await DefinitionSource.remote(remote(base, pageSize: 200, concurrency: 3)).load()
            let after = try await exported(base)
            let ids = snapshot.definitions.map(\.id)
            #expect(Set(ids).count == ids.count, "no duplicates")
            let stayed = Set(before.keys).intersection(after.keys)
            #expect(stayed.isSubset(of: Set(ids)), "\(stayed.subtracting(ids).count) definitions that existed throughout are missing")
        }
    }

    @Test func timeoutsShrinkThePageAndTheCrawlGoesOn() async throws {
        try await withSimulator({
            $0.definitions = 2_500; $0.statementBudget = 300
        }) { base in
            let snapshot = try await DefinitionSource.remote(remote(base, pageSize: 1_000)).load()
            #expect(snapshot.complete && snapshot.definitions.count == 2_500)
            #expect((try await statuses(base)["GET list"]?["503"] ?? 0) > 0)
        }
    }

    @Test func knownBudgetCausesNo429() async throws {
        try await withSimulator({
            $0.definitions = 12_000; $0.ratePerMinute = 480
        }) { base in
            let snapshot = try await DefinitionSource.remote(remote(base, pageSize: 100)).load()
            #expect(snapshot.definitions.count == 12_000)
            let routes = try await statuses(base)["GET list"] ?? [:]
            #expect((routes["200"] ?? 0) > 120)
            #expect(routes["429"] == nil)
        }
    }

    @Test func cappedCountsAreCheckedByPartition() async throws {
        try await withSimulator({ $0.definitions = 50_500 }) { base in
            let snapshot = try await DefinitionSource.remote(remote(base, pageSize: 5_000)).load()
            #expect(snapshot.reportedCount == 50_500)
            #expect(snapshot.complete && snapshot.definitions.count == 50_500)
        }
    }
}

/// The executable against the simulator: exit codes, messages, and no key anywhere.
@Suite struct FetchCLITests {
    static let secret = "phx_posthog_sim_local_key"

    func run(_ arguments: [String], key: String? = FetchCLITests.secret, in directory: URL) async throws -> StewardProcess.Result {
        var environment = ["POSTHOG_HOST": "", "POSTHOG_PROJECT_ID": ""]
        if let key { environment["POSTHOG_PERSONAL_API_KEY"] = key }
        return try await StewardProcess.run(arguments, in: directory, environment: environment)
    }

    func expectNoSecret(_ result: StewardProcess.Result, files directory: URL, secret: String = FetchCLITests.secret) async throws {
        #expect(!result.standardOutput.contains(secret) && !result.standardError.contains(secret))
        // Every file below the directory, the history database included, byte for byte.
        for case let file as String in FileManager.default.enumerator(atPath: directory.path)! {
            let bytes = (try? Data(contentsOf: directory.appendingPathComponent(file))) ?? Data()
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(file) contains the key")
        }
    }

    @Test func stewardYmlSettingsRunAnAuditWithNoFlags() async throws {
        try await withSimulator({ $0.definitions = 300 }) { base in
            let directory = Fixtures.temporaryDirectory("settings")
            Fixtures.write("rules: { owner_required: warning, dynamic_name: error }\n", to: "team-policy.yml", in: directory)
            Fixtures.write(
                """
                # the project's settings, kept in git
                host: \(base)
                project: 1
                db: state/audits.sqlite
                policy: [team-policy.yml]
                format: [text, json, markdown]
                output_dir: published
                fail_on: never
                """, to: "steward.yml", in: directory)
            let audit = try await run(["audit"], in: directory)
            #expect(audit.exitCode == 0, "\(audit.standardError)")
            #expect(audit.standardOutput.contains("300 definitions"))
            let manager = FileManager.default
            #expect(manager.fileExists(atPath: directory.appendingPathComponent("state/audits.sqlite").path))
            #expect(!manager.fileExists(atPath: directory.appendingPathComponent(".steward/history.sqlite").path))
            for file in ["steward-report.json", "steward-report.md"] {
                #expect(manager.fileExists(atPath: directory.appendingPathComponent("published/\(file)").path), "\(file)")
            }
            let report =
                try JSONSerialization.jsonObject(
                    with: Data(contentsOf: directory.appendingPathComponent("published/steward-report.json"))) as? [String: Any]
            #expect((report?["policy"] as? [String: Any])?["sources"] as? [String] == ["team-policy.yml"])
            // Where each came from, and a flag over the file.
            let config = try await run(["config", "--project", "7", "--format", "json"], in: directory)
            let object = try JSONSerialization.jsonObject(with: Data(config.standardOutput.utf8)) as? [String: Any]
            let settings = (object?["settings"] as? [[String: Any]]) ?? []
            let origins = Dictionary(uniqueKeysWithValues: settings.map { ($0["key"] as! String, $0["origin"] as! String) })
            #expect(origins["host"] == "steward.yml:2:7")
            #expect(origins["project"] == "--project")
            #expect(origins["db"] == "steward.yml:4:5")
            #expect(origins["concurrency"] == "default")
            try await expectNoSecret(audit, files: directory)
        }
    }

    @Test func planImportThenDiffMatchesAndEditsShowAsMissingAndDrifted() async throws {
        try await withSimulator({
            $0.definitions = 400; $0.seed = 21
        }) { base in
            let directory = Fixtures.temporaryDirectory("plan")
            Fixtures.write("host: \(base)\nproject: 1\nplan: plans/tracking-plan.yml\n", to: "steward.yml", in: directory)
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("plans"), withIntermediateDirectories: true)
            let imported = try await run(["plan", "import", "--output", "plans/tracking-plan.yml"], in: directory)
            #expect(imported.exitCode == 0, "\(imported.standardError)")
            // Right after an import, PostHog matches the plan.
            let same = try await run(["plan", "diff", "--policy", "default", "--format", "json"], in: directory)
            #expect(same.exitCode == 0, "\(same.standardOutput)\(same.standardError)")
            let clean = try JSONSerialization.jsonObject(with: Data(same.standardOutput.utf8)) as? [String: Any]
            #expect(
                (clean?["missing"] as? [Any])?.isEmpty == true && (clean?["unplanned"] as? [Any])?.isEmpty == true
                    && (clean?["drifted"] as? [Any])?.isEmpty == true, "\(same.standardOutput)")
            // When two events are added and one description changed
            let path = directory.appendingPathComponent("plans/tracking-plan.yml")
            var text = try String(contentsOf: path, encoding: .utf8)
            let firstDescription = try #require(text.range(of: "    description: "))
            let lineEnd = text[firstDescription.upperBound...].firstIndex(of: "\n")!
            text.replaceSubrange(firstDescription.upperBound..<lineEnd, with: "\"Rewritten in review.\"")
            text += "  - name: planned_checkout_started\n    owner: ana@example.com\n  - name: planned_trial_ended\n"
            text += "  - name: planned_user_99812_invited\n"
            try text.write(to: path, atomically: true, encoding: .utf8)
            let changed = try await run(["plan", "diff", "--policy", "default", "--format", "json"], in: directory)
            #expect(changed.exitCode == 1)
            let object = try JSONSerialization.jsonObject(with: Data(changed.standardOutput.utf8)) as? [String: Any]
            #expect(object?["missing"] as? [String] == ["planned_checkout_started", "planned_trial_ended", "planned_user_99812_invited"])
            // A new planned name is judged like `steward check`: the dynamic one is a naming error.
            let naming = (object?["naming"] as? [[String: String]]) ?? []
            #expect(
                naming.map { $0["name"] ?? "" } == ["planned_user_99812_invited"] && naming.first?["rule"] == "dynamic_name", "\(naming)")
            let drifted = (object?["drifted"] as? [[String: String]]) ?? []
            #expect(drifted.count == 1 && drifted.first?["field"] == "description" && drifted.first?["planned"] == "Rewritten in review.")
            #expect((object?["unplanned"] as? [Any])?.isEmpty == true)
            try await expectNoSecret(changed, files: directory)
        }
    }

    @Test func checkLiveAsksPostHogByName() async throws {
        try await withSimulator({
            $0.definitions = 200; $0.seed = 5
        }) { base in
            let directory = Fixtures.temporaryDirectory("live")
            let existing = try #require(try await exported(base).values.first { !$0.name.hasPrefix("$") })
            let result = try await run(
                ["check", existing.name, "brand_new_event_name", "--live", "--host", base, "--project", "1", "--format", "json"],
                in: directory)
            let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
            let items = (object?["names"] as? [[String: Any]]) ?? []
            let live = Dictionary(uniqueKeysWithValues: items.map { ($0["name"] as! String, $0["posthog"] as? [String: Any] ?? [:]) })
            #expect(live[existing.name]?["exists"] as? Bool == true && live[existing.name]?["id"] as? String == existing.id, "\(result)")
            #expect(live[existing.name]?["hidden"] as? Bool == existing.isHidden)
            #expect(live["brand_new_event_name"]?["exists"] as? Bool == false)
            let routes = try await statuses(base)
            #expect(routes["GET by_name"]?["200"] == 1 && routes["GET by_name"]?["404"] == 1, "\(routes)")
            let text = try await run(["check", "brand_new_event_name", "--live", "--host", base, "--project", "1"], in: directory)
            #expect(text.standardOutput.contains("brand_new_event_name: not in PostHog yet"))
            try await expectNoSecret(result, files: directory)
        }
    }

    /// What a definition holds that a plan governs, for comparing the simulator before and after.
    static func governed(_ definitions: [String: EventDefinition]) -> [String: String] {
        Dictionary(
            uniqueKeysWithValues: definitions.values.map { d in
                (d.name, "\(d.description ?? "")|\(d.owner?.id ?? -1)|\(FixAction.normalized(d.tags))|\(d.isVerified)|\(d.isHidden)")
            })
    }

    @Test func planApplyThenFixMakesPostHogTrueAndUndoRestoresIt() async throws {
        try await withSimulator({
            $0.definitions = 300; $0.seed = 44; $0.ratePerMinute = 0; $0.ratePerHour = 0
        }) { base in
            let directory = Fixtures.temporaryDirectory("plan-apply")
            Fixtures.write("host: \(base)\nproject: 1\ndb: h.sqlite\n", to: "steward.yml", in: directory)
            #expect(try await run(["plan", "import"], in: directory).exitCode == 0)
            let before = try await exported(base)
            let emails = before.values.compactMap { $0.owner?.email }.sorted()
            let email = try #require(emails.first)
            let ownerID = try #require(before.values.first { $0.owner?.email == email }?.owner?.id)
            // When the plan gains two events and one description changes
            let path = directory.appendingPathComponent("tracking-plan.yml")
            var text = try String(contentsOf: path, encoding: .utf8)
            let firstDescription = try #require(text.range(of: "    description: "))
            let lineEnd = text[firstDescription.upperBound...].firstIndex(of: "\n")!
            text.replaceSubrange(firstDescription.upperBound..<lineEnd, with: "\"Rewritten in review.\"")
            text += "  - name: plan_created_one\n    description: Planned first.\n    owner: \(email)\n    tags: [core, Growth]\n"
            text += "  - name: plan_created_two\n    status: deprecated\n"
            try text.write(to: path, atomically: true, encoding: .utf8)
            let planned = try await run(["plan", "apply", "--plan-out", "fixes.json"], in: directory)
            #expect(planned.exitCode == 0, "\(planned.standardError)")
            #expect(planned.standardOutput.contains("plan_created_one [existence] (none) → definition 'plan_created_one'"))
            let applied = try await run(["fix", "--apply", "fixes.json", "--yes"], in: directory)
            #expect(applied.exitCode == 0, "\(applied.standardOutput)\(applied.standardError)")
            // Then PostHog matches the plan, and holds the planned metadata
            let diff = try await run(["plan", "diff"], in: directory)
            #expect(diff.exitCode == 0, "\(diff.standardOutput)")
            let after = try await exported(base)
            let one = try #require(after.values.first { $0.name == "plan_created_one" })
            #expect(
                one.description == "Planned first." && one.owner?.id == ownerID && FixAction.normalized(one.tags) == ["core", "growth"])
            #expect(one.lastSeenAt == nil, "a created definition has not been seen")
            #expect(after.values.first { $0.name == "plan_created_two" }?.isHidden == true)
            // And undo restores PostHog as it was: the created ones deleted, the description back
            let undone = try await run(["undo", "1", "--yes"], in: directory)
            #expect(undone.exitCode == 0, "\(undone.standardOutput)\(undone.standardError)")
            #expect(Self.governed(try await exported(base)) == Self.governed(before))
            // When the plan is applied again and the code starts sending one of the created events
            #expect(try await run(["plan", "apply", "--plan-out", "again.json"], in: directory).exitCode == 0)
            #expect(try await run(["fix", "--apply", "again.json", "--yes"], in: directory).exitCode == 0)
            try await postJSON(base + "/_sim/capture", json: ["event": "plan_created_one"])
            let kept = try await run(["undo", "3", "--yes"], in: directory)
            #expect(kept.exitCode == 0, "\(kept.standardOutput)\(kept.standardError)")
            // Then undo keeps the one in use, says so, and deletes the other
            #expect(kept.standardOutput.contains("it is in use, so it was kept"), "\(kept.standardOutput)")
            let final = try await exported(base)
            #expect(final.values.contains { $0.name == "plan_created_one" })
            #expect(!final.values.contains { $0.name == "plan_created_two" })
            let routes = try await statuses(base)
            #expect(routes["POST create"]?["201"] == 4 && routes["DELETE destroy"]?["204"] == 3, "\(routes)")
        }
    }

    @Test func creatingANameThatAppearedMeanwhileChangesItsFieldsNeverMakesASecond() async throws {
        try await withSimulator({
            $0.definitions = 120; $0.seed = 45; $0.ratePerMinute = 0; $0.ratePerHour = 0
        }) { base in
            let directory = Fixtures.temporaryDirectory("plan-race")
            Fixtures.write("host: \(base)\nproject: 1\ndb: h.sqlite\n", to: "steward.yml", in: directory)
            #expect(try await run(["plan", "import"], in: directory).exitCode == 0)
            let path = directory.appendingPathComponent("tracking-plan.yml")
            let text =
                try String(contentsOf: path, encoding: .utf8)
                + "  - name: arrived_meanwhile\n    description: Planned words.\n    tags: [core]\n"
            try text.write(to: path, atomically: true, encoding: .utf8)
            #expect(try await run(["plan", "apply", "--plan-out", "fixes.json"], in: directory).exitCode == 0)
            // The code ships first: ingestion makes the definition, bare, before the fix is applied
            try await postJSON(base + "/_sim/capture", json: ["event": "arrived_meanwhile"])
            let applied = try await run(["fix", "--apply", "fixes.json", "--yes"], in: directory)
            #expect(applied.exitCode == 0, "\(applied.standardOutput)\(applied.standardError)")
            let named = try await exported(base).values.filter { $0.name == "arrived_meanwhile" }
            #expect(named.count == 1)
            #expect(named.first?.description == "Planned words." && named.first?.tags == ["core"])
            #expect(try await run(["plan", "diff"], in: directory).exitCode == 0)
            let routes = try await statuses(base)
            #expect(routes["POST create"]?["400"] == 1 && routes["GET by_name"]?["200"] == 1, "\(routes)")
        }
    }

    @Test func prunePlansOnlyJunkAndUndoCreatesItAgain() async throws {
        try await withSimulator({
            $0.definitions = 600; $0.seed = 46; $0.ratePerMinute = 0; $0.ratePerHour = 0
        }) { base in
            let directory = Fixtures.temporaryDirectory("prune")
            Fixtures.write("host: \(base)\nproject: 1\ndb: h.sqlite\n", to: "steward.yml", in: directory)
            let now = ["--now", "2026-06-01"]
            // A snapshot taken without insights cannot say what is charted, so prune from one refuses unless told
            // to go without usage
            #expect(try await run(["snapshot", "--output", "snap.json", "--no-usage"], in: directory).exitCode == 0)
            let refused = try await run(["prune", "--from", "snap.json", "--plan-out", "prune.json", "--unsafe"] + now, in: directory)
            #expect(refused.exitCode == 2 && refused.standardError.contains("--ignore-usage"), "\(refused.standardError)")
            // Without --unsafe the junk is listed, not planned
            let listed = try await run(["prune", "--plan-out", "prune.json"] + now, in: directory)
            #expect(listed.exitCode == 0, "\(listed.standardError)")
            let dry = try FixPlan.load(path: directory.appendingPathComponent("prune.json").path)
            #expect(dry.actions.isEmpty && dry.skipped.count > 4, "\(dry.skipped.count)")
            // A planned junk event is never pruned, nor one a saved insight charts: directly, through an action's
            // steps, or in an insight that has only legacy filters
            let keep = dry.skipped[0].eventName
            let (direct, throughAction, legacy) = (dry.skipped[1].eventName, dry.skipped[2].eventName, dry.skipped[3].eventName)
            Fixtures.write("events:\n  - name: \(FixtureYAML.quoted(keep))\n", to: "tracking-plan.yml", in: directory)
            let action = try await api(base, "POST", "actions/", ["name": "A", "steps": [["event": throughAction]]])
            let trends: (Any) -> [String: Any] = { node in ["kind": "InsightVizNode", "source": ["kind": "TrendsQuery", "series": [node]]] }
            _ = try await api(
                base, "POST", "insights/", ["name": "Direct", "saved": true, "query": trends(["kind": "EventsNode", "event": direct])])
            _ = try await api(
                base, "POST", "insights/",
                ["name": "Via action", "saved": true, "query": trends(["kind": "ActionsNode", "id": action["id"]!])])
            _ = try await api(
                base, "POST", "insights/", ["name": "Legacy", "saved": true, "filters": ["events": [["id": legacy, "type": "events"]]]])
            let planned = try await run(["prune", "--plan-out", "prune.json", "--unsafe"] + now, in: directory)
            #expect(planned.exitCode == 0, "\(planned.standardError)")
            #expect(
                planned.standardError.contains("usage read from 3 saved insights: 3 otherwise junk definitions are charted, so kept"),
                "\(planned.standardError)")
            let plan = try FixPlan.load(path: directory.appendingPathComponent("prune.json").path)
            #expect(!plan.actions.isEmpty && plan.actions.allSatisfy { !$0.safe && $0.field == .existence })
            for kept in [keep, direct, throughAction, legacy] { #expect(!plan.actions.contains { $0.eventName == kept }, "\(kept)") }
            let before = try await exported(base)
            let reference = Timestamp(seconds: 1_780_272_000)
            for action in plan.actions {
                let definition = try #require(before[action.eventID])
                #expect(!definition.isVerified && !PostHogEvents.contains(definition.name), "\(definition.name)")
                #expect(definition.lastSeenAt.map { $0 < reference.adding(days: -365) } ?? true, "\(definition.name) seen in the window")
                #expect(definition.createdAt.map { $0 < reference.adding(days: -30) } == true, "\(definition.name) created lately")
            }
            // When it is applied, the definitions are gone; undo creates each again with its metadata
            let applied = try await run(["fix", "--apply", "prune.json", "--yes"], in: directory)
            #expect(applied.exitCode == 0, "\(applied.standardOutput)\(applied.standardError)")
            let gone = try await exported(base)
            #expect(gone.count == before.count - plan.actions.count)
            let undone = try await run(["undo", "1", "--yes"], in: directory)
            #expect(undone.exitCode == 0, "\(undone.standardOutput)\(undone.standardError)")
            #expect(
                undone.standardOutput.contains("PostHog gives each a new id") || undone.standardOutput.contains("PostHog gives it a new id")
            )
            #expect(Self.governed(try await exported(base)) == Self.governed(before))
            let routes = try await statuses(base)
            #expect(routes["DELETE destroy"]?["204"] == plan.actions.count && routes["POST create"]?["201"] == plan.actions.count)
        }
    }

    @Test func usageShowsTheInsightsAndDashboardsThatChartEachEvent() async throws {
        try await withSimulator({ $0.definitions = 50 }) { base in
            let directory = Fixtures.temporaryDirectory("usage")
            let action = try await api(base, "POST", "actions/", ["name": "Signed up", "steps": [["event": "signed_up"]]])
            for name in ["Growth", "Revenue", "Ops"] { _ = try await api(base, "POST", "dashboards/", ["name": name]) }
            let trends: (Any) -> [String: Any] = { node in ["kind": "InsightVizNode", "source": ["kind": "TrendsQuery", "series": [node]]] }
            _ = try await api(
                base, "POST", "insights/",
                [
                    "name": "Signups <b>", "saved": true, "dashboards": [3, 1],
                    "query": trends(["kind": "ActionsNode", "id": action["id"]!]),
                ])
            _ = try await api(
                base, "POST", "insights/",
                ["name": "Old", "saved": true, "dashboards": [2], "filters": ["events": [["id": "signed_up", "type": "events"]]]])
            _ = try await api(
                base, "POST", "insights/",
                ["name": "Draft", "saved": false, "query": trends(["kind": "EventsNode", "event": "signed_up"])])
            let result = try await run(
                ["usage", "signed_up", "nobody_sends_this", "--host", base, "--project", "1", "--format", "json"], in: directory)
            #expect(result.exitCode == 0, "\(result.standardError)")
            let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
            let events = (object?["events"] as? [[String: Any]]) ?? []
            let boards = (events.first?["dashboards"] as? [[String: Any]]) ?? []
            #expect(boards.compactMap { $0["id"] as? Int } == [1, 2, 3], "drafts are not saved insights; legacy filters count")
            #expect(boards.compactMap { $0["name"] as? String } == ["Growth", "Revenue", "Ops"], "dashboards by name and id")
            #expect(((events.first?["insights"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String } == ["Signups <b>", "Old"])
            #expect((events.last?["insights"] as? [Any])?.isEmpty == true)
            #expect(object?["insights_read"] as? Int == 2)
            let text = try await run(["usage", "nobody_sends_this", "--host", base, "--project", "1"], in: directory)
            #expect(text.standardOutput.contains("nobody_sends_this: no saved insight charts it"))
        }
    }

    @Test func usageRulesJudgeWhatSavedInsightsChart() async throws {
        try await withSimulator({
            $0.definitions = 300; $0.seed = 47
        }) { base in
            let directory = Fixtures.temporaryDirectory("usage-rules")
            Fixtures.write("rules: { hidden_in_use: error, stale_in_use: error, unused_event: info }\n", to: "policy.yml", in: directory)
            let state = try await exported(base).values.filter { !PostHogEvents.contains($0.name) }.sorted { $0.name < $1.name }
            let reference = Timestamp(seconds: 1_780_272_000)
            let hidden = try #require(state.first { $0.isHidden })
            let stale = try #require(state.first { !$0.isHidden && ($0.lastSeenAt.map { $0 < reference.adding(days: -60) } ?? false) })
            let trends: (String) -> [String: Any] = { event in
                ["kind": "InsightVizNode", "source": ["kind": "TrendsQuery", "series": [["kind": "EventsNode", "event": event]]]]
            }
            for name in ["Hidden board", "Revenue", "Growth <b>"] { _ = try await api(base, "POST", "dashboards/", ["name": name]) }
            _ = try await api(base, "POST", "insights/", ["name": "H", "saved": true, "dashboards": [1], "query": trends(hidden.name)])
            _ = try await api(base, "POST", "insights/", ["name": "S", "saved": true, "dashboards": [2, 3], "query": trends(stale.name)])
            let result = try await run(
                [
                    "audit", "--host", base, "--project", "1", "--policy", "policy.yml", "--no-history", "--now", "2026-06-01", "--format",
                    "json",
                    "--output-dir", "out", "--fail-on", "never",
                ], in: directory)
            #expect(result.exitCode == 0, "\(result.standardError)")
            #expect(result.standardError.contains("usage read from 2 saved insights"))
            let report =
                try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("out/steward-report.json")))
                as? [String: Any]
            let findings = (report?["findings"] as? [[String: Any]]) ?? []
            func named(_ rule: String) -> [String] {
                findings.filter { $0["rule"] as? String == rule }.compactMap { $0["event_name"] as? String }
            }
            #expect(named("hidden_in_use") == [hidden.name])
            // The hidden one may be stale too; then both rules say so.
            #expect(Set(named("stale_in_use")).subtracting([hidden.name]) == [stale.name])
            let staleMessage =
                findings.first { $0["rule"] as? String == "stale_in_use" && $0["event_name"] as? String == stale.name }?["message"]
                as? String
            #expect(staleMessage?.contains(#"dashboards "Revenue" (#2), "Growth <b>" (#3)"#) == true, "\(staleMessage ?? "")")
            #expect(!named("unused_event").contains(hidden.name) && !named("unused_event").contains(stale.name))
            #expect(named("unused_event").count > 10)
            // From a snapshot taken without insights the usage rules judge nothing, and say so once.
            #expect(
                try await run(["snapshot", "--host", base, "--project", "1", "--output", "snap.json", "--no-usage"], in: directory).exitCode
                    == 0)
            let offline = try await run(
                ["audit", "--from", "snap.json", "--policy", "policy.yml", "--no-history", "--fail-on", "never"], in: directory)
            #expect(offline.standardError.contains("usage unavailable: snap.json holds no insights"), "\(offline.standardError)")
        }
    }

    @Test func pruneWithAKeyThatMayNotReadInsightsRefusesNamingTheScope() async throws {
        try await withSimulator({
            $0.definitions = 100; $0.apiKeys = [APIKey(spec: "\(Self.secret):event_definition:write")!]
        }) { base in
            let directory = Fixtures.temporaryDirectory("prune-scope")
            let refused = try await run(
                ["prune", "--host", base, "--project", "1", "--plan-out", "prune.json", "--unsafe", "--now", "2026-06-01"], in: directory)
            #expect(refused.exitCode == 2)
            #expect(
                refused.standardError.contains("insight:read, dashboard:read and action:read")
                    && refused.standardError.contains("--ignore-usage"))
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("prune.json").path))
        }
    }

    @Test func auditAndSnapshotOverHTTP() async throws {
        try await withSimulator({ $0.definitions = 1_500 }) { base in
            let directory = Fixtures.temporaryDirectory("fetch")
            let audit = try await run(
                ["audit", "--host", base, "--project", "1", "--format", "text,json", "--output-dir", "out", "--fail-on", "never"],
                in: directory)
            #expect(audit.exitCode == 0, "\(audit.standardError)")
            #expect(audit.standardOutput.contains("1500 definitions"))
            let snapshot = try await run(["snapshot", "--host", base, "--project", "@current", "--output", "snap.json"], in: directory)
            #expect(snapshot.exitCode == 0)
            let read = try SnapshotReader.read(path: directory.appendingPathComponent("snap.json").path)
            #expect(read.complete && read.definitions.count == 1_500 && read.host == base && read.project == "@current")
            let offline = try await run(["audit", "--from", "snap.json", "--fail-on", "never"], in: directory)
            #expect(offline.exitCode == 0 && offline.standardOutput.contains("1500 definitions"))
            try await expectNoSecret(audit, files: directory)
            try await expectNoSecret(snapshot, files: directory.appendingPathComponent("out"))
        }
    }

    @Test func apiErrorsExitThreeWithAReason() async throws {
        try await withSimulator({
            $0.definitions = 10
            $0.apiKeys = [APIKey(spec: "phx_noscope_key:feature_flag:read")!, APIKey(spec: "phx_other_project:*@7")!]
        }) { base in
            let directory = Fixtures.temporaryDirectory("fetch")
            let cases: [(String?, String, String)] = [
                ("phx_wrong_key_0000", "1", "rejected the personal API key (401"),
                ("phx_noscope_key", "1", "lacks the scope 'event_definition:read'"),
                ("phx_other_project", "1", "no access to this project (403"),
                ("phx_noscope_key", "999", "does not know this project (404"),
            ]
            for (key, project, message) in cases {
                let result = try await run(["audit", "--host", base, "--project", project], key: key, in: directory)
                #expect(result.exitCode == 3, "\(message): \(result.standardError)")
                #expect(result.standardError.contains(message), "\(result.standardError)")
                try await expectNoSecret(result, files: directory, secret: key!)
            }
        }
        try await withSimulator({
            $0.definitions = 10; $0.taxonomyAddOn = false
        }) { base in
            // 402 needs a write; the fix issue drives it. Listing still works without the add-on.
            let result = try await run(
                ["audit", "--host", base, "--project", "1", "--fail-on", "never"], in: Fixtures.temporaryDirectory("fetch"))
            #expect(result.exitCode == 0)
        }
    }

    @Test func progressIsDrawnOnATerminalOnly() async throws {
        try await withSimulator({ $0.definitions = 2_000 }) { base in
            let directory = Fixtures.temporaryDirectory("fetch")
            let command = "\(StewardProcess.executable.path) snapshot --host \(base) --project 1 --page-size 100 --output tty.json"
            // `script` gives the command a terminal, as a person at a shell would have.
            let onTTY = try await StewardProcess.run(
                ["-qefc", command, "/dev/null"], in: directory,
                environment: ["POSTHOG_PERSONAL_API_KEY": Self.secret], executable: URL(fileURLWithPath: "/usr/bin/script"))
            #expect(onTTY.exitCode == 0)
            #expect(onTTY.standardOutput.contains("pass 1: ") && onTTY.standardOutput.contains("of 2000 definitions"))
            let piped = try await run(
                ["snapshot", "--host", base, "--project", "1", "--page-size", "100", "--output", "piped.json"], in: directory)
            #expect(piped.exitCode == 0 && !piped.standardError.contains("pass 1: "))
        }
    }

    @Test func missingKeyAndPlainHTTPAreRefusedBeforeAnyRequest() async throws {
        let directory = Fixtures.temporaryDirectory("fetch")
        let noKey = try await run(["audit", "--host", "http://127.0.0.1:9", "--project", "1"], key: nil, in: directory)
        #expect(noKey.exitCode == 2 && noKey.standardError.contains("POSTHOG_PERSONAL_API_KEY"))
        let plain = try await run(["audit", "--host", "http://posthog.example.com", "--project", "1"], in: directory)
        #expect(plain.exitCode == 2 && plain.standardError.contains("refusing to send the API key over plain HTTP"))
        let gone = try await run(["audit", "--host", "http://127.0.0.1:9", "--project", "1"], in: directory)
        #expect(gone.exitCode == 3 && gone.standardError.contains("could not be reached"), "\(gone.standardError)")
    }
}
