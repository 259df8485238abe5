/// JSON string literals written by hand, where an encoder would cost too much (history's tag lists, the
/// HTML report's data): quotes, backslashes and controls escaped, and optionally `<` and the JavaScript
/// line separators, so the text is also safe inside an HTML `<script>` element.
public enum JSONString {
    /// Appends `"text"` to `out`.
    public static func append(_ text: String, to out: inout String, forHTML: Bool = false) {
        // Printable ASCII with nothing to escape goes as it is.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x80 && $0 != 0x22 && $0 != 0x5C && !(forHTML && $0 == 0x3C) }) {
            out += "\""
            out += text
            out += "\""
            return
        }
        var bytes: [UInt8] = []
        append(text, to: &bytes, forHTML: forHTML)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `"text"` to `bytes` as UTF-8: the one JSON string escaper (snapshots, history, the HTML data).
    public static func append(_ text: String, to bytes: inout [UInt8], forHTML: Bool = false) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        // Native strings hand over their UTF-8 in place: nothing is copied for the common case.
        text.withUTF8 { utf8 in
            var index = 0
            while index < utf8.count {
                let byte = utf8[index]
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                    bytes.append(UInt8(ascii: "\\"))
                    bytes.append(byte)
                case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0..<0x20: unicodeEscape(UInt32(byte), to: &bytes)
                case UInt8(ascii: "<") where forHTML: unicodeEscape(0x3C, to: &bytes)
                // U+2028 and U+2029 (E2 80 A8/A9) end a line in JavaScript.
                case 0xE2
                where forHTML && index + 2 < utf8.count && utf8[index + 1] == 0x80 && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                    unicodeEscape(utf8[index + 2] == 0xA8 ? 0x2028 : 0x2029, to: &bytes)
                    index += 2
                default: bytes.append(byte)
                }
                index += 1
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func unicodeEscape(_ value: UInt32, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(UInt8(ascii: "u"))
        for shift: UInt32 in [12, 8, 4, 0] { bytes.append(hexDigits[Int((value >> shift) & 0xF)]) }
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
