import Foundation
import Yams

/// Reads policy files and bundled presets, follows `extends`, validates strictly, and merges them.
public struct PolicyLoader: Sendable {
    /// The rules a policy may name.
    public var registry: RuleRegistry
    /// Presets `extends` may name, by name.
    public var presets: [String: String]

    /// A loader for the built-in rules and bundled presets.
    public init(registry: RuleRegistry = .builtIn, presets: [String: String] = BundledPresets.all) {
        self.registry = registry
        self.presets = presets
    }

    static let topLevelKeys = ["extends", "scope", "rules", "overrides", "waivers", "settings"]

    /// Loads and merges policy files (or preset names) in order; later ones win.
    public func load(_ references: [String]) throws(PolicyError) -> Policy {
        var state = MergeState()
        for reference in references {
            try include(reference, relativeTo: nil, from: nil, chain: [], into: &state)
        }
        return state.policy
    }

    /// Loads policy text held in memory (used for tests and `steward check --policy -`).
    public func load(text: String, file: String) throws(PolicyError) -> Policy {
        var state = MergeState()
        try merge(text: text, file: file, directory: FileManager.default.currentDirectoryPath, chain: [file], into: &state)
        return state.policy
    }

    /// Parses the options of one rule given as inline YAML (examples and `steward check --rule`).
    public func configuration(ruleID: String, optionsYAML: String) throws(PolicyError) -> RuleConfiguration {
        let text = optionsYAML.isEmpty ? "{}" : optionsYAML
        let policy = try load(text: "rules:\n  \(ruleID): \(text)\n", file: "<\(ruleID) options>")
        guard let configuration = policy.configuration(for: ruleID, registry: registry) else {
            throw PolicyError("unknown rule '\(ruleID)'", at: nil)
        }
        return configuration
    }

    // MARK: - Loading

    private struct MergeState {
        var policy = Policy(sources: [], hash: "", scope: Scope(), rules: [:], overrides: [], waivers: [], settings: .init())
        var hasher = StableHash()
        var loaded: Set<String> = []
    }

    private func include(
        _ reference: String, relativeTo directory: String?, from location: SourceLocation?,
        chain: [String], into state: inout MergeState
    ) throws(PolicyError) {
        let isPath = reference.contains("/") || reference.hasSuffix(".yml") || reference.hasSuffix(".yaml")
        let key: String
        let text: String
        let file: String
        let nextDirectory: String
        if !isPath {
            guard let preset = presets[reference] else {
                throw PolicyError(
                    "unknown preset '\(reference)'\(Suggestion.didYouMean(reference, among: Array(presets.keys)));"
                        + " bundled presets: \(presets.keys.sorted().joined(separator: ", ")); a file path needs a '/' or a .yml ending",
                    at: location)
            }
            key = "preset:\(reference)"
            text = preset
            file = "<preset \(reference)>"
            nextDirectory = directory ?? FileManager.default.currentDirectoryPath
        } else {
            let base = directory ?? FileManager.default.currentDirectoryPath
            let url =
                reference.hasPrefix("/") ? URL(fileURLWithPath: reference) : URL(fileURLWithPath: base).appendingPathComponent(reference)
            let path = url.standardizedFileURL.path
            key = "file:\(path)"
            file = directory == nil ? reference : Self.displayPath(path)
            // A policy names other files only inside its own folder or the working directory, and only YAML
            // files: a shared or downloaded policy must not make Steward read (and quote) /etc or a key file.
            if let directory { try Self.checkExtendable(reference, resolved: url, namedIn: directory, at: location) }
            do {
                let data = try Self.readPolicyFile(url, file: file, at: location)
                guard let decoded = String(data: data, encoding: .utf8) else {
                    throw PolicyError("\(file) is not valid UTF-8 text", at: location)
                }
                text = decoded
            } catch let error as PolicyError {
                throw error
            } catch {
                let what = location == nil ? "policy file" : "policy file named in extends"
                throw PolicyError(
                    "cannot read \(what) '\(reference)' (looked at \(path)): \(FileManager.default.fileExists(atPath: path) ? "unreadable" : "no such file")",
                    at: location)
            }
            nextDirectory = url.deletingLastPathComponent().path
        }
        if chain.contains(key) {
            let names = (chain + [key]).map {
                $0.replacingOccurrences(of: "file:", with: "").replacingOccurrences(of: "preset:", with: "preset ")
            }
            throw PolicyError("extends forms a cycle: \(names.joined(separator: " → "))", at: location)
        }
        // A diamond (two files extending the same preset) merges it once.
        guard state.loaded.insert(key).inserted else { return }
        // Only the project file named on its own (not one reached through extends) holds project settings.
        let isProjectFile = directory == nil && isPath && URL(fileURLWithPath: reference).lastPathComponent == Self.projectFileName
        try merge(
            text: text, file: file, directory: nextDirectory, chain: chain + [key], allowsSettings: isProjectFile, into: &state)
    }

