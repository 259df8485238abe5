import Foundation
import StewardCore

/// Decides which policy files an invocation uses: `--policy` paths, else `steward.yml`, else the `default` preset.
public enum PolicyResolution {
    /// The file a project keeps its policy in, looked for in the working directory.
    public static let projectFile = "steward.yml"

    /// The references to load, in order.
    public static func references(explicit: [String], directory: String = FileManager.default.currentDirectoryPath) -> [String] {
        if !explicit.isEmpty { return explicit }
        if FileManager.default.fileExists(atPath: directory + "/" + projectFile) { return [projectFile] }
        return ["default"]
    }

    /// Loads the policy, mapping policy errors to usage errors (exit 2).
    public static func load(explicit: [String]) throws(StewardError) -> Policy {
        do {
            return try PolicyLoader().load(references(explicit: explicit))
        } catch {
            throw error.stewardError
        }
    }
}

extension Linter {
    /// A linter whose policy problems (options a rule rejects) are usage errors (exit 2).
    static func checked(policy: Policy, now: Timestamp) throws(StewardError) -> Linter {
        do {
            return try Linter(policy: policy, now: now)
        } catch {
            throw error.stewardError
        }
    }
}
