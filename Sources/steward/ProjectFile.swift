import StewardCore
import StewardKit

/// steward.yml as this process reads it: once, whatever number of options ask (a bad file is the same
/// error each time).
enum ProjectFile {
    private static let loaded: Result<SettingsResolver, StewardError> = Result { () throws(StewardError) in
        try SettingsResolver.load()
    }

    /// The settings resolver over the working directory's steward.yml and the environment.
    static func settings() throws(StewardError) -> SettingsResolver { try loaded.get() }
}
