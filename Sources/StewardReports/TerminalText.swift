/// Makes untrusted text (event names, descriptions) safe to print to a terminal.
public enum TerminalText {
    /// Replaces control characters, escape sequences, bidirectional overrides and invisible characters with
    /// visible `\u{…}` escapes, and a leading `::` (after any white space) by `\u{3A}:`: the text may start a
    /// line of a CI log, where a GitHub Actions runner would read `::error …` or `::stop-commands::` as a
    /// workflow command.
    public static func sanitize(_ text: String) -> String {
        // Printable ASCII needs nothing: checked byte by byte, the common case costs no scalar decoding.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), !startsWorkflowCommand(text) { return text }
        let leadingColon = startsWorkflowCommand(text) ? text.unicodeScalars.firstIndex(of: ":") : nil
        guard leadingColon != nil || text.unicodeScalars.contains(where: needsEscape) else { return text }
        var output = ""
        output.reserveCapacity(text.utf8.count + 8)
        for index in text.unicodeScalars.indices {
            let scalar = text.unicodeScalars[index]
            if needsEscape(scalar) || index == leadingColon {
                output += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// Whether `text`, after white space, begins with `::`.
    static func startsWorkflowCommand(_ text: String) -> Bool {
        let bytes = text.utf8.drop { $0 == 0x20 || $0 == 0x09 }
        return bytes.starts(with: [0x3A, 0x3A])
    }

    /// C0 and C1 controls, DEL, the bidi controls that can make text read differently than it is, and the
    /// invisible characters that make two names look alike (zero-width spaces and joiners, word joiners,
    /// the byte-order mark, line and paragraph separators, the soft hyphen).
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 || (0x7F...0x9F).contains(value) { return true }
        guard value >= 0xAD else { return false }
        return value == 0xAD || value == 0x061C || value == 0x180E || (0x200B...0x200F).contains(value)
            || (0x2028...0x202E).contains(value) || (0x2060...0x2069).contains(value) || value == 0xFEFF
    }
}
