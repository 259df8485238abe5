import Foundation

/// Collects what JSONDecoder had to bend, by definition id: put one in a decoder's `userInfo` under ``key``
/// and ``EventDefinition``'s `Decodable` conformance records into it (the same record ``FastDefinitionDecoder``
/// keeps). One decoder uses it at a time.
public final class CoercionLog: @unchecked Sendable {
    /// The `userInfo` key it is found under.
    public static let key = CodingUserInfoKey(rawValue: "steward.coercionLog")!

    /// What was bent, by definition id.
    public private(set) var byID: [String: Coercions] = [:]

    /// An empty log.
    public init() {}

    func record(_ coercions: Coercions, for id: String) { byID[id, default: []].formUnion(coercions) }

    /// A JSONDecoder that records into this log.
    public func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.userInfo[Self.key] = self
        return decoder
    }
}
