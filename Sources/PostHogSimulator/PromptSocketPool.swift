import FlyingSocks
import Foundation

/// The server's socket pool, with every socket it waits on set to send at once (`TCP_NODELAY`).
///
/// FlyingFox writes a response's head and its body as two writes. With Nagle's algorithm on, a small body waits
/// for the client to acknowledge the head, and a client that delays its acknowledgement (Linux: up to 40 ms) stalls
/// every small answer by that much. PostHog's own front (its load balancer and proxies) sends without that wait, so
/// the simulator does too.
struct PromptSocketPool<Pool: AsyncSocketPool>: AsyncSocketPool {
    let pool: Pool

    func prepare() async throws { try await pool.prepare() }

    func run() async throws { try await pool.run() }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        // FlyingFox hands accepted sockets to no hook; a wait is the first place one is seen. The option is set
        // again on later waits (one system call, beside a request's parsing and a page's JSON).
        Self.sendPromptly(socket)
        try await pool.suspendSocket(socket, untilReadyFor: events)
    }

    /// Turns Nagle's algorithm off on `socket`; a socket that is not TCP (or already closed) is left as it is.
    static func sendPromptly(_ socket: Socket) {
        try? socket.setValue(true, for: BoolSocketOption(level: Int32(IPPROTO_TCP), name: TCP_NODELAY))
    }
}
