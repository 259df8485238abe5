import Foundation
import PCRE2

/// Typed code PostHog generates from its event schemas (`event_definitions/{typescript,golang,python}/`):
/// the file's content with the hash and generator version PostHog gives, and how to tell two of them apart
/// with the `Generated at:` line (which changes on every call) left out.
public struct GeneratedCode: Sendable, Equatable {
    /// A language PostHog generates code for.
    public enum Language: String, Sendable, CaseIterable {
        /// TypeScript for posthog-js.
        case typescript
        /// Go for posthog-go.
        case golang
        /// Python for posthog-python.
        case python

        /// The file posthog-cli writes (`posthog-typed.ts`, `posthog-typed.go`, `posthog_typed.py`).
        public var defaultFileName: String {
            switch self {
            case .typescript: return "posthog-typed.ts"
            case .golang: return "posthog-typed.go"
            case .python: return "posthog_typed.py"
            }
        }
    }

    /// The whole source file.
    public var content: String
    /// How many events it holds (nil from the older text/plain answer).
    public var eventCount: Int?
    /// PostHog's hash of the schemas it was made from (nil from the older text/plain answer).
    public var schemaHash: String?
    /// The generator's version (nil from the older text/plain answer).
    public var generatorVersion: String?

    /// Creates one.
    public init(content: String, eventCount: Int? = nil, schemaHash: String? = nil, generatorVersion: String? = nil) {
        self.content = content
        self.eventCount = eventCount
        self.schemaHash = schemaHash
        self.generatorVersion = generatorVersion
    }

    /// Reads PostHog's answer: JSON `{content, event_count, schema_hash, generator_version}`, or the module
    /// itself as older instances sent for TypeScript (`text/plain`).
    public static func decode(_ data: Data) throws -> GeneratedCode {
        if data.first == UInt8(ascii: "{"), let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            guard let content = object["content"] as? String else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "the answer has no 'content' string"))
            }
            return GeneratedCode(
                content: content, eventCount: object["event_count"] as? Int, schemaHash: object["schema_hash"] as? String,
                generatorVersion: object["generator_version"] as? String)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "the answer is neither JSON nor UTF-8 text"))
        }
        return GeneratedCode(content: text)
    }

    private static let stamp: PCRE2Pattern = {
        do {
            return try PCRE2Pattern(#"Generated at: \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?"#)
        } catch {
            preconditionFailure("the Generated-at pattern does not compile: \(error)")
        }
    }()

    /// The content with the `Generated at:` timestamp taken out (PostHog's own tests strip it with this pattern).
    public static func withoutTimestamp(_ content: String) -> String {
        var out = ""
        var rest = Substring(content)
        while let match = try? stamp.firstMatch(in: String(rest)) {
            let utf8 = Array(rest.utf8)
            out += String(decoding: utf8[..<match.range.lowerBound], as: UTF8.self) + "Generated at: <timestamp>"
            rest = Substring(String(decoding: utf8[match.range.upperBound...], as: UTF8.self))
        }
        return out + rest
    }

    /// Each event's part of a generated file, by event name: what `--check` compares to count the events that differ.
    public static func events(in content: String, language: Language) -> [String: String] {
        let lines = content.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var blocks: [String: String] = [:]
        switch language {
        case .typescript:
            // `    "name": {` … `    }` or `    "name": Record<string, any>` inside `interface EventSchemas {`.
            var inside = false
            var current: String?
            for line in lines {
                if line.hasPrefix("interface EventSchemas") {
                    inside = true
                    continue
                }
                guard inside else { continue }
                if line == "}" { break }
                if line.hasPrefix("    \""), !line.hasPrefix("     "), let name = jsonKey(line) {
                    current = name
                    blocks[name] = line
                } else if let current {
                    blocks[current, default: ""] += "\n" + line
                }
            }
        case .python:
            // A `    def capture_…` method holds `self.capture("name", …)`.
            var method: [String] = []
            func flush() {
                guard let call = method.last(where: { $0.contains("self.capture(") }), let name = jsonKey(call, after: "self.capture(")
                else { return }
                blocks[name] = method.joined(separator: "\n")
            }
            for line in lines {
                if line.hasPrefix("    def ") {
                    flush()
                    method = [line]
                } else if !method.isEmpty {
                    method.append(line)
                }
            }
            flush()
        case .golang:
            // Top-level declarations grouped by the name they start with (`FileUploadedCapture`, `FileUploadedWithLabel`…),
            // each group named by the `Event: "name"` it sets.
            var declarations: [(name: String, text: String)] = []
            for line in lines {
                if line.hasPrefix("func ") || line.hasPrefix("type ") {
                    declarations.append((String(line.dropFirst(5).prefix { $0.isLetter || $0.isNumber || $0 == "_" }), line))
                } else if !declarations.isEmpty, !line.hasPrefix("//") {
                    declarations[declarations.count - 1].text += "\n" + line
                }
            }
            // Each event's constructor is `<Base>Capture`; every other declaration belongs to the longest base it starts with.
            let bases = declarations.compactMap { $0.name.hasSuffix("Capture") ? String($0.name.dropLast(7)) : nil }
                .sorted { $0.count > $1.count }
            var byBase: [String: String] = [:]
            var eventOfBase: [String: String] = [:]
            for declaration in declarations {
                guard let base = bases.first(where: { declaration.name.hasPrefix($0) }) else { continue }
                byBase[base, default: ""] += declaration.text + "\n"
                if declaration.name == base + "Capture", let name = jsonKey(declaration.text, after: "Event: ") { eventOfBase[base] = name }
            }
            for (base, name) in eventOfBase { blocks[name] = byBase[base] }
        }
        return blocks
    }

    /// The JSON string at the start of `line` (after `marker`, when given).
    static func jsonKey(_ line: String, after marker: String? = nil) -> String? {
        var text = Substring(line)
        if let marker {
            guard let range = text.range(of: marker) else { return nil }
            text = text[range.upperBound...]
        }
        text = text.drop { $0 == " " }
        guard text.first == "\"" else { return nil }
        var index = text.index(after: text.startIndex)
        var escaped = false
        while index < text.endIndex {
            let character = text[index]
            if escaped {
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "\"" {
                let literal = String(text[text.startIndex...index])
                return (try? JSONDecoder().decode(String.self, from: Data(literal.utf8)))
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// How many events differ between two generated files: added, removed, or changed.
    public static func differingEvents(_ old: String, _ new: String, language: Language) -> (
        added: [String], removed: [String], changed: [String]
    ) {
        let before = events(in: old, language: language)
        let after = events(in: new, language: language)
        let added = after.keys.filter { before[$0] == nil }.sorted()
        let removed = before.keys.filter { after[$0] == nil }.sorted()
        let changed = after.keys.filter { before[$0] != nil && before[$0] != after[$0] }.sorted()
        return (added, removed, changed)
    }
}
