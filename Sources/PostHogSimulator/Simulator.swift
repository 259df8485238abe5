import FlyingFox
import FlyingSocks
import Foundation

/// A running imitation of PostHog's event-definition API on a loopback port.
public final class Simulator: Sendable {
    /// The configuration it was built with.
    public let configuration: SimulatorConfiguration
    let store: ProjectStore
    let server: HTTPServer
    let stats = SimulatorStats()
    let writeGate: WriteGate
    let usage: UsageStore
    let limiter: RateLimiter

    init(configuration: SimulatorConfiguration, definitions: [SimDefinition]) {
        self.configuration = configuration
        store = ProjectStore(configuration: configuration, definitions: definitions)
        writeGate = WriteGate(holdAfter: configuration.holdWritesAfter)
        let clock = configuration.now
        usage = UsageStore(
            now: { clock ?? SimTime.now() },
            generated: configuration.dataFile == nil
                ? UsageGenerator(definitions: definitions, configuration: configuration, now: clock ?? SimTime.now()).generate()
                : ([], [], []))
        limiter = RateLimiter(
            perMinute: configuration.ratePerMinute, perHour: configuration.ratePerHour,
            minuteSeconds: configuration.rateWindowSeconds)
        // Loopback only: the simulator is never reachable from another machine.
        // 127.0.0.1 built directly (INADDR_LOOPBACK), so no parse can fail over to every interface.
        var address = sockaddr_in.inet(port: configuration.port)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        // FlyingFox answers 500 when a handler runs past this; a simulator shares its threads with a busy test
        // process, where a handler can wait minutes to be scheduled, so it is longer than any client's patience.
        server = HTTPServer(address: address, timeout: 600, pool: PromptSocketPool(pool: HTTPServer.defaultPool()), logger: .disabled)
    }

    /// Serves until cancelled or stopped; call ``waitUntilListening()`` to know when it accepts connections.
    public func run() async throws {
        await server.appendRoute("*", to: SimulatorHandler(simulator: self))
        try await server.run()
    }

    /// Waits until the server accepts connections.
    public func waitUntilListening() async throws {
        try await server.waitUntilListening(timeout: 30)
    }

    /// The port it listens on (useful with port 0).
    public var port: UInt16? {
        get async {
            guard case .ip4(_, let port)? = await server.listeningAddress else { return nil }
            return port
        }
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    public var baseURL: String {
        get async { "http://127.0.0.1:\(await port ?? 0)" }
    }

    /// Stops accepting connections and ends the server.
    public func stop() async {
        await server.stop(timeout: 1)
    }
}

/// Builds a simulator from its configuration: the one factory the executable and the tests share.
public func makeSimulator(configuration: SimulatorConfiguration) throws(SimulatorError) -> Simulator {
    Simulator(configuration: configuration, definitions: try initialDefinitions(configuration))
}

/// The project a configuration starts with: its data file, else a generated one.
func initialDefinitions(_ configuration: SimulatorConfiguration) throws(SimulatorError) -> [SimDefinition] {
    if let path = configuration.dataFile { return try DataFileLoader.load(path: path) }
    let now = configuration.now ?? SimTime.now()
    return ProjectGenerator(count: configuration.definitions, seed: configuration.seed, now: now).generate()
}
