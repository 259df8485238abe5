import ArgumentParser

/// `--rate-limit` and `--rate-limit-hour`: the key's request budget, for every command that talks to PostHog.
struct RateLimitOptions: ParsableArguments {
    @Option(name: .long, help: "Requests per minute the key may make (PostHog: 480; 0 for no limit).")
    var rateLimit: Int = 480

    @Option(name: .long, help: "Requests per hour the key may make (PostHog: 4800; 0 for no limit).")
    var rateLimitHour: Int = 4_800

    func validate() throws {
        guard rateLimit >= 0, rateLimitHour >= 0 else { throw ValidationError("--rate-limit values cannot be negative.") }
    }
}
