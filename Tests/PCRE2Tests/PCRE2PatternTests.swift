import PCRE2
import Testing

@Suite struct PCRE2PatternTests {
    @Test func matchesWithUnicodePropertiesAndUTF8Offsets() throws {
        let pattern = try PCRE2Pattern("\\p{Lu}\\p{Ll}+")
        let match = try #require(try pattern.firstMatch(in: "ünd Éclair"))
        // "ünd " is 5 bytes (ü is two), so "Éclair" starts at byte 5 and is 7 bytes long.
        #expect(match.range == 5..<12)
        #expect(try pattern.matches("abc") == false)
    }

    @Test func caseInsensitiveOption() throws {
        let pattern = try PCRE2Pattern("^signed_up$", options: .caseInsensitive)
        #expect(try pattern.matches("SIGNED_UP"))
    }

    @Test func compileErrorCarriesPCRE2MessageAndOffset() {
        #expect {
            _ = try PCRE2Pattern("signup(flow")
        } throws: { error in
            guard let error = error as? PCRE2CompileError else { return false }
            return error.offset == 11 && error.message.contains("missing closing parenthesis")
        }
    }

    @Test func catastrophicBacktrackingStopsAtTheMatchLimit() throws {
        let pattern = try PCRE2Pattern("^(a+)+$")
        let hostile = String(repeating: "a", count: 5_000) + "!"
        #expect {
            _ = try pattern.matches(hostile)
        } throws: { error in
            (error as? PCRE2MatchError)?.isLimitExceeded == true
        }
    }

    @Test func capturesAndAllMatches() throws {
        let pattern = try PCRE2Pattern("(\\d+)|([a-z]+)")
        let matches = try pattern.allMatches(in: "ab12cd")
        #expect(matches.map(\.range) == [0..<2, 2..<4, 4..<6])
        #expect(matches[1].groups == [2..<4, nil])
        // An empty-matching pattern still advances over multi-byte characters.
        #expect(try PCRE2Pattern("x*").allMatches(in: "éé").count == 3)
    }

    @Test func oneCompiledPatternServesManyTasksAtOnce() async throws {
        let pattern = try PCRE2Pattern("^[a-z]+_(\\d+)_[a-z]+$")
        let results = await withTaskGroup(of: Int.self) { group in
            for task in 0..<16 {
                group.addTask {
                    var hits = 0
                    for index in 0..<2_000 where (try? pattern.matches("user_\(index + task)_signed")) == true { hits += 1 }
                    return hits
                }
            }
            return await group.reduce(0, +)
        }
        #expect(results == 16 * 2_000)
    }
}
