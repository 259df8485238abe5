import Foundation

/// Microseconds since the Unix epoch: how the simulator keeps PostHog's timestamps exactly.
public typealias Micros = Int64

/// Rendering and parsing of timestamps the way Django REST Framework does.
enum SimTime {
    static let microsPerDay: Micros = 86_400_000_000

    static func now() -> Micros { Micros(Date().timeIntervalSince1970 * 1_000_000) }

    /// The UTC day number of an instant (what `::date` orders by).
    static func day(_ micros: Micros) -> Int64 { floorDiv(micros, microsPerDay) }

    static func micros(year: Int, month: Int, day: Int) -> Micros {
        Micros(daysFromCivil(year, month, day)) * microsPerDay
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        return era * 146_097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719_468
    }

    static func civil(_ days: Int) -> (Int, Int, Int) {
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
