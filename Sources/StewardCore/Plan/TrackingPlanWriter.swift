/// Writes a tracking plan from what PostHog holds (`steward plan import`): its custom events, sorted, each
/// governed field written out, so that `steward plan diff` right after finds nothing.
public enum TrackingPlanWriter {
    /// The plan text for `definitions` (PostHog's own events left out), headed with where and when it was read.
    public static func text(definitions: [EventDefinition], source: String, date: String) -> String {
        var out = """
            # The tracking plan: the events this product should send, with the metadata each should carry.
            # Imported by `steward plan import` from \(comment(source)) on \(date).
            # Review it in a pull request; `steward plan diff` in CI says where PostHog and this file differ.
            # A field left out of an event is not governed.

            """
        let custom = definitions.filter { !PostHogEvents.contains($0.name) }.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
        if custom.isEmpty {
            out += "events: []\n"
            return out
        }
        out += "events:\n"
        for definition in custom {
            out += "  - name: \(quoted(definition.name))\n"
            out += "    description: \(quoted(definition.description ?? ""))\n"
            if let email = definition.owner?.email, !email.isEmpty {
                out += "    owner: \(quoted(email))\n"
            } else if let owner = definition.owner {
                out += "    # owner: \(comment(owner.displayName)) (no email known, so not governed)\n"
            }
            out += "    tags: [\(FixAction.normalized(definition.tags).map(quoted).joined(separator: ", "))]\n"
            out += "    verified: \(definition.isVerified)\n"
            out += "    enforcement_mode: \((definition.enforcementMode ?? .allow).rawValue == "reject" ? "reject" : "allow")\n"
            out += "    status: \(definition.isHidden ? "deprecated" : "active")\n"
        }
        return out
    }

    /// A YAML double-quoted scalar: JSON's escapes, plus what YAML does not allow unescaped (DEL, C1 controls,
    /// a byte-order mark), so any name PostHog holds reads back exactly.
    static func quoted(_ text: String) -> String {
        var out = ""
        JSONString.append(text, to: &out)
        guard out.unicodeScalars.contains(where: needsEscape) else { return out }
        var escaped = ""
        for scalar in out.unicodeScalars {
            if needsEscape(scalar) {
                escaped += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        (0x7F...0x9F).contains(scalar.value) || scalar.value == 0xFEFF || (0xFFFE...0xFFFF).contains(scalar.value)
    }

    /// Text for a comment line: no line breaks, nothing that ends the comment.
    static func comment(_ text: String) -> String {
        String(
            text.unicodeScalars.map {
                $0.properties.generalCategory == .control || $0.value == 0x2028 || $0.value == 0x2029 ? " " : Character($0)
            })
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
