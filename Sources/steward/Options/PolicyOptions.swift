import ArgumentParser

/// `--policy`, shared by every command that lints.
struct PolicyOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A policy file or bundled preset name; repeatable, later ones win. Default: steward.yml if present, else the 'default' preset.",
            valueName: "path"))
    var policy: [String] = []
}
