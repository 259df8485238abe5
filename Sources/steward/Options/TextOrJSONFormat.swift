import ArgumentParser

/// `--format text|json`, for the commands whose output is a listing.
struct TextOrJSONFormat: ParsableArguments {
    @Option(name: .long, help: "Output format: text or json.")
    var format: String = "text"

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format must be text or json; got '\(format)'.") }
    }
}
