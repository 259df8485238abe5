import Foundation
import PostHogAPI
import StewardCore
import StewardHistory

/// Decides each setting of an invocation: the flag, then the environment, then `steward.yml`, then the
/// default, and remembers which one it was so `steward config` can say so.
public struct SettingsResolver: Sendable {
    /// Where an effective setting came from.
    public enum Origin: Sendable, Equatable, CustomStringConvertible {
        /// A command-line flag, such as `--host`.
        case flag(String)
        /// An environment variable, such as `POSTHOG_HOST`.
        case environment(String)
        /// A place in `steward.yml`.
        case file(SourceLocation)
        /// Steward's default.
        case builtIn

        /// How it reads in `steward config`.
        public var description: String {
            switch self {
            case .flag(let name): return name
            case .environment(let name): return "env \(name)"
            case .file(let location): return "\(location)"
            case .builtIn: return "default"
            }
        }
    }

    /// A value with where it came from.
    public struct Resolved<Value: Sendable>: Sendable {
        /// The value.
        public var value: Value
        /// Where it came from.
        public var origin: Origin
    }

    /// The project file's settings, nil when there is no `steward.yml`.
    public var settings: ProjectSettings?
    /// The environment read for `POSTHOG_HOST` and `POSTHOG_PROJECT_ID`.
    public var environment: [String: String]

    /// A resolver over `settings` and `environment`.
    public init(settings: ProjectSettings?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.settings = settings
        self.environment = environment
    }

    /// Reads `steward.yml` from `directory` (the working directory by default); a bad file is a usage error
    /// (exit 2) at `file:line:column`.
    public static func load(
        directory: String = FileManager.default.currentDirectoryPath,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(StewardError) -> SettingsResolver {
        let path =
            directory == FileManager.default.currentDirectoryPath
            ? PolicyLoader.projectFileName : directory + "/" + PolicyLoader.projectFileName
        do {
            return SettingsResolver(settings: try ProjectSettings.load(path: path), environment: environment)
        } catch {
            throw error.stewardError
        }
    }

    private func configured(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }

    private func pick<Value>(
        flag: Value?, flagName: String, environment name: String? = nil, parse: (String) -> Value? = { _ in nil },
        file: ProjectSettings.Located<Value>?
    ) -> Resolved<Value>? {
        if let flag { return Resolved(value: flag, origin: .flag(flagName)) }
        if let name, let text = configured(name), let value = parse(text) { return Resolved(value: value, origin: .environment(name)) }
        if let file { return Resolved(value: file.value, origin: .file(file.location)) }
        return nil
    }

    /// The PostHog host.
    public func host(flag: String?) -> Resolved<String> {
        pick(flag: flag, flagName: "--host", environment: "POSTHOG_HOST", parse: { $0 }, file: settings?.host)
            ?? Resolved(value: PostHogEndpoint.defaultHost, origin: .builtIn)
    }

    /// The project, nil when nothing names one.
    public func project(flag: String?) -> Resolved<String>? {
        pick(flag: flag, flagName: "--project", environment: "POSTHOG_PROJECT_ID", parse: { $0 }, file: settings?.project)
    }

    /// The history database.
    public func database(flag: String?) -> Resolved<String> {
        pick(flag: flag, flagName: "--db", file: settings?.db) ?? Resolved(value: HistoryStore.defaultPath, origin: .builtIn)
    }

    /// The policy references to load, in order: `--policy`, else `steward.yml`'s `policy` then the file itself
    /// when it holds policy keys, else the `default` preset.
    public func policy(flags: [String]) -> Resolved<[String]> {
        if !flags.isEmpty { return Resolved(value: flags, origin: .flag("--policy")) }
        guard let settings, let file = settings.file else { return Resolved(value: ["default"], origin: .builtIn) }
        let own = settings.hasPolicyKeys ? [file] : []
        if let listed = settings.policy { return Resolved(value: listed.value + own, origin: .file(listed.location)) }
        if settings.hasPolicyKeys { return Resolved(value: own, origin: .file(SourceLocation(file: file, line: 1, column: 1))) }
        return Resolved(value: ["default"], origin: .builtIn)
    }

    /// Report formats.
    public func formats(flag: [String]?) -> Resolved<[String]> {
        pick(flag: flag, flagName: "--format", file: settings?.format) ?? Resolved(value: ["text"], origin: .builtIn)
    }

    /// Where file reports go, nil when nothing says (the audit then picks `reports` for several formats).
    public func outputDirectory(flag: String?) -> Resolved<String>? {
        pick(flag: flag, flagName: "--output-dir", file: settings?.outputDir)
    }

    /// The lowest severity that fails a run.
    public func failOn(flag: String?) -> Resolved<String> {
        pick(flag: flag, flagName: "--fail-on", file: settings?.failOn) ?? Resolved(value: "error", origin: .builtIn)
    }

    /// Definitions per request, nil for the automatic size.
    public func pageSize(flag: Int?) -> Resolved<Int>? {
        pick(flag: flag, flagName: "--page-size", file: settings?.pageSize)
    }

    /// The tracking plan: `--plan`, else `plan:` in steward.yml, else `tracking-plan.yml` when it exists.
    public func plan(flag: String?, directory: String = FileManager.default.currentDirectoryPath) -> Resolved<String>? {
        if let found = pick(flag: flag, flagName: "--plan", file: settings?.plan) { return found }
        let conventional = directory + "/" + TrackingPlan.defaultFileName
        guard FileManager.default.fileExists(atPath: conventional) else { return nil }
        return Resolved(value: TrackingPlan.defaultFileName, origin: .builtIn)
    }

    /// The tag at-risk dashboards get: `--tag`, else `at_risk_tag:`, else `steward:at-risk`.
    public func atRiskTag(flag: String?) -> Resolved<String> {
        pick(flag: flag, flagName: "--at-risk-tag", file: settings?.atRiskTag) ?? Resolved(value: "steward:at-risk", origin: .builtIn)
    }

    /// The dashboard `steward publish` keeps: `--name`, else `dashboard_name:`, else "Event taxonomy health".
    public func dashboardName(flag: String?) -> Resolved<String> {
        pick(flag: flag, flagName: "--name", file: settings?.dashboardName) ?? Resolved(value: "Event taxonomy health", origin: .builtIn)
    }

    /// Requests in flight.
    public func concurrency(flag: Int?) -> Resolved<Int> {
        pick(flag: flag, flagName: "--concurrency", file: settings?.concurrency)
            ?? Resolved(value: DefinitionCrawler.Options().concurrency, origin: .builtIn)
    }
}
