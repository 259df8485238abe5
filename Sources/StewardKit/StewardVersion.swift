/// The version of Steward, written into reports, snapshots and history.
public enum StewardVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
