import Foundation

/// How long each stage of an audit took and the process's peak memory after it (`steward audit --timings`,
/// and the benchmark's table).
public struct StageTimings: Sendable {
    public struct Stage: Sendable {
        public var name: String
        public var seconds: Double
        /// The process's peak resident memory so far, in MiB.
        public var peakMiB: Double
        /// Whether it ran beside other stages (its time is part of the stage that follows it, not of the total).
        public var beside = false
    }

    public private(set) var stages: [Stage] = []
    private var last = DispatchTime.now().uptimeNanoseconds

    public init() {}

    /// Ends the current stage under `name`.
    public mutating func lap(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        stages.append(Stage(name: name, seconds: Double(now - last) / 1e9, peakMiB: Self.peakMiB()))
        last = now
    }

    /// Records a piece of work that ran beside others, timed on its own; the next `lap` covers them all.
    public mutating func beside(_ name: String, seconds: Double) {
        stages.append(Stage(name: name, seconds: seconds, peakMiB: Self.peakMiB(), beside: true))
    }

    /// Adds the side-by-side stages another `StageTimings` recorded (a report job's own measurements).
    mutating func append(_ other: StageTimings) {
        stages += other.stages.filter(\.beside)
    }

    public var total: Double { stages.lazy.filter { !$0.beside }.reduce(0) { $0 + $1.seconds } }

    public static func peakMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }

    /// One line per stage, for stderr.
    public var text: String {
        func pad(_ name: String) -> String { name + String(repeating: " ", count: max(1, 20 - name.count)) }
        return stages.map {
            $0.beside
                ? pad("  " + $0.name) + String(format: "%7.2f s   beside the others", $0.seconds)
                : pad($0.name) + String(format: "%7.2f s   peak %6.0f MiB", $0.seconds, $0.peakMiB)
        }.joined(separator: "\n")
            + "\n" + pad("total") + String(format: "%7.2f s", total) + "\n"
    }
}
