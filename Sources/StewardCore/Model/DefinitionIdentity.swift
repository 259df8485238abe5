/// A definition's id and name held by reference, as findings hold them: a definition's own storage is one
/// (``EventDefinition/identity``), so a finding about a linted definition costs one reference instead of two
/// strings; findings about anything else (a planned event, a waiver, a row of history) hold one of their own.
///
/// Changed only through ``EventDefinition``'s copy-on-write storage, which copies itself first whenever a
/// finding still holds it; a finding replaces its identity rather than change it. Safe to send.
class DefinitionIdentity: @unchecked Sendable {
    /// The definition's id (its UUID in PostHog).
    final var id: String
    /// The event name.
    final var name: String

    init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
