import ArgumentParser
import Foundation
import PostHogAPI
import StewardKit
import StewardReports

extension Steward {
    /// `steward config`: the effective settings and where each came from.
    struct Config: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the effective settings and where each came from.",
            discussion: """
                Each setting is the flag, else the environment (POSTHOG_HOST, POSTHOG_PROJECT_ID), else \
                steward.yml in the working directory, else Steward's default. steward.yml keeps the settings a \
                project shares in git (host, project, db, policy, format, output_dir, fail_on, page_size, \
                concurrency, plan, at_risk_tag, dashboard_name) beside its policy keys; the API key is never one of them.

                Pass the flags a command would get to see what that command would use:
                  steward config
                  steward config --project 12345 --format json
                """)

        @OptionGroup var sourceOptions: SourceOptions
        @OptionGroup var policyOptions: PolicyOptions
        @OptionGroup var database: DatabaseOption

        @Option(name: .long, help: "The --fail-on a command would get.")
        var failOn: String?

        @Option(name: .customLong("report-format"), help: "The audit --format a command would get (comma-separated).")
        var reportFormat: String?

        @Option(name: .long, help: ArgumentHelp("The audit --output-dir a command would get.", valueName: "dir"))
        var outputDir: String?

        @OptionGroup var format: TextOrJSONFormat

        func run() async throws {
            let settings = try ProjectFile.settings()
            let connection = sourceOptions.connection
            func entry<Value>(_ key: String, _ resolved: SettingsResolver.Resolved<Value>?, _ show: (Value) -> String) -> SettingsView.Entry
            {
                SettingsView.Entry(key: key, value: resolved.map { show($0.value) }, origin: resolved?.origin.description ?? "default")
            }
            let formats = reportFormat.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            let inFlight = settings.concurrency(flag: sourceOptions.concurrency)
            var entries = [
                entry("host", settings.host(flag: connection.host)) { $0 },
                entry("project", settings.project(flag: connection.project)) { $0 },
                entry("db", settings.database(flag: database.db)) { $0 },
                entry("policy", settings.policy(flags: policyOptions.policy)) { $0.joined(separator: ", ") },
                entry("format", settings.formats(flag: formats)) { $0.joined(separator: ", ") },
                entry("output_dir", settings.outputDirectory(flag: outputDir)) { $0 },
                entry("fail_on", settings.failOn(flag: failOn)) { $0 },
                entry("page_size", settings.pageSize(flag: sourceOptions.pageSize)) { String($0) },
                entry("concurrency", inFlight) { value in
                    guard inFlight.origin == .builtIn, let range = DefinitionCrawler.Options().adaptiveConcurrency else {
                        return String(value)
                    }
                    return "from \(value), adapting between \(range.lowerBound) and \(range.upperBound) to PostHog's answers"
                },
                entry("plan", settings.plan(flag: nil)) { $0 },
                entry("at_risk_tag", settings.atRiskTag(flag: nil)) { $0 },
                entry("dashboard_name", settings.dashboardName(flag: nil)) { $0 },
            ]
            if entries[5].value == nil { entries[5].value = "reports (when a file format is asked for)" }
            if entries[7].value == nil { entries[7].value = "automatic" }
            let keySource: String
            if let file = connection.apiKeyFile {
                keySource = "--api-key-file \(file)"
            } else {
                let set = ProcessInfo.processInfo.environment["POSTHOG_PERSONAL_API_KEY"].map { !$0.isEmpty } ?? false
                keySource = "env POSTHOG_PERSONAL_API_KEY (\(set ? "set" : "not set"))"
            }
            entries.append(SettingsView.Entry(key: "api key", value: "never a setting", origin: keySource))
            var notes: [String] = []
            if settings.settings?.isEmpty == true { notes.append("steward.yml is empty: the default policy applies.") }
            let policy = try PolicyResolution.load(explicit: settings.policy(flags: policyOptions.policy).value)
            notes += try PolicyResolution.warnings(for: policy, strict: policyOptions.strict)
            let file = settings.settings?.file
            try Console.out(
                format.format == "json"
                    ? SettingsView.json(entries, file: file, notes: notes) : SettingsView.text(entries, file: file, notes: notes))
        }
    }
}
