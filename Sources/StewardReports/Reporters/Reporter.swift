/// Renders an audit in one format; stateless, looked up by its identifier (`--format`). A reporter
/// implements `render` (small outputs) or `write(_:to:)` (outputs that grow with the project, written
/// to the file as they are made); each has a default made of the other.
public protocol Reporter: Sendable {
    /// The name used with `--format`.
    static var identifier: String { get }
    /// The extension of the file it writes (`steward-report.<ext>`).
    static var fileExtension: String { get }
    /// Whether its output is meant for standard output (a terminal or a CI log) rather than a file.
    static var writesToStandardOutput: Bool { get }
    /// Renders the whole report.
    func render(_ report: AuditReport) -> String
    /// Writes the whole report to `output` as it goes.
    func write(_ report: AuditReport, to output: ReportOutput)
    /// The files it writes into the output directory (by default one: `steward-report.<ext>`).
    func files(_ report: AuditReport) -> [ReportFile]
}

extension Reporter {
    /// Whether its output goes to standard output.
    public static var writesToStandardOutput: Bool { false }

    /// Renders the whole report.
    public func render(_ report: AuditReport) -> String {
        let output = ReportOutput()
        write(report, to: output)
        return output.text
    }

    /// Writes the whole report to `output`.
    public func write(_ report: AuditReport, to output: ReportOutput) {
        output += render(report)
    }

    /// The files it writes into the output directory.
    public func files(_ report: AuditReport) -> [ReportFile] {
        [ReportFile(name: "steward-report.\(Self.fileExtension)") { write(report, to: $0) }]
    }
}
