import Foundation
import PostHogAPI

/// One self-rewriting progress line on stderr, only when stderr is a terminal.
actor ProgressLine {
    static let shared = ProgressLine()
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    /// Whether progress should be drawn at all.
    nonisolated static var enabled: Bool { isatty(STDERR_FILENO) == 1 }

    func update(_ progress: DefinitionCrawler.Progress) {
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.1 else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(progress.definitions) / elapsed : 0
        var text = "\r\u{1B}[2Kpass \(progress.pass): \(progress.pages) pages, \(progress.definitions)"
        if let expected = progress.expected, expected > 0 { text += " of \(expected)" }
        text += " definitions, \(Int(rate))/s, page size \(progress.pageSize)"
        if progress.retries > 0 { text += ", \(progress.retries) retried" }
        if let expected = progress.expected, rate > 0, expected > progress.definitions {
            text += ", about \(Int(Double(expected - progress.definitions) / rate) + 1) s left"
        }
        FileHandle.standardError.write(Data(text.utf8))
        drawn = true
    }

    /// Saved insights read so far, after the crawl.
    func insights(_ read: Int, of total: Int) {
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.1 || read >= total else { return }
        lastDraw = now
        FileHandle.standardError.write(Data("\r\u{1B}[2Ksaved insights: \(read) of \(total)".utf8))
        drawn = true
    }

    func finish() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        drawn = false
    }
}
