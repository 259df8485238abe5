/// One file a reporter writes, named relative to the output directory, produced into a `ReportOutput`
/// (a file as it is written, or memory).
public struct ReportFile: Sendable {
    /// The name.
    public var name: String
    private let produce: @Sendable (ReportOutput) -> Void

    /// A file whose text is written by `produce`.
    public init(name: String, produce: @escaping @Sendable (ReportOutput) -> Void) {
        self.name = name
        self.produce = produce
    }

    /// A file with this text.
    public init(name: String, contents: String) {
        self.init(name: name) { $0 += contents }
    }

    /// Writes the file's text to `output`.
    public func write(to output: ReportOutput) {
        produce(output)
    }

    /// The whole text, rendered in memory.
    public var contents: String {
        let output = ReportOutput()
        produce(output)
        return output.text
    }
}
