/// How a language writes comments and string literals: what the lexer needs to blank comments and read strings.
public struct LexicalSyntax: Sendable {
    /// How a string literal can hold code that runs.
    public enum Interpolation: Sendable {
        /// `${expr}`, as in JavaScript template literals.
        case dollarBrace
        /// `$name` and `${expr}`, as in Kotlin, Dart and PHP.
        case dollar
        /// `#{expr}`, as in Ruby.
        case hashBrace
        /// `\(expr)`, as in Swift.
        case backslashParen
        /// `{expr}` (but not `{{`), as in Python f-strings.
        case brace
    }

    /// One way to write a string literal.
    public struct Quote: Sendable {
        /// The opening and closing delimiter.
        public var delimiter: String
        /// Whether it may span lines.
        public var multiline: Bool
        /// Whether a backslash escapes the next character.
        public var escapes: Bool
        /// How it holds code, if it can.
        public var interpolation: Interpolation?

        /// Creates one.
        public init(_ delimiter: String, multiline: Bool = false, escapes: Bool = true, interpolation: Interpolation? = nil) {
            self.delimiter = delimiter
            self.multiline = multiline
            self.escapes = escapes
            self.interpolation = interpolation
        }
    }

    /// What starts a comment that runs to the end of the line.
    public var lineComments: [String]
    /// What opens and closes a block comment.
    public var blockComment: (open: String, close: String)?
    /// The string literals, longest delimiter first.
    public var quotes: [Quote]
    /// Letters that may stand before a quote (`f"…"`, `r'…'`).
    public var prefixes: String
    /// Prefixes that make the literal interpolate `{expr}` (Python's f-strings).
    public var formatPrefix: String
    /// Prefixes that turn escapes off.
    public var rawPrefix: String

    /// Creates a syntax.
    public init(
        lineComments: [String], blockComment: (open: String, close: String)?, quotes: [Quote], prefixes: String = "",
        formatPrefix: String = "", rawPrefix: String = ""
    ) {
        self.lineComments = lineComments
        self.blockComment = blockComment
        self.quotes = quotes
        self.prefixes = prefixes
        self.formatPrefix = formatPrefix
        self.rawPrefix = rawPrefix
    }
}
