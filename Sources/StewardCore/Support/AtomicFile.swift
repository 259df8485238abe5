import Foundation

/// Writes a file so that a reader sees the old contents or the new, never half: through a temporary file
/// beside it and a rename. A path that names something other than a regular file (`/dev/stdout`, a FIFO,
/// `/dev/full`) is written in place instead: renaming over it would replace a device node with a file.
public enum AtomicFile {
    /// Writes what `produce` hands its sink, chunk by chunk, to `path`; creates the folder when missing.
    public static func write(to path: String, _ produce: (_ sink: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Void) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        if !directory.isEmpty { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        // stat follows links, so /dev/stdout (a link to the process's descriptor) counts as what it points at.
        var status = stat()
        if stat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
            guard (status.st_mode & S_IFMT) != S_IFDIR else {
                throw CocoaError(.fileWriteInvalidFileName, userInfo: [NSFilePathErrorKey: path])
            }
            guard let handle = FileHandle(forWritingAtPath: path) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
            defer { try? handle.close() }
            try produce { try handle.write(contentsOf: Data($0)) }
            return
        }
        let temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            defer { try? handle.close() }
            try produce { try handle.write(contentsOf: Data($0)) }
            try handle.synchronize()
            guard rename(temporary, path) == 0 else {
                throw CocoaError(
                    .fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw error
        }
    }

    /// Writes `text` to `path` the same way.
    public static func write(_ text: String, to path: String) throws {
        var text = text
        try write(to: path) { sink in try text.withUTF8 { try sink($0) } }
    }
}
