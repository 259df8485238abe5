import Foundation
import StewardCore

#if canImport(Glibc)
    import Glibc
#endif

/// The one applier of fixes for a history file: `fix --apply`, `fix --resume` and `undo` hold it for as
/// long as they write, so one run is never applied by two processes at once (which would send every
/// change twice and journal both as done).
///
/// It is an advisory `flock` on `<history>.fix-lock`, beside the database: the kernel drops it when the
/// holder exits, however it exits (a SIGKILL leaves no stale lock for a resume to clear). The file holds
/// a line saying who holds it, which the refused process quotes.
public final class FixLock: @unchecked Sendable {  // the descriptor is owned by this object alone
    private let descriptor: Int32
    /// The lock file's path.
    public let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    /// The lock file for the history database at `historyPath`.
    public static func lockPath(forHistory historyPath: String) -> String { historyPath + ".fix-lock" }

    /// Takes the lock, or throws a storage error (exit 4) naming its holder; with `wait`, polls until the
    /// holder is done, telling `notice` once what it waits for.
    public static func acquire(
        historyPath: String, doing: String, wait: Bool, notice: (@Sendable (String) -> Void)? = nil
    ) async throws(StewardError) -> FixLock {
        let path = lockPath(forHistory: historyPath)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StewardError(.storage, "cannot open the fix lock \(path): \(String(cString: strerror(errno))).")
        }
        var told = false
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                close(descriptor)
                throw StewardError(.storage, "cannot lock \(path): \(String(cString: strerror(errno))).")
            }
            let holder = Self.holder(descriptor)
            guard wait else {
                close(descriptor)
                throw StewardError(
                    .storage,
                    "another Steward is applying fixes with this history (\(holder)); one applier at a time. Wait for it to finish, or pass --wait."
                )
            }
            if !told {
                notice?("waiting for another Steward applying fixes with this history (\(holder))")
                told = true
            }
            try? await Task.sleep(nanoseconds: 200_000_000)
        }
        let lock = FixLock(descriptor: descriptor, path: path)
        lock.describe(doing)
        return lock
    }

    /// Says what the holder is doing now ("fix run 3"), for a refused process to quote.
    public func describe(_ doing: String) {
        let line =
            "pid \(ProcessInfo.processInfo.processIdentifier) on \(ProcessInfo.processInfo.hostName), \(doing), since \(Timestamp(Date()).iso8601)\n"
        _ = ftruncate(descriptor, 0)
        _ = line.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    /// Lets the next applier in.
    public func release() {
        _ = ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    private static func holder(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        let text = count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : ""
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        return line.isEmpty ? "a process that has not said who it is" : line
    }
}
