import StewardCore
import Testing

/// Each SDK pattern's examples are its tests: the scan of the snippet finds exactly what the entry says.
@Suite struct SDKPatternTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let pattern: SDKCallPattern
        let example: SDKCallPattern.Example
        var testDescription: String { "\(pattern.identifier): \(example.code.prefix(60))" }
    }

    static let cases: [Case] = SDKPatterns.all.flatMap { language in
        language.calls.flatMap { call in call.examples.map { Case(pattern: call, example: $0) } }
    }

    static func found(_ code: String, _ language: ScanLanguage) -> [String] {
        SourceScanner.builtIn.scan(Array(code.utf8), language: language, file: "example").map { occurrence in
            switch occurrence.name {
            case .name(let name): return name
            case .dynamic(let template): return "dynamic:\(template)"
            case .unresolved(let expression): return "unresolved:\(expression)"
            }
        }
    }

    @Test(arguments: cases)
    func exampleFindsWhatItSays(_ item: Case) {
        #expect(Self.found(item.example.code, item.pattern.language) == item.example.finds)
    }

    @Test func everyLanguageHasPatternsWithExamples() {
        for language in ScanLanguage.allCases {
            let patterns = SDKPatterns.patterns(for: language)
            #expect(patterns?.calls.isEmpty == false, "\(language) has no call patterns")
            #expect(patterns?.calls.allSatisfy { !$0.examples.isEmpty } == true, "\(language) has a pattern without examples")
        }
    }

    @Test func lexerMasksCommentsAndStringsButKeepsOffsetsAndLines() {
        let code = "a = 'x\\'y' // c\n/* d\n e */ f(`t${g}`)"
        let text = SourceText(bytes: Array(code.utf8), syntax: ScanLanguage.javascript.syntax)
        #expect(text.masked.count == text.bytes.count)
        #expect(String(decoding: text.masked, as: UTF8.self) == "a = 'xxxx'     \n    \n      f(`xxxxx`)")
        #expect(text.literals.map(\.template) == ["x'y", "t<expr>"])
        #expect(text.position(of: code.utf8.count - 1).line == 3)
    }

    @Test func columnsCountUTF16UnitsAndLinesStartAtOne() {
        let code = "é😀posthog.capture('a')"
        let found = SourceScanner.builtIn.scan(Array(code.utf8), language: .javascript, file: "f.js")
        #expect(found.map(\.line) == [1])
        // é is one UTF-16 unit, 😀 two: the literal starts at unit 20, column 21.
        #expect(found.map(\.column) == [1 + 1 + 2 + "posthog.capture(".count])
    }
}
