import Foundation
import PostHogSimulator
import StewardTestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `steward codegen` against posthog-sim: `--output` writes PostHog's file and records its hash beside it;
/// `--check` passes while nothing changed, exits 1 after a definition's schema changes (naming the event),
/// and passes again once `--output` rewrote the file. The older text/plain answer is handled too.
@Suite(.serialized) struct CodegenCLITests {
    func run(_ arguments: [String], in directory: URL, base: String) async throws -> StewardProcess.Result {
        try await StewardProcess.run(
            arguments + ["--host", base, "--project", "1"], in: directory,
            environment: ["POSTHOG_HOST": "", "POSTHOG_PROJECT_ID": "", "POSTHOG_PERSONAL_API_KEY": FetchCLITests.secret])
    }

    func setSchema(_ base: String, _ event: String, _ properties: [[String: Any]]) async throws {
        var request = URLRequest(url: URL(string: base + "/_sim/schema")!)
        request.httpMethod = "PUT"
        request.httpBody = try JSONSerialization.data(withJSONObject: ["event": event, "properties": properties])
        let (_, response) = try await testSession.data(for: request)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
    }

    func withDirectory(_ body: (URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("codegen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(directory)
    }

    @Test func checkFailsAfterASchemaChangesAndPassesOnceRewritten() async throws {
        try await withSimulator({ $0.definitions = 400 }) { base in
            try await withDirectory { directory in
                for language in ["typescript", "golang", "python"] {
                    let file = ["typescript": "posthog-typed.ts", "golang": "posthog-typed.go", "python": "posthog_typed.py"][language]!
                    let written = try await run(["codegen", "--language", language, "--output", file], in: directory, base: base)
                    #expect(written.exitCode == 0, "\(written.standardError)")
                    let record = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent("posthog.json")))
                    let entry = ((record as? [String: Any])?["languages"] as? [String: Any])?[language] as? [String: Any]
                    #expect((entry?["schema_hash"] as? String)?.count == 32)
                    #expect(entry?["file"] as? String == file)
                    let fresh = try await run(["codegen", "--language", language, "--check", file], in: directory, base: base)
                    #expect(fresh.exitCode == 0, "\(fresh.standardOutput)")
                    #expect(fresh.standardOutput.contains("\(file) matches PostHog"))
                }
                try await setSchema(base, "$pageview", [["name": "path_name", "property_type": "String", "is_required": true]])
                for (language, file) in [
                    ("typescript", "posthog-typed.ts"), ("golang", "posthog-typed.go"), ("python", "posthog_typed.py"),
                ] {
                    let stale = try await run(["codegen", "--language", language, "--check", file], in: directory, base: base)
                    #expect(stale.exitCode == 1)
                    #expect(stale.standardOutput.contains("\(file) no longer matches PostHog: 1 event differs."), "\(stale.standardOutput)")
                    #expect(stale.standardOutput.contains("changed (1): '$pageview'"))
                    #expect(stale.standardOutput.contains("schema_hash: recorded "))
                    let rewritten = try await run(["codegen", "--language", language, "--output", file], in: directory, base: base)
                    #expect(rewritten.exitCode == 0)
                    let again = try await run(["codegen", "--language", language, "--check", file], in: directory, base: base)
                    #expect(again.exitCode == 0, "\(again.standardOutput)")
                }
                // A hand edit is caught by content even when the hash still matches.
                let path = directory.appendingPathComponent("posthog_typed.py")
                try (try String(contentsOf: path, encoding: .utf8) + "\n# edited\n").write(to: path, atomically: true, encoding: .utf8)
                let edited = try await run(["codegen", "--language", "python", "--check", "posthog_typed.py"], in: directory, base: base)
                #expect(edited.exitCode == 1)
                let missing = try await run(["codegen", "--language", "python", "--check", "nope.py"], in: directory, base: base)
                #expect(missing.exitCode == 2 && missing.standardError.contains("cannot read nope.py"))
            }
        }
    }

    @Test func theOlderTextPlainAnswerIsWrittenAndCheckedByContent() async throws {
        try await withSimulator({
            $0.definitions = 200
            $0.legacyTypeScriptText = true
        }) { base in
            try await withDirectory { directory in
                let written = try await run(["codegen", "--language", "typescript", "--output", "typed.ts"], in: directory, base: base)
                #expect(written.exitCode == 0, "\(written.standardError)")
                #expect(
                    try String(contentsOf: directory.appendingPathComponent("typed.ts"), encoding: .utf8).hasPrefix(
                        "/**\n * GENERATED FILE"))
                let record = try String(contentsOf: directory.appendingPathComponent("posthog.json"), encoding: .utf8)
                #expect(!record.contains("schema_hash"))
                let fresh = try await run(["codegen", "--language", "typescript", "--check", "typed.ts"], in: directory, base: base)
                #expect(fresh.exitCode == 0, "\(fresh.standardOutput)")
                try await setSchema(base, "$pageview", [["name": "path_name", "property_type": "String"]])
                let stale = try await run(["codegen", "--language", "typescript", "--check", "typed.ts"], in: directory, base: base)
                #expect(stale.exitCode == 1 && stale.standardOutput.contains("changed (1): '$pageview'"))
            }
        }
    }
}