    /// The largest policy file read: presets are a few kilobytes; anything near this is not a policy.
    static let maximumFileBytes = 4 << 20

    /// Where `extends` may reach: a `.yml`/`.yaml` file under the naming policy's folder or the working
    /// directory, symbolic links resolved (a link inside pointing outside counts as outside).
    static func checkExtendable(_ reference: String, resolved url: URL, namedIn directory: String, at location: SourceLocation?)
        throws(PolicyError)
    {
        let lowered = reference.lowercased()
        guard lowered.hasSuffix(".yml") || lowered.hasSuffix(".yaml") else {
            throw PolicyError(
                "extends names '\(reference)', which is not a .yml or .yaml file; a policy extends only policy files", at: location)
        }
        let real = url.resolvingSymlinksInPath().standardizedFileURL.path
        let roots = [directory, FileManager.default.currentDirectoryPath].map {
            URL(fileURLWithPath: $0).resolvingSymlinksInPath().standardizedFileURL.path
        }
        guard roots.contains(where: { real == $0 || real.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }) else {
            throw PolicyError(
                "extends names '\(reference)', outside the policy's folder and the working directory; a policy may extend only files beside it (pass other files with --policy)",
                at: location)
        }
    }

    /// Reads a policy file with bounds: no device or endless file, nothing that is not text.
    static func readPolicyFile(_ url: URL, file: String, at location: SourceLocation?) throws -> Data {
        let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
        guard (attributes[.type] as? FileAttributeType) == .typeRegular else {
            throw PolicyError("\(file) is not a regular file, so it cannot be a policy", at: location)
        }
        guard let handle = FileHandle(forReadingAtPath: url.path) else { throw CocoaError(.fileReadNoPermission) }
        defer { try? handle.close() }
        let data = try handle.read(upToCount: maximumFileBytes + 1) ?? Data()
        guard data.count <= maximumFileBytes else {
            throw PolicyError("\(file) is larger than \(maximumFileBytes >> 20) MiB, so it cannot be a policy", at: location)
        }
        // Control characters other than tab, newline and carriage return mean this is not a YAML text file;
        // its content is not quoted.
        if let offset = data.firstIndex(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D || $0 == 0x7F }) {
            throw PolicyError(
                "\(file) is not a text file (a control byte at offset \(offset - data.startIndex)), so it cannot be a policy", at: location)
        }
        return data
    }

    /// The YAML document of `text`, nil when it is empty; errors at `file:line:column`, never quoting the text.
    static func compose(_ text: String, file: String) throws(PolicyError) -> Node? {
        do {
            return try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw yamlError(error, file: file, text: text)
        } catch {
            throw PolicyError("cannot parse YAML", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// A small YAML file's text (a plan, steward.yml) with the bounds policy files have; `what` names it in errors.
    static func readText(path: String, what: String) throws(PolicyError) -> String {
        do {
            let data = try readPolicyFile(URL(fileURLWithPath: path), file: path, at: nil)
            guard let decoded = String(data: data, encoding: .utf8) else { throw PolicyError("\(path) is not valid UTF-8 text", at: nil) }
            return decoded
        } catch let error as PolicyError {
            throw error
        } catch {
            throw PolicyError(
                "cannot read \(what) '\(path)': \(FileManager.default.isReadableFile(atPath: path) ? "unreadable" : "permission denied")",
                at: nil)
        }
    }

    private static func displayPath(_ path: String) -> String {
        let cwd = FileManager.default.currentDirectoryPath + "/"
        return path.hasPrefix(cwd) ? String(path.dropFirst(cwd.count)) : path
    }

    /// The file a project keeps its settings and policy in.
    public static let projectFileName = "steward.yml"

    private func merge(
        text: String, file: String, directory: String, chain: [String], allowsSettings: Bool = false, into state: inout MergeState
    ) throws(PolicyError) {
        let root: PolicyNode
        do {
            guard let node = try Yams.compose(yaml: text) else {
                // An empty policy file is valid and contributes nothing.
                state.policy.sources.append(file)
                state.hasher.combine(file)
                return
            }
            root = PolicyNode(node: node, file: file)
        } catch let error as YamlError {
            throw Self.yamlError(error, file: file, text: text)
        } catch {
            throw PolicyError("cannot parse YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
        // A file whose top level is not a mapping is not a policy at all; its text is not quoted back.
        guard case .mapping = root.node else {
            throw PolicyError(
                "\(file) is not a policy file: its top level is \(root.kindOnly), not a mapping of \(Self.topLevelKeys.joined(separator: ", "))",
                at: SourceLocation(file: file, line: 1, column: 1))
        }
        if !allowsSettings, case .mapping(let mapping) = root.node {
            for (key, _) in mapping {
                guard case .scalar(let scalar) = key, ProjectSettings.keys.contains(scalar.string) else { continue }
                throw PolicyError(
                    "'\(scalar.string)' is a project setting; it belongs at the top of \(Self.projectFileName), not in a policy file",
                    at: PolicyNode(node: key, file: file).location)
            }
        }
        let entries = try root.requireKeys(in: Self.topLevelKeys + (allowsSettings ? ProjectSettings.keys : []), "a policy file")
        // Parents first, so that this file's settings win.
        if let extends = entries.first(where: { $0.key == "extends" }) {
            let references: [PolicyNode]
            if case .scalar = extends.value.node { references = [extends.value] } else { references = try extends.value.list("extends") }
            for reference in references {
                try include(
                    try reference.nonEmptyString("an extends entry"), relativeTo: directory, from: reference.location,
                    chain: chain, into: &state)
            }
        }
        state.policy.sources.append(file)
        state.hasher.combine(file)
        state.hasher.combine(text)
        for entry in entries {
            switch entry.key {
            case "scope": try parseScope(entry.value, into: &state.policy.scope)
            case "rules":
                for (ruleID, setting) in try parseRules(entry.value, what: "rules") {
                    state.policy.rules[ruleID] = state.policy.rules[ruleID].map { $0.merged(with: setting) } ?? setting
                }
            case "overrides": state.policy.overrides.append(contentsOf: try parseOverrides(entry.value))
            case "waivers": state.policy.waivers.append(contentsOf: try parseWaivers(entry.value))
            case "settings": try parseSettings(entry.value, into: &state.policy.settings)
            default: break
            }
        }
        state.policy.hash = state.hasher.hex
    }

    static func yamlError(_ error: YamlError, file: String, text: String) -> PolicyError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _):
            let where_ = context.map { " \($0.text)" } ?? ""
            return PolicyError("invalid YAML: \(problem)\(where_)", at: SourceLocation(file: file, line: mark.line, column: mark.column))
        case .composer(let context, let problem, let mark, _):
            let where_ = context.map { " \($0.text)" } ?? ""
            return PolicyError("invalid YAML: \(problem)\(where_)", at: SourceLocation(file: file, line: mark.line, column: mark.column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams reports duplicates at the mapping's start; point at the second occurrence instead.
            let key = duplicates.sorted().first ?? "?"
            var seen = false
            for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where offset + 1 >= context.mark.line {
                let trimmed = line.drop { $0 == " " || $0 == "-" }
                guard trimmed.hasPrefix(key + ":") || trimmed.hasPrefix("'\(key)':") || trimmed.hasPrefix("\"\(key)\":") else { continue }
                if seen {
                    return PolicyError(
                        "duplicate key '\(key)'", at: SourceLocation(file: file, line: offset + 1, column: line.count - trimmed.count + 1))
                }
                seen = true
            }
            return PolicyError(
                "duplicate key '\(key)'", at: SourceLocation(file: file, line: context.mark.line, column: context.mark.column))
        case .reader(let problem, let offset, _, _):
            return PolicyError(
                "invalid YAML: \(problem)\(offset.map { " at byte \($0)" } ?? "")", at: SourceLocation(file: file, line: 1, column: 1))
        default:
            // Other descriptions quote the document; only the kind of failure is said.
            return PolicyError("invalid YAML", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    // MARK: - Sections

    private func parseScope(_ node: PolicyNode, into scope: inout Scope) throws(PolicyError) {
        let keys = ["events", "include_names", "exclude_names", "include_tags", "exclude_tags", "exclude_hidden"]
        for entry in try node.requireKeys(in: keys, "scope") {
            let what = "scope.\(entry.key)"
            switch entry.key {
            case "events":
                let text = try entry.value.string(what)
                guard let origin = DefinitionSelector.Origin(rawValue: text) else {
                    throw entry.value.error("\(what) must be one of custom, posthog, all; found '\(text)'")
                }
                scope.events = origin
            case "include_names": scope.includeNames = try entry.value.regexes(what)
            case "exclude_names": scope.excludeNames = try entry.value.regexes(what)
            case "include_tags": scope.includeTags = Set(try entry.value.strings(what).map { $0.lowercased() })
            case "exclude_tags": scope.excludeTags = Set(try entry.value.strings(what).map { $0.lowercased() })
            default: scope.excludeHidden = try entry.value.boolean(what)
            }
        }
    }

    private func parseRules(_ node: PolicyNode, what: String) throws(PolicyError) -> [(String, RuleSetting)] {
        var settings: [(String, RuleSetting)] = []
        let known = registry.identifiers
        for entry in try node.mapping(what) {
            guard let type = registry.rule(entry.key) else {
                throw entry.keyNode.error(
                    "unknown rule '\(entry.key)'\(Suggestion.didYouMean(entry.key, among: known)); `steward rules` lists them all")
            }
            settings.append((entry.key, try parseRuleSetting(entry.value, description: type.description, location: entry.keyNode.location)))
        }
        return settings
    }

    private func parseRuleSetting(_ node: PolicyNode, description: RuleDescription, location: SourceLocation) throws(PolicyError)
        -> RuleSetting
    {
        let id = description.identifier
        if case .scalar = node.node {
            if node.isNull { return RuleSetting(severity: nil, options: [:], location: location) }
            let text = try node.string("the setting of \(id)")
            // `off` written unquoted is YAML 1.1's false, and Yams hands it over as the text "off".
            guard let severity = Severity(rawValue: text.lowercased()) else {
                throw node.error(
                    "rule \(id) must be set to a severity (error, warning, info, off) or a mapping of options, found '\(text)'")
            }
            return RuleSetting(severity: severity, options: [:], location: location)
        }
        let allowed = ["severity"] + description.options.map(\.name)
        var setting = RuleSetting(severity: nil, options: [:], location: location)
        for entry in try node.mapping("the options of \(id)") {
            if entry.key == "severity" {
                let text = try entry.value.string("\(id).severity")
                guard let severity = Severity(rawValue: text.lowercased()) else {
                    throw entry.value.error("\(id).severity must be one of error, warning, info, off; found '\(text)'")
                }
                setting.severity = severity
                continue
            }
            guard let spec = description.option(named: entry.key) else {
                let list = allowed.joined(separator: ", ")
                throw entry.keyNode.error(
                    "unknown option '\(entry.key)' for rule \(id)\(Suggestion.didYouMean(entry.key, among: allowed)); its options are: \(list)"
                )
            }
            setting.options[entry.key] = try parseOption(entry.value, spec: spec, what: "\(id).\(entry.key)")
        }
        return setting
    }

    private func parseOption(_ node: PolicyNode, spec: RuleOptionSpec, what: String) throws(PolicyError) -> OptionValue {
        switch spec.kind {
        case .string: return .string(try node.string(what))
        case .integer(let minimum, let maximum): return .integer(try node.integer(what, minimum: minimum, maximum: maximum))
        case .boolean: return .boolean(try node.boolean(what))
        case .strings: return .strings(try node.strings(what))
        case .choice(let values):
            let text = try node.string(what)
            guard values.contains(text) else {
                throw node.error(
                    "\(what) must be one of \(values.joined(separator: ", "))\(Suggestion.didYouMean(text, among: values)); found '\(text)'"
                )
            }
            return .string(text)
        case .regex: return .regex(try node.regex(what))
        case .regexes: return .regexes(try node.regexes(what))
        case .selector: return .selector(try node.selector(what))
        case .stringMap:
            var pairs: [(key: String, value: String)] = []
            for entry in try node.mapping(what) {
                pairs.append((entry.key, try entry.value.string("\(what).\(entry.key)")))
            }
            return .stringMap(pairs)
        }
    }

    private func parseOverrides(_ node: PolicyNode) throws(PolicyError) -> [Override] {
        var overrides: [Override] = []
        for (index, item) in try node.list("overrides").enumerated() {
            let what = "overrides[\(index)]"
            let entries = try item.requireKeys(in: ["when", "rules"], what)
            guard let when = entries.first(where: { $0.key == "when" }) else {
                throw item.error("\(what) needs a 'when' selector (names, name_matches, tags, events)")
            }
            guard let rules = entries.first(where: { $0.key == "rules" }) else {
                throw item.error("\(what) needs 'rules' to change")
            }
            let selector = try when.value.selector("\(what).when")
            if selector.isEmpty { throw when.value.error("\(what).when selects everything; put these settings under 'rules' instead") }
            var settings: [String: RuleSetting] = [:]
            for (ruleID, setting) in try parseRules(rules.value, what: "\(what).rules") {
                if let type = registry.rule(ruleID), type is any CollectingRule.Type, !setting.options.isEmpty {
                    throw rules.value.error(
                        "\(ruleID) compares definitions with each other, so an override may change only its severity, not its options")
                }
                settings[ruleID] = setting
            }
            overrides.append(Override(selector: selector, rules: settings, location: item.location))
        }
        return overrides
    }

    private func parseWaivers(_ node: PolicyNode) throws(PolicyError) -> [Waiver] {
        var waivers: [Waiver] = []
        for (index, item) in try node.list("waivers").enumerated() {
            let what = "waivers[\(index)]"
            let entries = try item.requireKeys(in: ["event", "event_id", "rule", "reason", "expires"], what)
            func value(_ key: String) -> PolicyNode? { entries.first { $0.key == key }?.value }
            let event = try value("event")?.nonEmptyString("\(what).event")
            let eventID = try value("event_id")?.nonEmptyString("\(what).event_id")
            guard (event == nil) != (eventID == nil) else {
                throw item.error("\(what) must name exactly one of 'event' (a name) or 'event_id'")
            }
            guard let ruleNode = value("rule") else { throw item.error("\(what) needs 'rule': the rule it waives") }
            let ruleID = try ruleNode.string("\(what).rule")
            guard registry.rule(ruleID) != nil else {
                throw ruleNode.error("unknown rule '\(ruleID)' in \(what)\(Suggestion.didYouMean(ruleID, among: registry.identifiers))")
            }
            guard let reasonNode = value("reason") else {
                throw item.error("\(what) needs a 'reason': say why this finding is accepted, so the next person can judge it")
            }
            let reason = try reasonNode.nonEmptyString("\(what).reason")
            guard let expiresNode = value("expires") else {
                throw item.error("\(what) needs an 'expires' date (YYYY-MM-DD): waivers that never end become permanent silence")
            }
            let expires = try expiresNode.date("\(what).expires")
            waivers.append(
                Waiver(
                    eventName: event, eventID: eventID, ruleID: ruleID, reason: reason, expires: expires,
                    location: item.location))
        }
        return waivers
    }

    private func parseSettings(_ node: PolicyNode, into settings: inout Policy.Settings) throws(PolicyError) {
        for entry in try node.requireKeys(in: ["waiver_warning_days"], "settings") {
            settings.waiverWarningDays = try entry.value.integer("settings.waiver_warning_days", minimum: 0, maximum: 3650)
        }
    }
}
