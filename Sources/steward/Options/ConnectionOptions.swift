import ArgumentParser
import Foundation
import PostHogAPI
import StewardKit

/// `--host`, `--project`, `--api-key-file` and the rate limits: how to reach a PostHog project.
///
/// The host is `--host`, else `POSTHOG_HOST`, else `host:` in steward.yml, else PostHog Cloud US, for reading and writing alike; a
/// plan or a recorded run may only agree with it, never choose it (the key goes where the person says).
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "PostHog host (env POSTHOG_HOST; default \(PostHogEndpoint.defaultHost)). Plain http only to loopback.", valueName: "url"))
    var host: String?

    @Option(name: .long, help: ArgumentHelp("Project id or @current (env POSTHOG_PROJECT_ID).", valueName: "id"))
    var project: String?

    @Option(
        name: .long, help: ArgumentHelp("File holding the personal API key (otherwise env POSTHOG_PERSONAL_API_KEY).", valueName: "file"))
    var apiKeyFile: String?

    @OptionGroup var rateLimits: RateLimitOptions

    /// Whether a host or project was named on the command line.
    var namesAProject: Bool { host != nil || project != nil }

    /// The configured connection; `fallbackProject` (a plan's or run's) is used only when none of
    /// `--project`, `POSTHOG_PROJECT_ID` and steward.yml names one.
    func remote(fallbackProject: String? = nil, progress: Bool) throws -> DefinitionSource.RemoteOptions {
        let settings = try ProjectFile.settings()
        guard let project = settings.project(flag: project)?.value ?? fallbackProject else {
            throw ValidationError(
                "say which definitions to read: --from FILE, or --project ID (or POSTHOG_PROJECT_ID, or project: in steward.yml) with the key in POSTHOG_PERSONAL_API_KEY."
            )
        }
        var options = DefinitionSource.RemoteOptions(host: settings.host(flag: host).value, project: project)
        options.keyFile = apiKeyFile
        options.perMinute = rateLimits.rateLimit
        options.perHour = rateLimits.rateLimitHour
        if progress {
            options.progress = { await ProgressLine.shared.update($0) }
            options.usageProgress = { read, total in Task { await ProgressLine.shared.insights(read, of: total) } }
        }
        options.notice = { Console.note($0) }
        return options
    }
}
