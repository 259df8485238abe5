import Foundation

/// The JSON every command's `--format json` writes: pretty, sorted keys, slashes as they are, a final newline.
public enum ViewJSON {
    /// `value` as that JSON.
    public static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self) + "\n"
    }
}
