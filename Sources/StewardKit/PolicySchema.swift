import Foundation
import StewardCore

/// The JSON Schema of policy files, generated from the rule registry so editors validate and complete them.
public enum PolicySchema {
    /// The schema as pretty, key-sorted JSON; `rules/schema/steward-policy.schema.json` holds a copy a test keeps current.
    public static func json(registry: RuleRegistry = .builtIn) -> String {
        let severity: [String: Any] = ["enum": Severity.allCases.map(\.rawValue)]
        let stringList: [String: Any] = ["type": "array", "items": ["type": "string"]]
        let selector: [String: Any] = [
            "type": "object", "additionalProperties": false,
            "properties": [
                "names": stringList, "name_matches": stringList, "tags": stringList,
                "events": ["enum": ["custom", "posthog", "all"]],
            ],
        ]
        var rules: [String: Any] = [:]
        for type in registry.rules {
            let d = type.description
            var properties: [String: Any] = ["severity": severity]
            for option in d.options {
                var schema = optionSchema(option.kind, selector: selector, stringList: stringList)
                schema["description"] = option.summary.replacingOccurrences(of: "`", with: "")
                properties[option.name] = schema
            }
            rules[d.identifier] = [
                "description": d.summary.replacingOccurrences(of: "`", with: ""),
                "oneOf": [severity, ["type": "object", "additionalProperties": false, "properties": properties]],
            ]
        }
        let ruleMap: [String: Any] = ["type": "object", "additionalProperties": false, "properties": rules]
        let schema: [String: Any] = [
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://steward.dev/schema/steward-policy.schema.json",
            "title": "Steward policy",
            "description": "A Steward policy file: scope, rules, overrides and waivers for PostHog event definitions.",
            "type": "object",
            "additionalProperties": false,
            "properties": [
                "extends": [
                    "oneOf": [["type": "string"], stringList], "description": "Bundled presets by name or relative paths, merged first.",
                ],
                "scope": [
                    "type": "object", "additionalProperties": false,
                    "properties": [
                        "events": ["enum": ["custom", "posthog", "all"]], "include_names": stringList,
                        "exclude_names": stringList, "include_tags": stringList, "exclude_tags": stringList,
                        "exclude_hidden": ["type": "boolean"],
                    ],
                ],
                "rules": ruleMap,
                "overrides": [
                    "type": "array",
                    "items": [
                        "type": "object", "additionalProperties": false, "required": ["when", "rules"],
                        "properties": ["when": selector, "rules": ruleMap],
                    ],
                ],
                "waivers": [
                    "type": "array",
                    "items": [
                        "type": "object", "additionalProperties": false, "required": ["rule", "reason", "expires"],
                        "properties": [
                            "event": ["type": "string"], "event_id": ["type": "string"],
                            "rule": ["enum": registry.identifiers], "reason": ["type": "string", "minLength": 1],
                            "expires": ["type": "string", "format": "date"],
                        ],
                        "oneOf": [["required": ["event"]], ["required": ["event_id"]]],
                    ],
                ],
                "settings": [
                    "type": "object", "additionalProperties": false,
                    "properties": ["waiver_warning_days": ["type": "integer", "minimum": 0, "maximum": 3650]],
                ],
            ],
        ]
        // Only property-list values go in, so serialization cannot fail.
        let data =
            (try? JSONSerialization.data(withJSONObject: schema, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private static func optionSchema(_ kind: RuleOptionSpec.Kind, selector: [String: Any], stringList: [String: Any]) -> [String: Any] {
        switch kind {
        case .string, .regex: return ["type": "string"]
        case .integer(let minimum, let maximum):
            var schema: [String: Any] = ["type": "integer", "minimum": minimum]
            if maximum != Int.max { schema["maximum"] = maximum }
            return schema
        case .boolean: return ["type": "boolean"]
        case .strings, .regexes: return stringList
        case .choice(let values): return ["enum": values]
        case .selector: return selector
        case .stringMap: return ["type": "object", "additionalProperties": ["type": "string"]]
        }
    }
}
