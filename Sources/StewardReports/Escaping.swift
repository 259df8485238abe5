/// Escaping for each output format. Everything that comes from PostHog (names, descriptions, tags, owner
/// names, messages quoting them) is untrusted and passes through one of these before it is written.
public enum Escaping {
    /// Text and attribute values in HTML: `& < > " '`, with controls and bidirectional overrides made
    /// visible (`\u{1B}`) so a name cannot hide what it holds or reorder what is shown.
    public static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in TerminalText.sanitize(text).unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// Text and attribute values in XML 1.0: the five entities, and characters XML cannot hold at all
    /// (controls other than tab, newline and carriage return) or that would mislead a reader of the CI page
    /// (bidi controls, invisible characters) written as visible `\u{…}` escapes.
    public static func xml(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if TerminalText.needsEscape(scalar) || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Plain text in markdown (and in a table cell): every ASCII punctuation character backslash-escaped,
    /// so nothing becomes a link, image, emphasis, HTML tag or column break; line breaks become spaces.
    public static func markdown(_ text: String) -> String {
        let clean = TerminalText.sanitize(text)
        guard clean.utf8.contains(where: { $0 < 128 && isMarkdownPunctuation[Int($0)] }) else { return clean }
        var out: [UInt8] = []
        out.reserveCapacity(clean.utf8.count + 16)
        for byte in clean.utf8 {
            if byte < 128, isMarkdownPunctuation[Int(byte)] { out.append(UInt8(ascii: "\\")) }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// CommonMark's ASCII punctuation: any of these may be backslash-escaped.
    static let markdownPunctuation = Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".unicodeScalars)
    /// The same as a table by ASCII code: a lookup per character instead of a hash.
    static let isMarkdownPunctuation: [Bool] = (0..<128).map { markdownPunctuation.contains(Unicode.Scalar(UInt8($0))) }

    /// An event name as inline code: a fence longer than any backtick run inside, `|` escaped so a table
    /// row survives, controls made visible. Empty names show as *(empty name)*.
    public static func markdownCode(_ text: String) -> String {
        guard !text.isEmpty else { return "*(empty name)*" }
        var body: [UInt8] = []
        body.reserveCapacity(text.utf8.count + 4)
        var longest = 0
        var run = 0
        for byte in TerminalText.sanitize(text).utf8 {
            run = byte == UInt8(ascii: "`") ? run + 1 : 0
            longest = max(longest, run)
            if byte == UInt8(ascii: "|") { body.append(UInt8(ascii: "\\")) }
            body.append(byte)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let pad = body.first == UInt8(ascii: "`") || body.last == UInt8(ascii: "`") || body.first == UInt8(ascii: " ") ? " " : ""
        return fence + pad + String(decoding: body, as: UTF8.self) + pad + fence
    }

    /// The message part of a GitHub Actions workflow command: terminal controls made visible (the log is a
    /// terminal too), then `%`, CR and LF encoded.
    public static func githubData(_ text: String) -> String {
        TerminalText.sanitize(text).replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// A property value of a GitHub Actions workflow command: also `:` and `,`.
    public static func githubProperty(_ text: String) -> String {
        githubData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
