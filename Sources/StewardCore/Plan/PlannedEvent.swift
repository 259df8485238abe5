/// One event a tracking plan says should exist, with the metadata it should carry. A field the plan leaves
/// out is not governed: only what is written is compared with PostHog.
public struct PlannedEvent: Sendable, Equatable {
    /// Whether the event is in use or on its way out.
    public enum Status: String, Sendable, CaseIterable {
        /// In use: visible in PostHog.
        case active
        /// On its way out: PostHog should hide it.
        case deprecated
    }

    /// The event name, exactly as the code sends it.
    public var name: String
    /// What the event means.
    public var description: String?
    /// The owner's email, matched to a PostHog user.
    public var owner: String?
    /// Tags, as PostHog stores them (trimmed, lower-cased, unique, sorted).
    public var tags: [String]?
    /// Whether the event should be verified.
    public var verified: Bool?
    /// The schema enforcement mode.
    public var enforcementMode: EnforcementMode?
    /// Active or deprecated; nil leaves `hidden` ungoverned.
    public var status: Status?
    /// Where the entry is written.
    public var location: SourceLocation

    /// Creates a planned event.
    public init(
        name: String, description: String? = nil, owner: String? = nil, tags: [String]? = nil, verified: Bool? = nil,
        enforcementMode: EnforcementMode? = nil, status: Status? = nil, location: SourceLocation
    ) {
        self.name = name
        self.description = description
        self.owner = owner
        self.tags = tags
        self.verified = verified
        self.enforcementMode = enforcementMode
        self.status = status
        self.location = location
    }
}
