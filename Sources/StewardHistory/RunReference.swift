/// Which run a command means: the latest, or one by id.
public enum RunReference: Sendable, Equatable, CustomStringConvertible {
    case latest
    case id(Int64)

    /// Parses `latest` or a run id.
    public init?(_ text: String) {
        if text == "latest" {
            self = .latest
        } else if let id = Int64(text), id > 0 {
            self = .id(id)
        } else {
            return nil
        }
    }

    /// How it reads in messages and output.
    public var description: String {
        switch self {
        case .latest: return "latest"
        case .id(let id): return "\(id)"
        }
    }
}
