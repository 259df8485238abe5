import Foundation
import StewardCore

/// `steward audit --timings`: one line per stage, for stderr.
public enum TimingsView {
    /// Each stage's time, the processor time spent in it (as seconds and as cores kept busy on average) and the
    /// peak memory after it; stages that ran beside others are indented.
    public static func text(_ timings: StageTimings) -> String {
        func pad(_ name: String) -> String { name + String(repeating: " ", count: max(1, 20 - name.count)) }
        func cpu(_ seconds: Double, over wall: Double) -> String {
            String(format: "   cpu %6.2f s (%3.1f cores)", seconds, wall > 0 ? seconds / wall : 0)
        }
        return timings.stages.map {
            $0.beside
                ? pad("  " + $0.name) + String(format: "%7.2f s   beside the others", $0.seconds)
                : pad($0.name) + String(format: "%7.2f s", $0.seconds) + cpu($0.cpuSeconds ?? 0, over: $0.seconds)
                    + String(format: "   peak %6.0f MiB", $0.peakMiB)
        }.joined(separator: "\n")
            + "\n" + pad("total") + String(format: "%7.2f s", timings.total) + cpu(timings.totalCPU, over: timings.total) + "\n"
    }
}
