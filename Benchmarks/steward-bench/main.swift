import Foundation
import StewardCore
import StewardKit
import StewardTestSupport

// Steward's benchmarks: `make bench` runs `steward-bench lint --sizes …`; `generate` writes sample projects.
// Timings are wall-clock on this machine; results go to stdout and Benchmarks/results/latest.md.

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func peakMemoryMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func value(_ flag: String, in arguments: [String]) -> String? {
    guard let index = arguments.firstIndex(of: flag), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

func machineDescription() -> String {
    let cpu =
        (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
        .split(separator: "\n").first { $0.hasPrefix("model name") }?
        .split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
    return "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(cpu), \(ProcessInfo.processInfo.physicalMemory / 1_073_741_824) GiB"
}

func lintBenchmark(sizes: [Int]) throws {
    let policy = try PolicyLoader().load(["default"])
    var table =
        "| definitions | generate | lint (all rules) | rule evaluations/s | near-duplicate pass | dynamic-name pass | findings | peak memory |\n"
    table += "|---|---|---|---|---|---|---|---|\n"
    for size in sizes {
        var definitions: [EventDefinition] = []
        let generate = seconds { definitions = SyntheticProject(count: size, seed: 7).definitions() }
        let linter = try Linter(policy: policy, now: Fixtures.now)
        var result: LintResult?
        let lint = seconds { result = try? linter.lint(definitions) }
        let inScope = result!.inScopeCount
        let evaluations = Double(inScope * result!.enabledRules.count)
        let nearRule = try NearDuplicateNameRule(configuration: RuleConfiguration(ruleID: "near_duplicate_name", severity: .error))
        let context = LintContext(now: Fixtures.now)
        let near = seconds { _ = nearRule.check(DefinitionSubset(definitions), in: context) }
        let dynamicRule = try DynamicNameRule(configuration: PolicyLoader().configuration(ruleID: "dynamic_name", optionsYAML: ""))
        let dynamic = seconds { _ = dynamicRule.check(DefinitionSubset(definitions), in: context) }
        let row =
            "| \(size) | \(String(format: "%.2f s", generate)) | \(String(format: "%.2f s", lint)) | "
            + "\(String(format: "%.2f M", evaluations / lint / 1e6)) | \(String(format: "%.2f s", near)) | "
            + "\(String(format: "%.2f s", dynamic)) | \(result!.findings.count) | \(String(format: "%.0f MiB", peakMemoryMiB())) |"
        print(row)
        table += row + "\n"
    }
    let report = """
        # Steward benchmarks

        Machine: \(machineDescription()). Release build, policy `rules/default.yml`
        (\(try Linter(policy: policy, now: Fixtures.now).lint([]).enabledRules.count) rules enabled; rule evaluations = in-scope definitions × enabled rules).
        The linter runs per-definition rules in chunks and each collecting rule beside them, on every core; the
        near-duplicate and dynamic-name columns time those passes alone on one core. `generate` is the synthetic
        project, not part of an audit.

        ## Lint

        \(table)
        """
    try FileManager.default.createDirectory(atPath: "Benchmarks/results", withIntermediateDirectories: true)
    try report.write(toFile: "Benchmarks/results/latest.md", atomically: true, encoding: .utf8)
    print("wrote Benchmarks/results/latest.md")
}

/// Time each enabled rule of the default policy alone over the same definitions, to see where lint time goes.
func perRuleBenchmark(size: Int) throws -> String {
    let policy = try PolicyLoader().load(["default"])
    let definitions = SyntheticProject(count: size, seed: 7).definitions()
    let context = LintContext(now: Fixtures.now)
    var table = "| rule | seconds at \(size) | definitions/s |\n|---|---|---|\n"
    for id in RuleRegistry.builtIn.identifiers {
        guard let configuration = policy.configuration(for: id), configuration.severity != .off,
            let type = RuleRegistry.builtIn.rule(id)
        else { continue }
        let rule = try type.init(configuration: configuration)
        let elapsed = seconds {
            if let rule = rule as? any DefinitionRule {
                var violations: [Violation] = []
                for definition in definitions {
                    violations.removeAll(keepingCapacity: true)
                    rule.check(definition, in: context, into: &violations)
                }
            } else if let rule = rule as? any CollectingRule {
                _ = rule.check(DefinitionSubset(definitions), in: context)
            }
        }
        table += "| \(id) | \(String(format: "%.3f", elapsed)) | \(String(format: "%.2f M", Double(size) / elapsed / 1e6)) |\n"
    }
    return table
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "lint":
        let sizes = (value("--sizes", in: arguments) ?? "10000,100000,1000000").split(separator: ",").compactMap { Int($0) }
        try lintBenchmark(sizes: sizes)
    case "rules":
        print(try perRuleBenchmark(size: Int(value("--size", in: arguments) ?? "100000") ?? 100_000))
    case "history":
        let report = try historyBenchmark(
            size: Int(value("--size", in: arguments) ?? "100000") ?? 100_000,
            nights: Int(value("--nights", in: arguments) ?? "30") ?? 30,
            churn: Double(value("--churn", in: arguments) ?? "0.01") ?? 0.01)
        print(report)
        if arguments.contains("--append") {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: "Benchmarks/results/latest.md"))
            handle.seekToEndOfFile()
            handle.write(Data(("\n## History\n\n" + report).utf8))
            try handle.close()
        }
    case "reports":
        let report = try reportsBenchmark(
            size: Int(value("--size", in: arguments) ?? "100000") ?? 100_000,
            formats: value("--formats", in: arguments).map { $0.split(separator: ",").map(String.init) })
        print(report)
        if arguments.contains("--append") {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: "Benchmarks/results/latest.md"))
            handle.seekToEndOfFile()
            handle.write(Data(("\n## Reports\n\n" + report).utf8))
            try handle.close()
        }
    case "generate":
        let count = Int(value("--count", in: arguments) ?? "400") ?? 400
        let seed = UInt64(value("--seed", in: arguments) ?? "7") ?? 7
        let project = SyntheticProject(count: count, seed: seed, includeHostileNames: arguments.contains("--hostile"))
        let snapshot = Snapshot(
            host: "https://us.posthog.com", project: "sample", fetchedAt: Fixtures.now,
            reportedCount: count, complete: true, definitions: project.definitions())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        FileHandle.standardOutput.write(try encoder.encode(snapshot))
        FileHandle.standardOutput.write(Data("\n".utf8))
    default:
        FileHandle.standardError.write(
            Data(
                "usage: steward-bench lint [--sizes N,N…] | history [--size N] [--nights N] [--churn F] [--append] | reports [--size N] [--append] | generate [--count N] [--seed S] [--hostile]\n"
                    .utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("steward-bench: \(error)\n".utf8))
    exit(1)
}
