#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a reporter writes: text appended in order, either kept in memory (standard output, tests) or
/// passed to a file a megabyte at a time, so a report of millions of findings never exists whole in
/// memory. A failed write is remembered and reported by `finish()`; later writes are dropped.
public final class ReportOutput {
    private var buffer = ""
    private let descriptor: Int32?
    /// How much text is held before it goes to the file.
    private let chunk: Int
    private var failure: Int32?
    /// Bytes written so far, including what is still buffered.
    public private(set) var byteCount = 0

    /// Keeps everything in memory; read it with `text`.
    public init() {
        descriptor = nil
        chunk = .max
    }

    /// Writes to an open file descriptor, `chunk` bytes at a time; the caller closes it after `finish()`.
    public init(descriptor: Int32, chunk: Int = 1 << 20) {
        self.descriptor = descriptor
        self.chunk = chunk
        buffer.reserveCapacity(chunk + 64 * 1024)
    }

    /// Everything written, for an in-memory output.
    public var text: String {
        precondition(descriptor == nil, "a file output does not keep its text")
        return buffer
    }

    /// Appends text.
    public static func += (output: ReportOutput, text: String) {
        output.write(text)
    }

    /// Appends text.
    public func write(_ text: some StringProtocol) {
        buffer += text
        byteCount += text.utf8.count
        if buffer.utf8.count >= chunk { flush() }
    }

    /// Appends through a function that extends a `String` in place (the JSON and escaping helpers).
    public func append(_ body: (inout String) -> Void) {
        let before = buffer.utf8.count
        body(&buffer)
        byteCount += buffer.utf8.count - before
        if buffer.utf8.count >= chunk { flush() }
    }

    /// Sends what is buffered to the file and reports the first failed write as an errno value.
    public func finish() -> Int32? {
        flush()
        return failure
    }

    private func flush() {
        guard let descriptor, !buffer.isEmpty else { return }
        if failure == nil {
            buffer.withUTF8 { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    offset += written
                }
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// The C library's `write`, named apart from `ReportOutput.write`.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(descriptor, bytes, count)
    #else
        Darwin.write(descriptor, bytes, count)
    #endif
}
