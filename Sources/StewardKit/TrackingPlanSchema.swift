import StewardCore
import StewardReports

/// The JSON Schema of tracking-plan files, for editors; `rules/schema/tracking-plan.schema.json` holds a copy
/// a test keeps current (`make docs`).
public enum TrackingPlanSchema {
    /// The schema.
    public static func schema() -> PolicySchema.Node {
        let event = PolicySchema.Node(
            type: "object", additionalProperties: .forbidden,
            properties: [
                "name": PolicySchema.Node(type: "string", minLength: 1).described(
                    "The event name, exactly as the code sends it (at most 400 characters)."),
                "description": PolicySchema.Node(type: "string").described("What the event means."),
                "owner": PolicySchema.Node(type: "string", minLength: 3).described("The owner's email, matched to a PostHog user."),
                "tags": PolicySchema.Node(type: "array", items: PolicySchema.Node(type: "string", minLength: 1))
                    .described("Tags (stored lower-case; at most 255 characters each)."),
                "verified": PolicySchema.Node(type: "boolean"),
                "enforcement_mode": PolicySchema.Node(values: ["allow", "reject"]),
                "status": PolicySchema.Node(values: PlannedEvent.Status.allCases.map(\.rawValue))
                    .described("active, or deprecated (PostHog should hide it)."),
            ],
            required: ["name"])
        return PolicySchema.Node(
            schema: "https://json-schema.org/draft/2020-12/schema", id: "https://steward.dev/schema/tracking-plan.schema.json",
            title: "Steward tracking plan",
            description: "The events a product should send, with the metadata each should carry (tracking-plan.yml).",
            type: "object", additionalProperties: .forbidden,
            properties: ["events": PolicySchema.Node(type: "array", items: event)])
    }

    /// The schema as pretty, key-sorted JSON.
    public static func json() -> String { ViewJSON.encode(schema()) }
}
