import Foundation
import StewardCore
import StewardReports
import Testing

/// `--timings`: each stage's wall time beside the processor time the process spent in it.
@Suite struct TimingsViewTests {
    @Test func eachStageShowsItsProcessorTimeAndTheCoresItKeptBusy() {
        var timings = StageTimings()
        timings.lap("fetch")
        timings.beside("history write", seconds: 0.5)
        timings.lap("lint")
        let text = TimingsView.text(timings)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("fetch ") && lines[0].contains(" cpu ") && lines[0].contains(" cores)") && lines[0].contains(" peak "))
        // Work timed on its own beside the others has no processor time of its own: the process's is shared.
        #expect(lines[1].hasPrefix("  history write") && lines[1].contains("beside the others") && !lines[1].contains("cpu"))
        #expect(lines[3].hasPrefix("total ") && lines[3].contains(" cpu "))
    }

    @Test func processorTimeIsMeasuredPerStageAndSummedOverTheStagesInSequence() {
        var timings = StageTimings()
        // Work the processor must do: the stage that ran it cannot have used no processor time at all.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        let before = StageTimings.cpuSeconds()
        while StageTimings.cpuSeconds() - before < 0.02 {
            for _ in 0..<10_000 { state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407 }
        }
        timings.lap("busy")
        timings.beside("beside", seconds: 1)
        timings.lap("idle")
        #expect(state != 0)
        let stages = timings.stages
        #expect(stages.map(\.name) == ["busy", "beside", "idle"])
        #expect((stages[0].cpuSeconds ?? 0) >= 0.02)
        #expect(stages[1].cpuSeconds == nil)
        #expect((stages[2].cpuSeconds ?? -1) >= 0)
        #expect(abs(timings.totalCPU - ((stages[0].cpuSeconds ?? 0) + (stages[2].cpuSeconds ?? 0))) < 1e-9)
    }
}
