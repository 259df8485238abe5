import Foundation
import StewardCore

/// `steward audit --timings`: one line per stage, for stderr.
public enum TimingsView {
    /// Each stage's time and the peak memory after it; stages that ran beside others are indented.
    public static func text(_ timings: StageTimings) -> String {
        func pad(_ name: String) -> String { name + String(repeating: " ", count: max(1, 20 - name.count)) }
        return timings.stages.map {
            $0.beside
                ? pad("  " + $0.name) + String(format: "%7.2f s   beside the others", $0.seconds)
                : pad($0.name) + String(format: "%7.2f s   peak %6.0f MiB", $0.seconds, $0.peakMiB)
        }.joined(separator: "\n")
            + "\n" + pad("total") + String(format: "%7.2f s", timings.total) + "\n"
    }
}
