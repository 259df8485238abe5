import ArgumentParser
import Dispatch
import Foundation
import PostHogSimulator

/// `posthog-sim`: a local stand-in for PostHog Cloud's event-definition API.
@main
struct PostHogSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "posthog-sim",
        abstract: "Serve a simulated PostHog project's event-definition API on 127.0.0.1.",
        discussion: """
            Prints one line, "listening on http://127.0.0.1:PORT", once it accepts connections, and stops on \
            SIGINT or SIGTERM. Without --api-key it accepts the local key phx_posthog_sim_local_key (all scopes).

            Example:
              posthog-sim --port 0 --definitions 20000 --seed 7 --faults 500=0.05,drop=0.01
            """)

    @Option(help: "Port on 127.0.0.1 (0 picks a free one).") var port: UInt16 = 0
    @Option(help: "Definitions to generate.") var definitions: Int = 1_000
    @Option(help: "Seed for data, faults, jitter and churn.") var seed: UInt64 = 1
    @Option(help: ArgumentHelp("Serve definitions from a JSON array (the /_sim/export format) instead.", valueName: "file")) var data:
        String?
    @Option(help: "Project id served; @current resolves to it.") var projectID: Int = 1
    @Option(name: .customLong("api-key"), help: ArgumentHelp("KEY[:scope,scope…][@project,…]; repeatable.", valueName: "spec")) var apiKeys:
        [String] = []
    @Option(help: "Requests per minute per key (PostHog: 480); 0 is off.") var rateLimit: Int = 480
    @Option(help: "Requests per hour per key (PostHog: 4800); 0 is off.") var rateLimitHour: Int = 4_800
    @Flag(help: "Send Retry-After with 429 (PostHog most likely does not).") var retryAfter = false
    @Option(help: "Base latency in milliseconds (±25% jitter).") var latencyMs: Int = 0
    @Option(help: "Fault fractions: 500=F,502=F,503=F,429=F,drop=F,truncate=F,malformed=F,slow=F,slow_ms=N.") var faults: String = ""
    @Option(help: "Definitions created and deleted per list request.") var churn: Int = 0
    @Option(help: "Largest page a list request may return before it answers 503 event_definitions_timeout; 0 is unlimited.")
    var statementBudget: Int = 0
    @Flag(help: "The organization lacks the ingestion-taxonomy add-on: PATCH/PUT answer 402.") var noTaxonomyAddon = false
    @Flag(help: "The schema-enforcement-reject feature flag is off.") var noRejectFlag = false
    @Option(help: "Status for a UUID that does not exist: 500 (PostHog) or 404.") var missingIdStatus: Int = 500
    @Option(help: ArgumentHelp("Generate the project as seen at this instant (ISO 8601) instead of now.", valueName: "time")) var now:
        String?
    @Flag(
        help: "Let personal API keys call the dashboard actions PostHog gives no scopes (bulk_update_tags, create_from_template_json, …).")
    var pakDashboardActions = false

    @Flag(name: .long, help: "Answer event_definitions/typescript/ with text/plain, as PostHog did before the JSON answer.")
    var legacyTypescriptText = false
    @Option(help: "Saved insights to generate (default: four per dashboard).") var insights: Int?
    @Option(help: "Dashboards to generate (default: one per 1,000 definitions).") var dashboards: Int?
    @Flag(help: "Stop when standard input closes, so a parent that dies (a crashed test run) takes the simulator with it.")
    var stopWithStdin = false

    func validate() throws {
        guard [404, 500].contains(missingIdStatus) else { throw ValidationError("--missing-id-status must be 404 or 500.") }
        guard definitions >= 0 else { throw ValidationError("--definitions must be zero or more.") }
        for spec in apiKeys where APIKey(spec: spec) == nil { throw ValidationError("--api-key '\(spec)' is not KEY[:scopes][@projects].") }
    }

    func makeConfiguration() throws -> SimulatorConfiguration {
        var configuration = SimulatorConfiguration()
        configuration.port = port
        configuration.definitions = definitions
        configuration.seed = seed
        configuration.dataFile = data
        configuration.projectID = projectID
        if !apiKeys.isEmpty { configuration.apiKeys = apiKeys.compactMap(APIKey.init(spec:)) }
        configuration.ratePerMinute = rateLimit
        configuration.ratePerHour = rateLimitHour
        configuration.retryAfterOn429 = retryAfter
        configuration.latencyMilliseconds = latencyMs
        configuration.faults = try FaultSpec(spec: faults)
        configuration.churnPerRequest = churn
        configuration.statementBudget = statementBudget
        configuration.taxonomyAddOn = !noTaxonomyAddon
        configuration.rejectFlag = !noRejectFlag
        configuration.missingIDStatus = missingIdStatus
        configuration.personalKeyDashboardActions = pakDashboardActions
        configuration.legacyTypeScriptText = legacyTypescriptText
        configuration.insights = insights
        configuration.dashboards = dashboards
        if let now {
            guard let date = ISO8601DateFormatter().date(from: now.count == 10 ? now + "T00:00:00Z" : now) else {
                throw ValidationError("--now must be an ISO 8601 date-time.")
            }
            configuration.now = Int64(date.timeIntervalSince1970 * 1_000_000)
        }
        return configuration
    }

    func run() async throws {
        let simulator: Simulator
        do {
            simulator = try makeSimulator(configuration: try makeConfiguration())
        } catch let error as SimulatorError {
            FileHandle.standardError.write(Data("posthog-sim: \(error.description)\n".utf8))
            throw ExitCode(2)
        }
        let serving = Task { try await simulator.run() }
        try await simulator.waitUntilListening()
        // Written unbuffered in one piece, so a parent reading the pipe sees the line at once.
        FileHandle.standardOutput.write(Data("listening on \(await simulator.baseURL)\n".utf8))
        if stopWithStdin {
            Thread.detachNewThread {
                while !FileHandle.standardInput.availableData.isEmpty {}
                kill(getpid(), SIGTERM)
            }
        }
        await SignalWaiter.wait(for: [SIGINT, SIGTERM], racing: serving)
        await simulator.stop()
        serving.cancel()
    }
}

/// Waits for a termination signal (or for the server to end on its own).
enum SignalWaiter {
    static func wait(for signals: [Int32], racing serving: Task<Void, Error>) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = Once(continuation)
            var sources: [DispatchSourceSignal] = []
            for number in signals {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { once.resume() }
                source.resume()
                sources.append(source)
            }
            Task {
                _ = await serving.result
                once.resume()
                withExtendedLifetime(sources) {}
            }
        }
    }

    /// Resumes a continuation once, whichever side comes first.
    final class Once: @unchecked Sendable {
        // Sendable: the lock guards the only mutable state.
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Void, Never>?
        init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = continuation }
        func resume() {
            lock.lock()
            let pending = continuation
            continuation = nil
            lock.unlock()
            pending?.resume()
        }
    }
}
