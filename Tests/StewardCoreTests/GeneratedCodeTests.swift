import Foundation
import StewardCore
import Testing

/// Reading PostHog's generated code: both answers, the `Generated at:` line, and the events a file holds.
@Suite struct GeneratedCodeTests {
    @Test func readsTheJSONAnswerAndTheOlderTextAnswer() throws {
        let json = Data(#"{"content": "x", "event_count": 2, "schema_hash": "ab", "generator_version": "1.1.0"}"#.utf8)
        #expect(try GeneratedCode.decode(json) == GeneratedCode(content: "x", eventCount: 2, schemaHash: "ab", generatorVersion: "1.1.0"))
        #expect(try GeneratedCode.decode(Data("/** module */\n".utf8)) == GeneratedCode(content: "/** module */\n"))
        #expect(throws: (any Error).self) { try GeneratedCode.decode(Data(#"{"detail": "nope"}"#.utf8)) }
        #expect(throws: (any Error).self) { try GeneratedCode.decode(Data([0xFF, 0xFE, 0x00])) }
    }

    @Test func theGeneratedAtLineIsIgnoredAndNothingElse() {
        let one = " * Generated at: 2026-12-02T10:12:36.734541\n * Generator version: 1.1.0\n"
        let two = " * Generated at: 2027-01-01T00:00:00.000001\n * Generator version: 1.1.0\n"
        #expect(GeneratedCode.withoutTimestamp(one) == GeneratedCode.withoutTimestamp(two))
        #expect(GeneratedCode.withoutTimestamp(one) != GeneratedCode.withoutTimestamp(two.replacingOccurrences(of: "1.1.0", with: "1.2.0")))
    }

    @Test func eventsAreFoundInEachLanguage() {
        let typescript = """
            interface EventSchemas {
                "$pageview": Record<string, any>
                "a \\"b\\"": {
                    "p"?: string
                }
            }
            """
        #expect(GeneratedCode.events(in: typescript, language: .typescript).keys.sorted() == ["$pageview", "a \"b\""])
        let go = """
            type ScreenCapturedOption func(*posthog.Capture)
            func ScreenCapturedWithLabel(label string) ScreenCapturedOption {
            }
            func ScreenCapturedCapture(distinctId string, options ...ScreenCapturedOption) posthog.Capture {
            \tc := posthog.Capture{DistinctId: distinctId, Event: "screen_captured", Properties: props}
            }
            func ScreenCapture(distinctId string, properties ...posthog.Properties) posthog.Capture {
            \treturn posthog.Capture{DistinctId: distinctId, Event: "screen", Properties: props}
            }
            """
        let goEvents = GeneratedCode.events(in: go, language: .golang)
        #expect(goEvents.keys.sorted() == ["screen", "screen_captured"])
        // A declaration belongs to the longest base it starts with: ScreenCaptured…, not Screen.
        #expect(goEvents["screen_captured"]?.contains("ScreenCapturedWithLabel") == true)
        #expect(goEvents["screen"]?.contains("ScreenCapturedWithLabel") == false)
        let python = """
            class PosthogTyped(Posthog):
                def capture_a(self, *, x: Optional[str] = None) -> Optional[str]:
                    return self.capture("a", properties=properties, **kwargs)

                def capture_b(self) -> Optional[str]:
                    return self.capture("b", properties=properties, **kwargs)
            """
        let before = GeneratedCode.events(in: python, language: .python)
        #expect(before.keys.sorted() == ["a", "b"])
        let after =
            python.replacingOccurrences(of: "x: Optional[str]", with: "x: Optional[float]")
            + "\n    def capture_c(self):\n        return self.capture(\"c\")\n"
        let difference = GeneratedCode.differingEvents(python, after, language: .python)
        #expect(difference.added == ["c"] && difference.changed == ["a"] && difference.removed.isEmpty)
    }
}
