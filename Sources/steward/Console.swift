import Foundation
import StewardCore
import StewardReports

/// Where results and diagnostics go: results to stdout, diagnostics to stderr, color only on a terminal without NO_COLOR.
enum Console {
    /// Prints results; a failed write (a full disk, `/dev/full`, a closed descriptor) is a storage error
    /// (exit 4), never a silent success.
    static func out(_ text: String) throws(StewardError) {
        do {
            try FileHandle.standardOutput.write(contentsOf: Data(text.utf8))
        } catch {
            throw StewardError(.storage, "cannot write to standard output: \(AtomicFile.reason(error)).")
        }
    }

    /// Diagnostics quote PostHog's answers and file contents, so terminal controls in them are escaped here,
    /// where every message is printed, rather than at each place that builds one.
    static func error(_ message: String) {
        let safe = TerminalText.sanitize(message)
        FileHandle.standardError.write(Data("\(isDiagnostic(safe) ? safe : "error: \(safe)")\n".utf8))
    }

    /// Whether a message is already a diagnostic (`file:line:column: error: …` or `error: …`, as policy and
    /// plan errors are), so that it is printed as it is and not as "error: file:…: error: …".
    static func isDiagnostic(_ message: String) -> Bool {
        message.hasPrefix("error: ") || message.range(of: #"^[^\n]+?:[0-9]+:[0-9]+: error: "#, options: .regularExpression) != nil
    }

    static func note(_ message: String) {
        FileHandle.standardError.write(Data("\(TerminalText.sanitize(message))\n".utf8))
    }

    /// ANSI color on standard output: a TTY, `NO_COLOR` unset (no-color.org), and not a dumb terminal.
    static var colorOnStandardOutput: Bool {
        let environment = ProcessInfo.processInfo.environment
        if environment["NO_COLOR"].map({ !$0.isEmpty }) == true { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(STDOUT_FILENO) == 1
    }
}
