import Foundation
import StewardCore
import StewardKit
import StewardReports
import StewardTestSupport
import Testing

/// `steward scan`'s walk, calls and judgement: the fixture tree in every language gives exactly the calls it
/// holds (multi-line calls counted, comments and strings that look like calls not), bad files are skipped and
/// counted without a hang, `.gitignore` is read as git reads it, and names are judged against PostHog.
@Suite struct ScanTests {
    static let tree = StewardProcess.packageRoot.appendingPathComponent("Tests/Fixtures/scan-tree").path
    static let now = Timestamp(seconds: 1_780_272_000)

    func scan(
        _ root: String, paths: [String]? = nil, definitions: [EventDefinition]? = nil, plan: TrackingPlan? = nil,
        policy: Policy? = nil, maximumFileSize: Int = 2 * 1_048_576
    ) throws -> ScanReport {
        var input = ScanPipeline.Input(
            paths: paths ?? [root], root: root, policy: try policy ?? PolicyResolution.load(explicit: []), now: Self.now)
        input.definitions = definitions
        input.plan = plan
        input.maximumFileSize = maximumFileSize
        return try ScanPipeline().run(input)
    }

    @Test func fixtureTreeInEveryLanguageGivesExactlyItsCalls() throws {
        let report = try scan(Self.tree)
        let found = report.occurrences.map { "\($0.file):\($0.line) \($0.shownName)\($0.isDynamic ? " (dynamic)" : "")" }
        #expect(
            found == [
                "android/Legacy.java:3 video_paused", "android/Legacy.java:4 export_started", "android/Player.kt:6 song_liked",
                "android/Player.kt:7 screen_<expr>_opened (dynamic)", "app/tasks.py:12 report_requested", "app/tasks.py:14 report_exported",
                "app/tasks.py:17 report_<expr>_done (dynamic)", "app/tasks.py:18 report_viewed", "dart/quiz.dart:2 quiz_started",
                "go/jobs.go:10 job_queued", "ios/Checkout.swift:8 checkout_completed",
                "ios/Checkout.swift:10 checkout_step_<expr>_done (dynamic)", "php/invoice.php:5 invoice_sent",
                "ruby/billing.rb:3 plan_upgraded", "ruby/billing.rb:4 seat_added", "server/orders.js:7 order_paid",
                "web/src/auth.ts:11 user_signed_up", "web/src/auth.ts:13 onboarding_started",
                "web/src/auth.ts:16 user_<expr>_signed_up (dynamic)", "web/src/auth.ts:21 banner_closed",
                "web/src/auth.ts:22 eventFromProps",
            ])
        #expect(report.unresolved.map(\.shownName) == ["eventFromProps"])
        #expect(report.fileCount == 10)
        #expect(Set(report.filesByLanguage.keys) == Set(ScanLanguage.allCases))
        let skipped = Dictionary(uniqueKeysWithValues: report.skipped.map { ($0.label, $0.count) })
        #expect(skipped == ["binary": 1, "ignored by .gitignore": 1, "vendored or build folders": 1])
        // The column is the name argument's: `  posthog.capture(SIGNED_UP` puts it at 19.
        #expect(report.occurrences.first { $0.shownName == "user_signed_up" }?.column == 19)
    }

    @Test func badFilesAreSkippedAndCountedWithoutAHang() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scan-bad-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let manager = FileManager.default
        try manager.createDirectory(at: root, withIntermediateDirectories: true)
        func write(_ path: String, _ data: Data) throws {
            let url = root.appendingPathComponent(path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        try write("ok.js", Data("posthog.capture('fine')\n".utf8))
        try write("latin1.py", Data([0x70, 0x6F, 0x73, 0x74, 0x68, 0x6F, 0x67, 0x2E, 0xE9, 0x0A]))
        try write("huge.ts", Data(repeating: UInt8(ascii: "a"), count: 1_048_576 + 10))
        try write("bundle.js", Data(("var a=1;" + String(repeating: "posthog.capture('minified');", count: 2_000)).utf8))
        try write("app.min.js", Data("posthog.capture('min')".utf8))
        // A symbolic link loop, a dangling link and a named pipe (opening which would block) are all passed by.
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("loop").path, withDestinationPath: root.path)
        try manager.createSymbolicLink(atPath: root.appendingPathComponent("gone.js").path, withDestinationPath: "/nonexistent/x.js")
        #expect(mkfifo(root.appendingPathComponent("pipe.js").path, 0o644) == 0)
        // Deeper than the walk goes.
        let deep = (0...70).map { "d\($0)" }.joined(separator: "/")
        try write(deep + "/deep.js", Data("posthog.capture('too_deep')".utf8))
        let report = try scan(root.path, maximumFileSize: 1_048_576)
        #expect(report.occurrences.map(\.shownName) == ["fine"])
        let skipped = Dictionary(uniqueKeysWithValues: report.skipped.map { ($0.label, $0.count) })
        #expect(skipped["not UTF-8"] == 1)
        #expect(skipped["too large"] == 1)
        #expect(skipped["minified"] == 2)
        #expect(skipped["symbolic links"] == 2)
        #expect(skipped["folders too deep"] == 1)
        #expect(report.notes.contains { $0.hasPrefix("huge.ts:") })
        #expect(report.notes.contains { $0.hasPrefix("latin1.py: not UTF-8") })
    }

    @Test func gitignoreIsReadAsGitReadsIt() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scan-ignore-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = [
            ".gitignore": "# comment\n*.gen.ts\n/top.js\nlogs/\n!keep.gen.ts\ndocs/**/*.py\n",
            "a/top.js": "posthog.capture('nested_top')", "top.js": "posthog.capture('root_top')",
            "x.gen.ts": "posthog.capture('generated')", "keep.gen.ts": "posthog.capture('kept')",
            "logs/a.js": "posthog.capture('log_dir')", "a/logs.js": "posthog.capture('logs_file')",
            "docs/x/y/z.py": "posthog.capture('docs_py')", "docs/z.js": "posthog.capture('docs_js')",
            "sub/.gitignore": "*.js\n", "sub/a.js": "posthog.capture('sub_js')", "sub/a.ts": "posthog.capture('sub_ts')",
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        let names = try scan(root.path).occurrences.map(\.shownName).sorted()
        #expect(names == ["docs_js", "kept", "logs_file", "nested_top", "sub_ts"])
        // Scanning a folder inside the root still honours the root's ignore file.
        #expect(try scan(root.path, paths: [root.appendingPathComponent("docs").path]).occurrences.map(\.shownName) == ["docs_js"])
        // A file named on the command line is read whatever the ignore files say.
        #expect(try scan(root.path, paths: [root.appendingPathComponent("x.gen.ts").path]).occurrences.map(\.shownName) == ["generated"])
    }

    @Test func namesAreJudgedAgainstPostHogAndThePlan() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scan-judge-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root.appendingPathComponent("src"), withIntermediateDirectories: true)
        try Data(
            """
            posthog.capture("User Signed Up")
            posthog.capture("user_signed_up")
            posthog.capture("old_export")
            posthog.capture("brand_new_thing")
            posthog.capture("$pageview")
            posthog.capture("deprecated_one")

            """.utf8
        ).write(to: root.appendingPathComponent("src/app.ts"))
        try Data("posthog.capture('User Signed Up')\n".utf8).write(to: root.appendingPathComponent("src/other.ts"))
        let definitions = [
            EventDefinition(id: "1", name: "user_signed_up", verified: true), EventDefinition(id: "2", name: "old_export", hidden: true),
            EventDefinition(id: "3", name: "$pageview"), EventDefinition(id: "4", name: "deprecated_one"),
        ]
        let planFile = root.appendingPathComponent("plan.yml")
        try Data(
            "events:\n  - name: user_signed_up\n  - name: deprecated_one\n    status: deprecated\n  - name: checkout_done\n".utf8
        ).write(to: planFile)
        let plan = try TrackingPlan.load(path: planFile.path)
        let report = try scan(root.path, definitions: definitions, plan: plan)
        func lines(_ rule: String) -> [String] {
            report.findings.filter { $0.ruleID == rule }.map { "\($0.location!.file):\($0.location!.line) \($0.eventName)" }
        }
        #expect(lines("near_duplicate_name") == ["src/app.ts:1 User Signed Up", "src/other.ts:1 User Signed Up"])
        let duplicate = try #require(report.findings.first { $0.ruleID == "near_duplicate_name" })
        #expect(duplicate.message == "'User Signed Up' at src/app.ts:1 is 'user_signed_up', which exists; send 'user_signed_up' instead.")
        #expect(lines("hidden_in_code") == ["src/app.ts:3 old_export", "src/app.ts:6 deprecated_one"])
        #expect(lines("new_event") == ["src/app.ts:1 User Signed Up", "src/app.ts:4 brand_new_thing", "src/other.ts:1 User Signed Up"])
        #expect(
            lines("unplanned_event") == [
                "src/app.ts:1 User Signed Up", "src/app.ts:3 old_export", "src/app.ts:4 brand_new_thing", "src/other.ts:1 User Signed Up",
            ])
        #expect(report.findings.filter { $0.ruleID == "planned_not_in_code" }.map(\.eventName) == ["checkout_done"])
        // A finding's identity is (file, name, rule): the same name in two files is two findings.
        #expect(Set(report.findings.map(\.key)).count == report.findings.count)
        #expect(report.exitCode == 1)
        // Without definitions the PostHog rules are silent, and two spellings in code are near-duplicates of each other.
        let alone = try scan(root.path)
        #expect(!alone.findings.contains { ["new_event", "hidden_in_code"].contains($0.ruleID) })
        #expect(
            alone.findings.filter { $0.ruleID == "near_duplicate_name" }.map(\.message).first
                == "'User Signed Up' at src/app.ts:1 is the same name as 'user_signed_up', also sent by this code, once case and separators are folded; pick one."
        )
        #expect(alone.rules.contains("dynamic_name_in_code") && !alone.rules.contains("new_event"))
    }

    @Test func hostileNamesInCodeAreEscapedInEveryFormat() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scan-hostile-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let name = "::error::x\u{1B}[31m<img src=x onerror=alert(1)>|pwn"
        try Data("posthog.capture('\(name)')\n".utf8).write(to: root.appendingPathComponent("a.js"))
        let report = try scan(root.path, definitions: [])
        #expect(report.occurrences.map(\.shownName) == [name])
        let text = report.text()
        #expect(!text.contains("\u{1B}") && !text.split(separator: "\n").contains { $0.hasPrefix("::") })
        let github = report.github()
        #expect(
            github.split(separator: "\n").allSatisfy { $0.hasPrefix("::error ") || $0.hasPrefix("::notice ") || $0.hasPrefix("::warning ") }
        )
        #expect(!github.contains("\u{1B}"))
        // In markdown the name is inline code (no HTML there) and the message escapes every punctuation mark.
        let markdown = report.markdown()
        #expect(!markdown.contains("\u{1B}"))
        #expect(markdown.contains("`\\u{3A}:error::x\\u{1B}[31m<img src=x onerror=alert(1)>\\|pwn`"))
        #expect(markdown.contains("\\<img src\\=x onerror\\=alert\\(1\\)\\>"))
        #expect(!report.junit().contains("<img"))
        let json = try JSONSerialization.jsonObject(with: Data(report.json().utf8)) as? [String: Any]
        #expect(((json?["occurrences"] as? [[String: Any]])?.first?["name"] as? String) == name)
    }

    @Test func policyTurnsCodeRulesOffAndBaselinesAcceptFindings() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("scan-policy-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data("posthog.capture(`report_${kind}`)\nposthog.capture('a_b')\n".utf8).write(to: root.appendingPathComponent("a.js"))
        let policyFile = root.appendingPathComponent("policy.yml")
        try Data("rules:\n  dynamic_name_in_code: off\n  new_event: warning\n".utf8).write(to: policyFile)
        let policy = try PolicyResolution.load(explicit: [policyFile.path])
        let report = try scan(root.path, paths: [root.appendingPathComponent("a.js").path], definitions: [], policy: policy)
        #expect(report.findings.map(\.ruleID) == ["new_event"])
        #expect(report.findings.first?.severity == .warning)
        var input = ScanPipeline.Input(paths: [root.path], root: root.path, policy: policy, now: Self.now)
        input.definitions = []
        input.baseline = Baseline(accepting: report.findings)
        let accepted = try ScanPipeline().run(input)
        #expect(accepted.findings.isEmpty && accepted.accepted == 1 && accepted.staleBaseline.isEmpty)
    }
}
