import Foundation

/// How long each stage of an audit took, the processor time the process spent in it, and the process's peak
/// memory after it (`steward audit --timings`, and the benchmark's table).
public struct StageTimings: Sendable {
    /// One stage: its name, time and the peak memory after it.
    public struct Stage: Sendable {
        /// The name.
        public var name: String
        /// How long it took.
        public var seconds: Double
        /// Processor seconds (user and system, every thread) the process spent in it: near `seconds` times the
        /// core count, the stage was bound by the processor; near zero, it waited (on the network, on a lock).
        /// Nil for a piece of work timed on its own beside others.
        public var cpuSeconds: Double?
        /// The process's peak resident memory so far, in MiB.
        public var peakMiB: Double
        /// Whether it ran beside other stages (its time is part of the stage that follows it, not of the total).
        public var beside = false
    }

    /// The stages in the order they ended.
    public private(set) var stages: [Stage] = []
    private var last = DispatchTime.now().uptimeNanoseconds
    private var lastCPU = Self.cpuSeconds()

    /// Starts timing now.
    public init() {}

    /// Ends the current stage under `name`.
    public mutating func lap(_ name: String) {
        let now = DispatchTime.now().uptimeNanoseconds
        let usage = Self.usage()
        let cpu = Self.cpuSeconds(usage)
        stages.append(Stage(name: name, seconds: Double(now - last) / 1e9, cpuSeconds: max(0, cpu - lastCPU), peakMiB: Self.peakMiB(usage)))
        (last, lastCPU) = (now, cpu)
    }

    /// Records a piece of work that ran beside others, timed on its own; the next `lap` covers them all.
    public mutating func beside(_ name: String, seconds: Double) {
        stages.append(Stage(name: name, seconds: seconds, cpuSeconds: nil, peakMiB: Self.peakMiB(), beside: true))
    }

    /// Adds the side-by-side stages another `StageTimings` recorded (a report job's own measurements).
    public mutating func append(_ other: StageTimings) {
        stages += other.stages.filter(\.beside)
    }

    /// Seconds of the stages that ran one after another.
    public var total: Double { stages.lazy.filter { !$0.beside }.reduce(0) { $0 + $1.seconds } }

    /// Processor seconds of the stages that ran one after another.
    public var totalCPU: Double { stages.lazy.filter { !$0.beside }.reduce(0) { $0 + ($1.cpuSeconds ?? 0) } }

    /// The process's peak resident memory so far, in MiB.
    public static func peakMiB() -> Double { peakMiB(usage()) }

    /// The processor time the process has used so far (user and system, every thread), in seconds.
    public static func cpuSeconds() -> Double { cpuSeconds(usage()) }

    private static func usage() -> rusage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage
    }

    private static func peakMiB(_ usage: rusage) -> Double { Double(usage.ru_maxrss) / 1024 }

    private static func cpuSeconds(_ usage: rusage) -> Double {
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
