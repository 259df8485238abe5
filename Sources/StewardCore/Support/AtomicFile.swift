import Foundation

/// Writes files so that a reader sees the old contents or the new, never half: into a temporary file
/// beside the final one, then a rename. Staging and publishing are separate steps, so an audit can render
/// its reports first and put them in place only once its history is committed.
///
/// A path that names something other than a regular file (`/dev/stdout`, a FIFO, `/dev/full`) is written
/// in place instead: renaming over it would replace a device node with a file.
public enum AtomicFile {
    /// A file written but not yet in place.
    public struct Staged: Sendable {
        /// Where it goes.
        public let path: String
        /// Where it is now; nil when it was written in place (a device or FIFO).
        public let temporary: String?

        /// Moves it into place.
        public func publish() throws {
            guard let temporary else { return }
            guard rename(temporary, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: reason])
            }
        }

        /// Removes it; what stood at `path` stays as it was.
        public func discard() {
            if let temporary { unlink(temporary) }
        }
    }

    /// Writes through `write`, given an open descriptor, to a staged file for `path` (its folder made when
    /// missing); `write` throws to abandon it.
    public static func stage(_ path: String, _ write: (Int32) throws -> Void) throws -> Staged {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        // stat follows links, so /dev/stdout (a link to the process's descriptor) counts as what it points at.
        var status = stat()
        let inPlace = stat(path, &status) == 0 && (status.st_mode & S_IFMT) != S_IFREG
        if inPlace, (status.st_mode & S_IFMT) == S_IFDIR {
            throw CocoaError(.fileWriteInvalidFileName, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: "it is a folder"])
        }
        let target = inPlace ? path : path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let descriptor = open(target, inPlace ? (O_WRONLY | O_CLOEXEC) : (O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC), 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(
                .fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
        do {
            try write(descriptor)
            if !inPlace { _ = fsync(descriptor) }
            close(descriptor)
        } catch {
            close(descriptor)
            if !inPlace { unlink(target) }
            throw error
        }
        return Staged(path: path, temporary: inPlace ? nil : target)
    }

    /// Writes what `produce` hands its sink, chunk by chunk, to `path`, and puts it in place.
    public static func write(to path: String, _ produce: (_ sink: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Void) throws {
        try stage(path) { descriptor in
            try produce { buffer in try writeAll(buffer, to: descriptor) }
        }.publish()
    }

    /// Writes `text` to `path` the same way.
    public static func write(_ text: String, to path: String) throws {
        var text = text
        try write(to: path) { sink in try text.withUTF8 { try sink($0) } }
    }

    /// Writes every byte of `buffer`, or throws the system's reason (a full disk, `/dev/full`).
    public static func writeAll(_ buffer: UnsafeBufferPointer<UInt8>, to descriptor: Int32) throws {
        var offset = 0
        while offset < buffer.count {
            let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            offset += written
        }
    }

    /// The system's words for a failed write ("No space left on device"), whatever layer reported it.
    public static func reason(_ error: any Error) -> String {
        if let posix = error as? POSIXError { return String(cString: strerror(posix.code.rawValue)) }
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(underlying.code))) }
        return (error as NSError).userInfo[NSLocalizedDescriptionKey] as? String ?? error.localizedDescription
    }
}
