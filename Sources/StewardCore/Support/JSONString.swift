/// JSON string literals written by hand, where an encoder would cost too much (history's tag lists, the
/// HTML report's data): quotes, backslashes and controls escaped, and optionally `<` and the JavaScript
/// line separators, so the text is also safe inside an HTML `<script>` element.
public enum JSONString {
    /// Appends `"text"` to `out`.
    public static func append(_ text: String, to out: inout String, forHTML: Bool = false) {
        out += "\""
        // Printable ASCII with nothing to escape goes as it is.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x80 && $0 != 0x22 && $0 != 0x5C && !(forHTML && $0 == 0x3C) }) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || (forHTML && (scalar == "<" || scalar == "\u{2028}" || scalar == "\u{2029}")) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// `["a","b"]`.
    public static func array(_ strings: [String]) -> String {
        var out = "["
        for (index, string) in strings.enumerated() {
            if index > 0 { out += "," }
            append(string, to: &out)
        }
        return out + "]"
    }
}
