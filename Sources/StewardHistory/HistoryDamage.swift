/// Something in a history file that Steward never writes (two open findings of one definition and rule, a
/// version instant that is not a timestamp), found while recording or migrating. Thrown inside a history
/// transaction, which then rolls back; `HistoryStore.describe` turns it into a storage error that names
/// the file.
struct HistoryDamage: Error {
    /// What was found, and where in the file.
    let detail: String
}
