import Foundation
import StewardCore
import StewardReports

/// The JSON Schema of policy files, generated from the rule registry so editors validate and complete them.
public enum PolicySchema {
    /// One JSON Schema node, as the policy schema uses them: typed fields instead of untyped dictionaries.
    public final class Node: Encodable, Sendable {
        /// `additionalProperties`: false, or the schema every other property must meet.
        public enum Additional: Encodable, Sendable {
            case forbidden
            case schema(Node)

            /// Encodes it as Steward writes it.
            public func encode(to encoder: Encoder) throws {
                var container = encoder.singleValueContainer()
                switch self {
                case .forbidden: try container.encode(false)
                case .schema(let node): try container.encode(node)
                }
            }
        }

        let schema: String?
        let id: String?
        let title: String?
        let description: String?
        let type: String?
        let additionalProperties: Additional?
        let properties: [String: Node]?
        let items: Node?
        let required: [String]?
        let oneOf: [Node]?
        let values: [String]?
        let minimum: Int?
        let maximum: Int?
        let minLength: Int?
        let format: String?

        init(
            schema: String? = nil, id: String? = nil, title: String? = nil, description: String? = nil, type: String? = nil,
            additionalProperties: Additional? = nil, properties: [String: Node]? = nil, items: Node? = nil, required: [String]? = nil,
            oneOf: [Node]? = nil, values: [String]? = nil, minimum: Int? = nil, maximum: Int? = nil, minLength: Int? = nil,
            format: String? = nil
        ) {
            self.schema = schema
            self.id = id
            self.title = title
            self.description = description
            self.type = type
            self.additionalProperties = additionalProperties
            self.properties = properties
            self.items = items
            self.required = required
            self.oneOf = oneOf
            self.values = values
            self.minimum = minimum
            self.maximum = maximum
            self.minLength = minLength
            self.format = format
        }

        /// The same node with a description.
        func described(_ text: String) -> Node {
            Node(
                schema: schema, id: id, title: title, description: text, type: type, additionalProperties: additionalProperties,
                properties: properties, items: items, required: required, oneOf: oneOf, values: values, minimum: minimum,
                maximum: maximum, minLength: minLength, format: format)
        }

        enum CodingKeys: String, CodingKey {
            case schema = "$schema", id = "$id", title, description, type, additionalProperties, properties, items, required, oneOf,
                values = "enum", minimum, maximum, minLength, format
        }
    }

    /// The schema of a policy file.
    public static func schema(registry: RuleRegistry = .builtIn) -> Node {
        let severity = Node(values: Severity.allCases.map(\.rawValue))
        let stringList = Node(type: "array", items: Node(type: "string"))
        let events = Node(values: ["custom", "posthog", "all"])
        let selector = Node(
            type: "object", additionalProperties: .forbidden,
            properties: ["names": stringList, "name_matches": stringList, "tags": stringList, "events": events])
        var rules: [String: Node] = [:]
        for type in registry.rules {
            let d = type.description
            var properties = ["severity": severity]
            for option in d.options {
                properties[option.name] = optionSchema(option.kind, selector: selector, stringList: stringList)
                    .described(option.summary.replacingOccurrences(of: "`", with: ""))
            }
            rules[d.identifier] = Node(
                description: d.summary.replacingOccurrences(of: "`", with: ""),
                oneOf: [severity, Node(type: "object", additionalProperties: .forbidden, properties: properties)])
        }
        let ruleMap = Node(type: "object", additionalProperties: .forbidden, properties: rules)
        let waiver = Node(
            type: "object", additionalProperties: .forbidden,
            properties: [
                "event": Node(type: "string"), "event_id": Node(type: "string"), "rule": Node(values: registry.identifiers),
                "reason": Node(type: "string", minLength: 1), "expires": Node(type: "string", format: "date"),
            ],
            required: ["rule", "reason", "expires"], oneOf: [Node(required: ["event"]), Node(required: ["event_id"])])
        return Node(
            schema: "https://json-schema.org/draft/2020-12/schema", id: "https://steward.dev/schema/steward-policy.schema.json",
            title: "Steward policy",
            description:
                "A Steward policy file: scope, rules, overrides and waivers for PostHog event definitions; steward.yml may also hold the project settings.",
            type: "object", additionalProperties: .forbidden,
            properties: [
                "extends": Node(
                    description: "Bundled presets by name or relative paths, merged first.", oneOf: [Node(type: "string"), stringList]),
                "scope": Node(
                    type: "object", additionalProperties: .forbidden,
                    properties: [
                        "events": events, "include_names": stringList, "exclude_names": stringList, "include_tags": stringList,
                        "exclude_tags": stringList, "exclude_hidden": Node(type: "boolean"),
                    ]),
                "rules": ruleMap,
                "overrides": Node(
                    type: "array",
                    items: Node(
                        type: "object", additionalProperties: .forbidden, properties: ["when": selector, "rules": ruleMap],
                        required: ["when", "rules"])),
                "waivers": Node(type: "array", items: waiver),
                "settings": Node(
                    type: "object", additionalProperties: .forbidden,
                    properties: ["waiver_warning_days": Node(type: "integer", minimum: 0, maximum: 3650)]),
            ].merging(projectSettings(stringList: stringList)) { policyKey, _ in policyKey })
    }

