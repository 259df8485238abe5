import StewardCore
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-11-01T10:00:00.123456Z", "2026-11-01T10:00:00.123456Z"),
        ("2026-11-01T10:00:00Z", "2026-11-01T10:00:00Z"),
        ("2026-11-01T10:00:00.5Z", "2026-11-01T10:00:00.500000Z"),
        ("2026-11-01T12:00:00+02:00", "2026-11-01T10:00:00Z"),
        ("2026-11-01 10:00:00.000001+00:00", "2026-11-01T10:00:00.000001Z"),
        ("2027-03-31", "2027-03-31T00:00:00Z"),
        ("1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"),
        ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"),
        ("2026-11-01T08:30:00-01:30", "2026-11-01T10:00:00Z"),
        ("2026-11-01T12:00:00+0200", "2026-11-01T10:00:00Z"),
    ])
    func parsesAndRendersLikeDjangoRestFramework(input: String, rendered: String) throws {
        let timestamp = try #require(Timestamp(iso8601: input))
        #expect(timestamp.iso8601 == rendered)
        #expect(Timestamp(iso8601: rendered) == timestamp)
    }

    @Test(arguments: [
        "", "2026-13-01", "2026-02-30", "yesterday", "2026-11-01T25:00:00Z", "2026-11-01T10:00:00.Z", "2026-11-01T10:00:00Zjunk",
        "2026-11-01T10:00:00+2", "2026-11-01T10:00", "2026-11-01T",
    ])
    func rejectsWhatIsNotADate(_ input: String) {
        #expect(Timestamp(iso8601: input) == nil)
    }

    @Test func daysBetweenRoundDown() throws {
        let start = try #require(Timestamp(iso8601: "2026-01-01T12:00:00Z"))
        #expect(start.days(until: try #require(Timestamp(iso8601: "2026-01-31T11:59:59Z"))) == 29)
        #expect(start.days(until: try #require(Timestamp(iso8601: "2026-01-31T12:00:00Z"))) == 30)
        #expect(start.adding(days: 30).iso8601 == "2026-01-31T12:00:00Z")
    }
}
