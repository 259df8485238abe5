import Foundation

/// A UTC instant with microsecond precision, as PostHog writes them (`2026-11-01T10:00:00.123456Z`).
///
/// Kept as whole seconds and microseconds so that a value read from PostHog is written back exactly.
public struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var seconds: Int64
    /// Microseconds within the second, 0..<1_000_000.
    public var microseconds: Int32

    /// Creates a timestamp from seconds since the Unix epoch and microseconds within that second.
    public init(seconds: Int64, microseconds: Int32 = 0) {
        self.seconds = seconds
        self.microseconds = microseconds
    }

    /// The instant of a Foundation date, rounded to the microsecond.
    public init(_ date: Date) {
        let micros = (date.timeIntervalSince1970 * 1_000_000).rounded()
        let whole = Int64((micros / 1_000_000).rounded(.down))
        self.init(seconds: whole, microseconds: Int32(Int64(micros) - whole * 1_000_000))
    }

    /// The same instant as a Foundation date.
    public var date: Date { Date(timeIntervalSince1970: Double(seconds) + Double(microseconds) / 1_000_000) }

    /// Whole days from `self` to `later`, rounded down (negative when `later` is earlier).
    public func days(until later: Timestamp) -> Int {
        let delta = later.seconds - seconds
        return Int(delta >= 0 ? delta / 86_400 : -((-delta + 86_399) / 86_400))
    }

    /// Microseconds since 1970-01-01T00:00:00Z: how history stores a definition's instants (8 bytes where the
    /// ISO 8601 text took 20 to 27).
    public var epochMicroseconds: Int64 { seconds * 1_000_000 + Int64(microseconds) }

    /// The instant `epochMicroseconds` microseconds after 1970-01-01T00:00:00Z (before it, when negative).
    public init(epochMicroseconds value: Int64) {
        let seconds = floorDiv(value, 1_000_000)
        self.init(seconds: seconds, microseconds: Int32(value - seconds * 1_000_000))
    }

    /// This instant moved by a number of whole days.
    public func adding(days: Int) -> Timestamp {
        Timestamp(seconds: seconds + Int64(days) * 86_400, microseconds: microseconds)
    }

    /// The order lists and files put them in.
    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        (lhs.seconds, lhs.microseconds) < (rhs.seconds, rhs.microseconds)
    }

    /// ISO 8601 in UTC with `Z`, microseconds only when non-zero: Django REST Framework's rendering.
    public var description: String { iso8601 }

    /// ISO 8601 in UTC with `Z`, microseconds only when non-zero: Django REST Framework's rendering.
    public var iso8601: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        writeISO8601(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the ISO 8601 rendering to `bytes` digit by digit (snapshots write a million of these).
    public func writeISO8601(into bytes: inout [UInt8]) {
        let days = floorDiv(seconds, 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = Timestamp.civil(fromDays: Int(days))
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(48 + (rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(year, 4); bytes.append(UInt8(ascii: "-")); digits(month, 2); bytes.append(UInt8(ascii: "-")); digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2); bytes.append(UInt8(ascii: ":")); digits(secondOfDay / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":")); digits(secondOfDay % 60, 2)
        if microseconds != 0 { bytes.append(UInt8(ascii: ".")); digits(Int(microseconds), 6) }
        bytes.append(UInt8(ascii: "Z"))
    }

    /// The calendar date (`YYYY-MM-DD`) of this instant in UTC.
    public var dateString: String {
        let (year, month, day) = Timestamp.civil(fromDays: Int(floorDiv(seconds, 86_400)))
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Parses ISO 8601 / RFC 3339 date-times with or without fractional seconds and with `Z` or an offset;
    /// a bare date (`2027-03-31`) is midnight UTC. Returns nil for anything else.
    public init?(iso8601 text: String) {
        var text = text
        guard let parsed = text.withUTF8({ Timestamp.parse($0) }) else { return nil }
        self = parsed
    }

    /// Decodes it as PostHog or a Steward file writes it.
    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text.prefix(64))' is not an ISO 8601 date-time")
        }
        self = parsed
    }

    /// Encodes it as Steward writes it.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }

    // MARK: - Parsing

    /// A place in the text being parsed. (Nested functions capturing a `var index` put it in a box whose every
    /// access was checked for exclusivity: 5% of decoding a page of definitions.)
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        var atEnd: Bool { index == bytes.count }

        /// `count` decimal digits as a number, nil when there are fewer.
        mutating func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for _ in 0..<count {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
                index += 1
            }
            return value
        }

        /// Steps over `byte` when it is next.
        mutating func expect(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// The next byte, when it is a digit.
        var digit: Int? { index < bytes.count && bytes[index] >= 48 && bytes[index] <= 57 ? Int(bytes[index] - 48) : nil }

        var next: UInt8? { index < bytes.count ? bytes[index] : nil }
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        var text = Cursor(bytes: bytes)
        guard let year = text.digits(4), text.expect(UInt8(ascii: "-")), let month = text.digits(2), text.expect(UInt8(ascii: "-")),
            let day = text.digits(2), (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day)
        else { return nil }
        let dayNumber = Int64(daysFromCivil(year: year, month: month, day: day))
        if text.atEnd { return Timestamp(seconds: dayNumber * 86_400) }
        guard text.expect(UInt8(ascii: "T")) || text.expect(UInt8(ascii: "t")) || text.expect(UInt8(ascii: " ")),
            let hour = text.digits(2), text.expect(UInt8(ascii: ":")), let minute = text.digits(2), text.expect(UInt8(ascii: ":")),
            let second = text.digits(2), hour < 24, minute < 60, second < 61
        else { return nil }
        var micros = 0
        if text.expect(UInt8(ascii: ".")) {
            var scale = 100_000
            var count = 0
            while let digit = text.digit {
                micros += digit * scale
                scale /= 10
                text.index += 1
                count += 1
            }
            guard count > 0 else { return nil }
        }
        var offsetSeconds = 0
        if text.expect(UInt8(ascii: "Z")) || text.expect(UInt8(ascii: "z")) {
        } else if let sign = text.next, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            text.index += 1
            guard let offsetHours = text.digits(2) else { return nil }
            _ = text.expect(UInt8(ascii: ":"))
            guard let offsetMinutes = text.digits(2) else { return nil }
            offsetSeconds = (sign == UInt8(ascii: "-") ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60)
        }
        guard text.atEnd else { return nil }
        let total = dayNumber * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59)) - Int64(offsetSeconds)
        return Timestamp(seconds: total, microseconds: Int32(micros))
    }

    private static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days: exact proleptic Gregorian arithmetic.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

private func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
