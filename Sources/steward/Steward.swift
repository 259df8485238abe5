import ArgumentParser
import Foundation
import StewardCore
import StewardKit

/// The `steward` command: configuration only; each subcommand lives in `Commands/`.
@main
struct Steward: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "steward",
        abstract: "Governs the event definitions of a PostHog project: lint, record, report, fix.",
        discussion: """
            Exit codes: 0 nothing at or above --fail-on; 1 violations at or above it; 2 usage, \
            configuration or policy error; 3 PostHog API or network error; 4 local storage error.
            """,
        version: StewardVersion.current,
        subcommands: [
            Audit.self, FixCommand.self, UndoCommand.self, ReportCommand.self, HistoryCommand.self, BaselineCommand.self,
            SnapshotCommand.self, Check.self, Scan.self, Codegen.self, Rules.self,
            Explain.self,
            PolicyCommand.self, PlanCommand.self, Prune.self, Usage.self, Publish.self, Config.self,
        ]
    )

    /// Parses and runs, mapping every failure to Steward's exit codes (argument errors are 2, not 64).
    static func main() async {
        MemoryPolicy.apply()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as StewardError {
            Console.error(error.message)
            Foundation.exit(error.exitCode)
        } catch let error as ExitCode {
            Foundation.exit(error.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                Foundation.exit(0)
            }
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
