/// A string literal found in source: its place, and its text with any interpolated code marked.
public struct StringLiteral: Sendable, Equatable {
    /// A run of the literal: text as written (escapes decoded), or code interpolated into it.
    public enum Piece: Sendable, Equatable {
        /// Literal text.
        case text(String)
        /// `${…}`, `\(…)`, `{…}`, `#{…}`, `$name`: a value only known at run time.
        case expression
    }

    /// The UTF-8 byte range, from any prefix letter to after the closing quote.
    public var range: Range<Int>
    /// The text and interpolations, in order.
    public var pieces: [Piece]

    /// Whether code is interpolated into it, so the name is only known at run time.
    public var isDynamic: Bool { pieces.contains(.expression) }

    /// The text, with each interpolation written `<expr>` (`user_${id}_signed_up` → `user_<expr>_signed_up`).
    public var template: String {
        pieces.map { piece -> String in
            switch piece {
            case .text(let text): return text
            case .expression: return CallName.expressionMarker
            }
        }.joined()
    }
}

/// What a call names as its event.
public enum CallName: Sendable, Equatable, Hashable {
    /// A name fixed in the code.
    case name(String)
    /// A name built at run time, as a template with `<expr>` where values go.
    case dynamic(template: String)
    /// Something Steward cannot read without running the code (a variable from elsewhere, a call), as written.
    case unresolved(expression: String)

    /// What stands for a run-time value in a template.
    public static let expressionMarker = "<expr>"
}
