import PCRE2

/// Finds the calls to PostHog's SDKs in one file's text, with the patterns of ``SDKPatterns``.
public struct SourceScanner: Sendable {
    struct Compiled: Sendable {
        let call: SDKCallPattern
        let regex: PCRE2Pattern
        let receiverGroup: Int?
        let receivers: Set<String>
    }

    struct CompiledLanguage: Sendable {
        let bindings: [PCRE2Pattern]
        let calls: [Compiled]
    }

    private let languages: [ScanLanguage: CompiledLanguage]

    /// The scanner of every built-in pattern (compiled once).
    public static let builtIn = SourceScanner(SDKPatterns.all)

    /// Compiles `patterns`; a pattern that does not compile is a programming error caught by the pattern tests.
    public init(_ patterns: [LanguagePatterns]) {
        var languages: [ScanLanguage: CompiledLanguage] = [:]
        func compile(_ pattern: String) -> PCRE2Pattern {
            do {
                return try PCRE2Pattern(pattern)
            } catch {
                preconditionFailure("built-in SDK pattern does not compile: \(error)")
            }
        }
        for language in patterns {
            let calls = language.calls.map { call -> Compiled in
                let regex = compile(call.pattern)
                // The receiver is the only named group the patterns use, and always the first group.
                let group = call.pattern.contains("(?<receiver>") ? 0 : nil
                return Compiled(call: call, regex: regex, receiverGroup: group, receivers: Set(call.receivers))
            }
            languages[language.language] = CompiledLanguage(bindings: language.bindings.map(compile), calls: calls)
        }
        self.languages = languages
    }

    /// The bytes every call shape contains; a file without them is not lexed at all.
    private static let needle = Array("apture".utf8)
    /// What every binding of a client mentions (`usePostHog`, `Posthog(`, `PostHogSDK`…).
    private static let clientNeedles = [Array("ostHog".utf8), Array("osthog".utf8)]

    /// How far before a call's `capture` its pattern may start (the receiver, `PostHogSDK.shared.`, …).
    static let windowBefore = 256
    /// How far after it the opening bracket may be.
    static let windowAfter = 64

    /// Every call in `bytes` (valid UTF-8), in file order; `file` is the path reports show.
    public func scan(_ bytes: [UInt8], language: ScanLanguage, file: String) -> [CodeOccurrence] {
        guard let compiled = languages[language], Self.contains(bytes, Self.needle) else { return [] }
        let source = SourceText(bytes: bytes, syntax: language.syntax)
        let windows = Self.windows(around: Self.positions(of: Self.needle, in: source.masked), in: source.masked)
        guard !windows.isEmpty else { return [] }
        var bound: Set<String> = []
        var constants: ConstantTable?
        var found: [Int: CodeOccurrence] = [:]
        source.masked.withUnsafeBufferPointer { buffer in
            if Self.clientNeedles.contains(where: { Self.contains(source.masked, $0) }) {
                for binding in compiled.bindings {
                    forEachMatch(binding, in: buffer) { match in
                        if let range = match.groups.first ?? nil { bound.insert(String(decoding: buffer[range], as: UTF8.self)) }
                    }
                }
            }
            // The patterns run only around each `capture` outside comments and strings, each window starting at a
            // line's start so their look-behinds see what precedes the receiver.
            for window in windows {
                let slice = UnsafeBufferPointer(rebasing: buffer[window])
                for call in compiled.calls {
                    forEachMatch(call.regex, in: slice) { local in
                        let base = window.lowerBound
                        if let group = call.receiverGroup, let range = local.groups[group] {
                            let receiver = String(decoding: slice[range], as: UTF8.self).filter { $0 != " " && $0 != "\t" }
                            guard call.receivers.contains(receiver) || bound.contains(receiver) else { return }
                        }
                        let end = base + local.range.upperBound
                        let opener = buffer[end - 1]
                        let closer: UInt8? =
                            switch opener {
                            case UInt8(ascii: "("): UInt8(ascii: ")")
                            case UInt8(ascii: "{"): UInt8(ascii: "}")
                            case UInt8(ascii: "["): UInt8(ascii: "]")
                            default: nil
                            }
                        let arguments = CallArguments(source, from: end, closer: closer, language: language)
                        guard let argument = Self.select(call.call, arguments, source: source, language: language),
                            found[argument.lowerBound] == nil
                        else { return }
                        if constants == nil { constants = ConstantTable(source) }
                        let name = NameExpression.evaluate(source, argument, constants: constants!, language: language)
                        let (line, column) = source.position(of: argument.lowerBound)
                        found[argument.lowerBound] = CodeOccurrence(
                            name: name, file: file, line: line, column: column, pattern: call.call.identifier)
                    }
                }
            }
        }
        return found.keys.sorted().map { found[$0]! }
    }

