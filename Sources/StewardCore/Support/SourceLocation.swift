/// A place in a policy file, printed as `file:line:column` like a compiler diagnostic.
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The file path as the user gave it (or a preset name such as `<preset default>`).
    public var file: String
    /// Line, from 1.
    public var line: Int
    /// Column, from 1.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// How it reads in messages and output.
    public var description: String { "\(file):\(line):\(column)" }
}
