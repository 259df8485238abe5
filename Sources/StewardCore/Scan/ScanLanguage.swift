/// A language whose PostHog SDK calls `steward scan` reads, with the files that hold it and how its
/// comments and strings are written.
public enum ScanLanguage: String, Sendable, CaseIterable, Codable {
    /// JavaScript and TypeScript: posthog-js, its React hook, posthog-node, React Native.
    case javascript
    /// Python: posthog-python, old and new call shapes.
    case python
    /// Swift: posthog-ios.
    case swift
    /// Kotlin: posthog-android.
    case kotlin
    /// Java: posthog-android from Java, posthog-java on servers.
    case java
    /// Go: posthog-go.
    case go
    /// Ruby: posthog-ruby.
    case ruby
    /// PHP: posthog-php.
    case php
    /// Dart: posthog-flutter.
    case dart

    /// The language of a file name, by its extension; nil for files the scan does not read.
    public static func of(fileName: String) -> ScanLanguage? {
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return nil }
        return byExtension[fileName[fileName.index(after: dot)...].lowercased()]
    }

    /// The extensions each language's files carry.
    public var extensions: [String] {
        switch self {
        case .javascript: return ["js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts"]
        case .python: return ["py", "pyi"]
        case .swift: return ["swift"]
        case .kotlin: return ["kt", "kts"]
        case .java: return ["java"]
        case .go: return ["go"]
        case .ruby: return ["rb"]
        case .php: return ["php"]
        case .dart: return ["dart"]
        }
    }

    private static let byExtension: [String: ScanLanguage] = Dictionary(
        uniqueKeysWithValues: allCases.flatMap { language in language.extensions.map { ($0, language) } })

    /// How the language writes comments and strings.
    public var syntax: LexicalSyntax {
        switch self {
        case .javascript:
            return LexicalSyntax(
                lineComments: ["//"], blockComment: ("/*", "*/"),
                quotes: [.init("'"), .init("\""), .init("`", multiline: true, interpolation: .dollarBrace)])
        case .python:
            return LexicalSyntax(
                lineComments: ["#"], blockComment: nil,
                quotes: [
                    .init("\"\"\"", multiline: true), .init("'''", multiline: true), .init("\""), .init("'"),
                ],
                prefixes: "rRbBuUfF", formatPrefix: "fF", rawPrefix: "rR")
        case .swift:
            return LexicalSyntax(
                lineComments: ["//"], blockComment: ("/*", "*/"),
                quotes: [.init("\"\"\"", multiline: true, interpolation: .backslashParen), .init("\"", interpolation: .backslashParen)])
        case .kotlin:
            return LexicalSyntax(
                lineComments: ["//"], blockComment: ("/*", "*/"),
                quotes: [
                    .init("\"\"\"", multiline: true, escapes: false, interpolation: .dollar), .init("\"", interpolation: .dollar),
                    .init("'"),
                ])
        case .java:
            return LexicalSyntax(
                lineComments: ["//"], blockComment: ("/*", "*/"), quotes: [.init("\"\"\"", multiline: true), .init("\""), .init("'")])
        case .go:
            return LexicalSyntax(
                lineComments: ["//"], blockComment: ("/*", "*/"),
                quotes: [.init("\""), .init("`", multiline: true, escapes: false), .init("'")])
        case .ruby:
            return LexicalSyntax(
                lineComments: ["#"], blockComment: nil, quotes: [.init("\"", interpolation: .hashBrace), .init("'")])
        case .php:
            return LexicalSyntax(
                lineComments: ["//", "#"], blockComment: ("/*", "*/"), quotes: [.init("\"", interpolation: .dollar), .init("'")])
        case .dart:
            return LexicalSyntax(
                lineComments: ["//"], blockComment: ("/*", "*/"),
                quotes: [
                    .init("\"\"\"", multiline: true, interpolation: .dollar), .init("'''", multiline: true, interpolation: .dollar),
                    .init("\"", interpolation: .dollar), .init("'", interpolation: .dollar),
                ],
                prefixes: "r", rawPrefix: "r")
        }
    }
}
