import FlyingFox
import FlyingSocks

/// A response body that sends some bytes and then fails, so the server closes the connection mid-response:
/// how the simulator drops and truncates responses.
struct FailingBody: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    let bytes: [UInt8]

    struct Iterator: AsyncBufferedIteratorProtocol {
        var bytes: [UInt8]
        var position = 0

        mutating func next() async throws -> UInt8? {
            guard position < bytes.count else { throw SocketError.disconnected }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func nextBuffer(suggested count: Int) async throws -> ArraySlice<UInt8>? {
            guard position < bytes.count else { throw SocketError.disconnected }
            let end = Swift.min(bytes.count, position + count)
            defer { position = end }
            return bytes[position..<end]
        }
    }

    func makeAsyncIterator() -> Iterator { Iterator(bytes: bytes) }
}