    /// The project settings `steward.yml` may hold beside its policy keys (accepted only in that file).
    private static func projectSettings(stringList: Node) -> [String: Node] {
        let oneOrMore = Node(oneOf: [Node(type: "string", minLength: 1), stringList])
        return [
            "host": Node(type: "string", minLength: 1).described("steward.yml only: the PostHog host."),
            "project": Node(oneOf: [Node(type: "string", minLength: 1), Node(type: "integer")])
                .described("steward.yml only: the project id or @current."),
            "db": Node(type: "string", minLength: 1).described("steward.yml only: the history database."),
            "policy": oneOrMore.described("steward.yml only: policy files or presets, in order."),
            "format": oneOrMore.described("steward.yml only: report formats."),
            "output_dir": Node(type: "string", minLength: 1).described("steward.yml only: where file reports are written."),
            "fail_on": Node(values: ["error", "warning", "info", "never"]).described("steward.yml only: the severity that fails a run."),
            "page_size": Node(type: "integer", minimum: 1, maximum: 100_000).described("steward.yml only: definitions per request."),
            "concurrency": Node(type: "integer", minimum: 1, maximum: 64).described("steward.yml only: requests in flight."),
            "plan": Node(type: "string", minLength: 1).described("steward.yml only: the tracking plan file."),
            "at_risk_tag": Node(type: "string", minLength: 1).described(
                "steward.yml only: the tag `steward fix --tag-at-risk` puts on dashboards charting hidden or stale events."),
            "dashboard_name": Node(type: "string", minLength: 1).described("steward.yml only: the dashboard `steward publish` keeps."),
        ]
    }

    /// The schema as pretty, key-sorted JSON; `rules/schema/steward-policy.schema.json` holds a copy a test keeps current.
    public static func json(registry: RuleRegistry = .builtIn) -> String {
        ViewJSON.encode(schema(registry: registry))
    }

    private static func optionSchema(_ kind: RuleOptionSpec.Kind, selector: Node, stringList: Node) -> Node {
        switch kind {
        case .string, .regex: return Node(type: "string")
        case .integer(let minimum, let maximum): return Node(type: "integer", minimum: minimum, maximum: maximum == Int.max ? nil : maximum)
        case .boolean: return Node(type: "boolean")
        case .strings, .regexes: return stringList
        case .choice(let values): return Node(values: values)
        case .selector: return selector
        case .stringMap: return Node(type: "object", additionalProperties: .schema(Node(type: "string")))
        }
    }
}
