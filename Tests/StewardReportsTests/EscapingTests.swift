import StewardReports
import Testing

/// Each format's escaping, on the inputs built to break it.
@Suite struct EscapingTests {
    @Test func htmlEscapesMarkupAndQuotes() {
        #expect(Escaping.html("<img src=x onerror='a(1)'> & \"q\"") == "&lt;img src=x onerror=&#39;a(1)&#39;&gt; &amp; &quot;q&quot;")
    }

    @Test func xmlEscapesEntitiesAndMakesIllegalControlsVisible() {
        #expect(Escaping.xml("a<b>&'\"\u{1B}\u{0}\tc") == "a&lt;b&gt;&amp;&apos;&quot;\\u{1B}\\u{0}\tc")
    }

    @Test func markdownTextCannotBecomeLinksTagsOrColumns() {
        #expect(Escaping.markdown("[x](javascript:a) <b>|*") == "\\[x\\]\\(javascript\\:a\\) \\<b\\>\\|\\*")
        #expect(Escaping.markdown("line\nbreak") == "line\\\\u\\{A\\}break")
    }

    @Test(arguments: [
        ("plain", "`plain`"), ("a`b", "``a`b``"), ("`edge", "`` `edge ``"), ("x | y", "`x \\| y`"), ("", "*(empty name)*"),
        ("esc\u{1B}[2J", "`esc\\u{1B}[2J`"),
    ])
    func markdownCodeSpansHoldAnyName(name: String, expected: String) {
        #expect(Escaping.markdownCode(name) == expected)
    }

    @Test func githubCommandsCannotBeSplitOrColoured() {
        // Line breaks never reach the log: controls become visible text, then % is encoded
        #expect(Escaping.githubData("50%\r\n::error::x\u{1B}[31m") == "50%25\\u{D}\\u{A}::error::x\\u{1B}[31m")
        #expect(Escaping.githubProperty("a:b,c") == "a%3Ab%2Cc")
    }
}