    /// Byte offsets of every `needle` in `bytes`.
    static func positions(of needle: [UInt8], in bytes: [UInt8]) -> [Int] {
        guard bytes.count >= needle.count, let first = needle.first else { return [] }
        var found: [Int] = []
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let last = buffer.count - needle.count
            while index <= last {
                if buffer[index] == first, (1..<needle.count).allSatisfy({ buffer[index + $0] == needle[$0] }) { found.append(index) }
                index += 1
            }
        }
        return found
    }

    /// Merged windows around `hits`: from the start of the line `windowBefore` bytes back (at most 4 KiB
    /// further) to `windowAfter` bytes on.
    static func windows(around hits: [Int], in bytes: [UInt8]) -> [Range<Int>] {
        var windows: [Range<Int>] = []
        for hit in hits {
            var start = max(0, hit - windowBefore)
            let floor = max(0, start - 4_096)
            while start > floor, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
            let end = min(bytes.count, hit + windowAfter)
            if let last = windows.last, start <= last.upperBound {
                windows[windows.count - 1] = last.lowerBound..<max(last.upperBound, end)
            } else {
                windows.append(start..<end)
            }
        }
        return windows
    }

    /// The argument that names the event: a labelled one, else the one at the pattern's position, looking
    /// inside an object, hash or array literal that is the first argument (posthog-node, posthog-ruby, posthog-php).
    static func select(_ call: SDKCallPattern, _ arguments: CallArguments, source: SourceText, language: ScanLanguage) -> Range<Int>? {
        if let labelled = arguments.arguments.first(where: { $0.label.map(call.labels.contains) ?? false }) { return labelled.value }
        let unlabelled = arguments.arguments.filter { $0.label == nil }
        if !call.labels.isEmpty, let first = unlabelled.first,
            let fields = CallArguments.literalFields(source, first.value, language: language)
        {
            if let labelled = fields.arguments.first(where: { $0.label.map(call.labels.contains) ?? false }) { return labelled.value }
            // `{ distinctId, event }`: the shorthand property is a variable named like the label.
            if let shorthand = fields.arguments.first(where: {
                $0.label == nil && call.labels.contains(source.text($0.value))
            }) {
                return shorthand.value
            }
            if call.positions.isEmpty { return nil }
        }
        guard !call.positions.isEmpty, !unlabelled.isEmpty else { return nil }
        let position = call.positions[min(unlabelled.count, call.positions.count) - 1]
        return position < unlabelled.count ? unlabelled[position].value : nil
    }

    private func forEachMatch(_ pattern: PCRE2Pattern, in buffer: UnsafeBufferPointer<UInt8>, _ body: (PCRE2Match) -> Void) {
        var position = 0
        while position < buffer.count {
            // A pattern stopped by PCRE2's limits on one file finds nothing more there; the scan goes on.
            guard let match = try? pattern.firstMatch(inUTF8: buffer, from: position) else { return }
            body(match)
            position = max(match.range.upperBound, position + 1)
        }
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard haystack.count >= needle.count, let first = needle.first else { return false }
        return haystack.withUnsafeBufferPointer { buffer in
            var index = 0
            let last = buffer.count - needle.count
            while index <= last {
                if buffer[index] == first {
                    var matched = true
                    for offset in 1..<needle.count where buffer[index + offset] != needle[offset] {
                        matched = false
                        break
                    }
                    if matched { return true }
                }
                index += 1
            }
            return false
        }
    }
}
