import Foundation

/// Loads a project from a JSON array of definitions in API shape (`--data FILE`, the `/_sim/export` format).
enum DataFileLoader {
    static func load(path: String) throws(SimulatorError) -> [SimDefinition] {
        guard let data = FileManager.default.contents(atPath: path) else { throw SimulatorError("--data: cannot read \(path)") }
        guard let list = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw SimulatorError("--data: \(path) is not a JSON array of definition objects")
        }
        var definitions: [SimDefinition] = []
        var names: Set<String> = []
        for (index, object) in list.enumerated() {
            guard let name = object["name"] as? String else { throw SimulatorError("--data: \(path): item \(index) has no name") }
            guard names.insert(name).inserted else { throw SimulatorError("--data: \(path): the name '\(name)' appears twice") }
            var random = SimRandom(seed: UInt64(index))
            let id = object["id"] as? String ?? ProjectGenerator.uuid7(millis: SimTime.now() / 1_000, random: &random)
            let owner = (object["owner"] as? [String: Any]).flatMap { $0["id"] as? Int } ?? (object["owner"] as? Int)
            func time(_ key: String) -> Micros? { (object[key] as? String).flatMap(parse) }
            definitions.append(
                SimDefinition(
                    id: id, name: name, ownerID: owner, description: object["description"] as? String,
                    tags: (object["tags"] as? [String]) ?? [], createdAt: time("created_at"),
                    updatedAt: time("updated_at") ?? SimTime.now(),
                    updatedByID: (object["updated_by"] as? [String: Any]).flatMap { $0["id"] as? Int }, lastSeenAt: time("last_seen_at"),
                    verified: object["verified"] as? Bool, verifiedAt: time("verified_at"),
                    verifiedByID: (object["verified_by"] as? [String: Any]).flatMap { $0["id"] as? Int }, hidden: object["hidden"] as? Bool,
                    enforcementMode: object["enforcement_mode"] as? String ?? "allow",
                    primaryProperty: object["primary_property"] as? String,
                    defaultColumns: object["default_columns"] as? [String] ?? [],
                    hasEnterpriseRow: object["verified"] is Bool || object["description"] is String))
        }
        return definitions
    }

    /// ISO 8601 with optional fraction and `Z` or an offset.
    static func parse(_ text: String) -> Micros? {
        let scanner = Array(text.utf8)
        func number(_ from: Int, _ length: Int) -> Int? {
            guard from + length <= scanner.count else { return nil }
            var value = 0
            for byte in scanner[from..<(from + length)] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2) else { return nil }
        var micros = SimTime.micros(year: year, month: month, day: day)
        guard scanner.count >= 19, let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2) else { return micros }
        micros += Micros(hour * 3600 + minute * 60 + second) * 1_000_000
        var index = 19
        if index < scanner.count, scanner[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Micros = 100_000
            while index < scanner.count, scanner[index] >= 48, scanner[index] <= 57 {
                micros += Micros(scanner[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        if index < scanner.count, scanner[index] == UInt8(ascii: "+") || scanner[index] == UInt8(ascii: "-"),
            let offsetHours = number(index + 1, 2), let offsetMinutes = number(index + 4, 2)
        {
            let sign: Micros = scanner[index] == UInt8(ascii: "-") ? -1 : 1
            micros -= sign * Micros(offsetHours * 3600 + offsetMinutes * 60) * 1_000_000
        }
        return micros
    }
}
