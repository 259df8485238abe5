import Foundation
import Yams

/// The events a product should send, kept in git (`tracking-plan.yml`), validated as strictly as policies:
/// an unknown key, a wrong type, a name planned twice, an owner that is not an email, a tag PostHog would
/// refuse or an enforcement mode it does not know is an error at `file:line:column`.
public struct TrackingPlan: Sendable, Equatable {
    /// The planned events, in the file's order.
    public var events: [PlannedEvent]
    /// The file it was read from.
    public var file: String

    /// Creates a plan.
    public init(events: [PlannedEvent], file: String) {
        self.events = events
        self.file = file
    }

    /// The file name a project keeps its plan in by convention.
    public static let defaultFileName = "tracking-plan.yml"

    /// The keys of one planned event.
    public static let eventKeys = ["name", "description", "owner", "tags", "verified", "enforcement_mode", "status"]

    /// PostHog's limits: a definition name is at most 400 characters, a tag at most 255.
    public static let maximumNameLength = 400
    /// The longest tag PostHog stores.
    public static let maximumTagLength = 255

    /// Reads and validates `path`.
    public static func load(path: String) throws(PolicyError) -> TrackingPlan {
        guard FileManager.default.fileExists(atPath: path) else {
            throw PolicyError("cannot read the tracking plan '\(path)': no such file (write one with `steward plan import`)", at: nil)
        }
        return try parse(text: try PolicyLoader.readText(path: path, what: "the tracking plan"), file: path)
    }

    /// Validates plan text; `file` names it in messages.
    public static func parse(text: String, file: String) throws(PolicyError) -> TrackingPlan {
        let node = try PolicyLoader.compose(text, file: file)
        guard let node else { return TrackingPlan(events: [], file: file) }
        let root = PolicyNode(node: node, file: file)
        guard case .mapping = root.node else {
            throw PolicyError(
                "\(file) is not a tracking plan: its top level is \(root.kindOnly), not a mapping with `events`",
                at: SourceLocation(file: file, line: 1, column: 1))
        }
        var events: [PlannedEvent] = []
        var seen: [String: SourceLocation] = [:]
        for entry in try root.requireKeys(in: ["events"], "a tracking plan") {
            if entry.value.isNull { continue }
            for (index, item) in try entry.value.list("events").enumerated() {
                let event = try parseEvent(item, what: "events[\(index)]")
                if let first = seen[event.name] {
                    throw PolicyError("'\(event.name)' is planned twice (first at \(first)); plan each event once", at: event.location)
                }
                seen[event.name] = event.location
                events.append(event)
            }
        }
        return TrackingPlan(events: events, file: file)
    }

    private static func parseEvent(_ node: PolicyNode, what: String) throws(PolicyError) -> PlannedEvent {
        let entries = try node.requireKeys(in: eventKeys, what)
        guard let nameEntry = entries.first(where: { $0.key == "name" }) else { throw node.error("\(what) needs a 'name'") }
        let name = try nameEntry.value.nonEmptyString("\(what).name")
        guard name.count <= maximumNameLength else {
            throw nameEntry.value.error("\(what).name is \(name.count) characters; PostHog takes at most \(maximumNameLength)")
        }
        var event = PlannedEvent(name: name, location: node.location)
        for entry in entries {
            let value = entry.value
            let field = "\(what).\(entry.key)"
            switch entry.key {
            case "description": event.description = value.isNull ? "" : try value.string(field)
            case "owner":
                let owner = try value.nonEmptyString(field)
                guard owner.contains("@"), !owner.hasPrefix("@"), !owner.hasSuffix("@") else {
                    throw value.error("\(field) must be the owner's email (it is matched to a PostHog user), found '\(owner)'")
                }
                event.owner = owner
            case "tags":
                var tags: [String] = []
                for (position, item) in try value.list(field).enumerated() {
                    let tag = try item.nonEmptyString("item \(position + 1) of \(field)")
                    guard tag.count <= maximumTagLength else {
                        throw item.error(
                            "item \(position + 1) of \(field) is \(tag.count) characters; PostHog takes tags of at most \(maximumTagLength)"
                        )
                    }
                    tags.append(tag)
                }
                event.tags = FixAction.normalized(tags)
            case "verified": event.verified = try value.boolean(field)
            case "enforcement_mode":
                let text = try value.nonEmptyString(field)
                let modes = ["allow", "reject"]
                guard modes.contains(text) else {
                    throw value.error("\(field) must be allow or reject\(Suggestion.didYouMean(text, among: modes)); found '\(text)'")
                }
                event.enforcementMode = EnforcementMode(rawValue: text)
            case "status":
                let text = try value.nonEmptyString(field)
                guard let status = PlannedEvent.Status(rawValue: text) else {
                    throw value.error(
                        "\(field) must be active or deprecated\(Suggestion.didYouMean(text, among: PlannedEvent.Status.allCases.map(\.rawValue))); found '\(text)'"
                    )
                }
                event.status = status
            default: break
            }
        }
        if event.verified == true, event.status == .deprecated {
            throw node.error("\(what) ('\(name)') is both verified and deprecated; PostHog cannot verify a hidden event")
        }
        return event
    }
}
