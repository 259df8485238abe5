/// One call to a PostHog SDK found in source: what it names and where.
public struct CodeOccurrence: Sendable, Hashable {
    /// The event named, built at run time, or unreadable.
    public var name: CallName
    /// The file, relative to the scan root.
    public var file: String
    /// The line of the name argument, from 1.
    public var line: Int
    /// The column of the name argument, from 1 (UTF-16 code units).
    public var column: Int
    /// The ``SDKCallPattern`` that matched.
    public var pattern: String

    /// Creates one.
    public init(name: CallName, file: String, line: Int, column: Int, pattern: String) {
        self.name = name
        self.file = file
        self.line = line
        self.column = column
        self.pattern = pattern
    }

    /// `file:line:column`.
    public var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    /// The name as reports show it: the name, the template of a dynamic one, the expression of an unresolved one.
    public var shownName: String {
        switch name {
        case .name(let name): return name
        case .dynamic(let template): return template
        case .unresolved(let expression): return expression
        }
    }

    /// Whether the name is built at run time.
    public var isDynamic: Bool {
        if case .dynamic = name { return true }
        return false
    }
}
