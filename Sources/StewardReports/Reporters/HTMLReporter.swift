import Foundation
import StewardCore

/// One self-contained HTML file (no external fonts, scripts or styles; it opens offline): the compliance
/// score and its trend, counts by rule, owner and tag, what is new and resolved, dynamic-name clusters,
/// near-duplicate groups, stale events, expiring waivers, and a findings table that can be searched,
/// filtered and sorted, paged so it stays quick at hundreds of thousands of findings.
///
/// Every value from PostHog is escaped: static parts as HTML, the findings data as JSON inside a
/// non-executable script element with `<` written as `\u003c`, and the table is filled with `textContent`.
/// A Content-Security-Policy allows only the report's own script (by nonce) and no inline handlers.
/// A link can open the table filtered: `steward-report.html#q=signup&severity=error&rule=owner_required`.
public struct HTMLReporter: Reporter {
    /// The name `--format` uses.
    public static let identifier = "html"
    /// The extension of the file it writes.
    public static let fileExtension = "html"

    /// The nonce to use instead of a random one: golden-file tests fix it so the file compares equal.
    let fixedNonce: String?

    /// A reporter that gives every report a random script nonce.
    public init() { fixedNonce = nil }

    /// A reporter with a fixed nonce, for tests that compare whole files.
    public init(nonce: String) { fixedNonce = nonce }

    /// Writes the whole report to `output`.
    public func write(_ report: AuditReport, to out: ReportOutput) {
        let result = report.result
        let summary = result.summary
        let breakdown = report.sharedBreakdown
        let nonce = fixedNonce ?? Self.randomNonce()
        out += """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-\(nonce)'; img-src data:">
            <title>Steward report: \(Escaping.html(report.source))</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <header>
            <h1>Event definition compliance <span class="score">\(String(format: "%.1f%%", result.complianceScore))</span></h1>
            <p class="meta">\(Escaping.html(report.source)) · policy \(report.policySources.map(Escaping.html).joined(separator: ", ")) <code>\(Escaping.html(result.policyHash))</code> · judged as of \(report.generatedAt.iso8601) · Steward \(Escaping.html(report.toolVersion))</p>
            </header>
            <main>
            <section class="cards">
            \(card("definitions", result.definitionCount))\(card("in scope", result.inScopeCount))\(card("errors", summary.errors, "error"))\(card("warnings", summary.warnings, "warning"))\(card("infos", summary.infos, "info"))\(card("waived", summary.waived))
            </section>

            """
        if !report.complete {
            out += "<p class=\"alert\">The definitions are incomplete: findings may be missing, and none were resolved.</p>\n"
        }
        if !report.sourceNotes.isEmpty {
            out += "<section class=\"notes\"><h2>How the definitions were read</h2><ul>"
            out += report.sourceNotes.map { "<li>\(Escaping.html($0))</li>" }.joined()
            out += "</ul></section>\n"
        }
        out += gateSection(report)
        out += trendSection(report.trend)
        out += historySection(report)
        out += "<section class=\"grid\">\n"
        out += countsTable("By rule", breakdown.byRule, limit: 30)
        out += countsTable("By owner", breakdown.byOwner, limit: 30)
        out += countsTable("By tag", breakdown.byTag, limit: 30)
        out += "</section>\n"
        out += groupsSection(report, rule: "dynamic_name", title: "Dynamic-name clusters", what: "template")
        out += groupsSection(report, rule: "near_duplicate_name", title: "Near-duplicate groups", what: "group")
        out += atRiskSection(report)
        out += listSection(report, rules: ["stale_not_hidden"], title: "Stale but visible", valueTitle: "last seen")
        out += listSection(
            report, rules: [Linter.waiverExpiredRule, Linter.waiverExpiringRule], title: "Waivers expired or expiring",
            valueTitle: "expires")
        out += """
            <section id="findings">
            <h2>Findings</h2>
            <div class="controls">
            <input id="q" type="search" placeholder="Search event names and messages" aria-label="Search">
            <select id="rule" aria-label="Rule"><option value="">every rule</option></select>
            <select id="severity" aria-label="Severity"><option value="">every severity</option><option>error</option><option>warning</option><option>info</option></select>
            <select id="owner" aria-label="Owner"><option value="">every owner</option></select>
            <label><input id="new" type="checkbox"> new only</label>
            </div>
            <p id="count" class="meta"></p>
            <div class="scroll"><table id="table"><thead><tr><th data-key="0">event</th><th data-key="1">rule</th><th data-key="2">severity</th><th data-key="3">owner</th><th>message</th>\(report.usage == nil ? "" : "<th>usage</th>")</tr></thead><tbody></tbody></table></div>
            <p class="pager"><button id="prev" type="button">previous</button> <span id="page"></span> <button id="next" type="button">next</button></p>
            <noscript><p>The findings table needs JavaScript; every finding is also in steward-report.md and steward-report.json.</p></noscript>
            </section>
            </main>
            <script type="application/json" id="data">
            """
        writeFindingsData(report, to: out)
        out += """
            </script>
            <script nonce="\(nonce)">\(Self.script)</script>
            </body>
            </html>

            """
    }

    /// A fresh nonce for each report, from the system's secure random source: anything derived from the
    /// report would be partly chosen by whoever names events, and a nonce one can predict protects nothing.
    static func randomNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
    }

    private func card(_ label: String, _ value: Int, _ kind: String = "") -> String {
        "<div class=\"card \(kind)\"><b>\(value)</b><span>\(label)</span></div>"
    }

    private func gateSection(_ report: AuditReport) -> String {
        guard let gate = report.gate, gate.threshold != .off else { return "" }
        let scope = gate.newOnly ? "new findings" : "findings"
        var text =
            gate.failing == 0
            ? "<p class=\"ok\">Gate passed: no \(scope) at or above \(gate.threshold.rawValue).</p>"
            : "<p class=\"alert\">Gate failed: \(gate.failing) \(scope) at or above \(gate.threshold.rawValue).</p>"
        if let path = gate.baselinePath {
            text +=
                "<p class=\"meta\">Baseline \(Escaping.html(path)) accepted \(gate.baselined); \(gate.staleBaseline.count) stale entries.</p>"
        }
        return text + "\n"
    }

    /// The compliance score over past runs as an inline SVG line chart.
    private func trendSection(_ trend: [TrendPoint]) -> String {
        guard trend.count >= 2 else { return "" }
        let width = 720.0, height = 180.0, left = 40.0, bottom = 24.0, top = 10.0
        let step = (width - left - 10) / Double(trend.count - 1)
        func y(_ score: Double) -> Double { top + (height - top - bottom) * (1 - score / 100) }
        let points = trend.enumerated().map { String(format: "%.1f,%.1f", left + Double($0) * step, y($1.score)) }.joined(separator: " ")
        var svg = "<svg viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Compliance score by run\">"
        for mark in [0.0, 50.0, 100.0] {
            svg += String(
                format: "<line x1=\"%.0f\" x2=\"%.0f\" y1=\"%.1f\" y2=\"%.1f\" class=\"grid\"/>", left, width - 10, y(mark), y(mark))
            svg += String(format: "<text x=\"4\" y=\"%.1f\">%.0f%%</text>", y(mark) + 4, mark)
        }
        svg += "<polyline points=\"\(points)\" class=\"line\"/>"
        for (index, point) in trend.enumerated() {
            let x = left + Double(index) * step
            svg += String(
                format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\"><title>run %lld, %@: %.1f%%, %d errors, %d warnings</title></circle>",
                x, y(point.score), point.runID, point.startedAt.dateString, point.score, point.errors, point.warnings)
        }
        let first = trend.first!, last = trend.last!
        svg += String(format: "<text x=\"%.0f\" y=\"%.0f\">run %lld</text>", left, height - 6, first.runID)
        svg += String(format: "<text x=\"%.0f\" y=\"%.0f\" text-anchor=\"end\">run %lld</text>", width - 10, height - 6, last.runID)
        svg += "</svg>"
        return "<section><h2>Compliance over the last \(trend.count) runs</h2>\(svg)</section>\n"
    }

    private func historySection(_ report: AuditReport) -> String {
        guard let history = report.history, let previous = history.previousRunID else { return "" }
        var out = "<section class=\"grid\"><div><h2>New since run \(previous) (\(history.newCount))</h2><ul>"
        let findings = report.result.findings
        var listed = 0
        for index in findings.indices where report.isNew(index) && listed < 50 {
            out += "<li><code>\(Escaping.html(findings[index].eventName))</code> <span class=\"rule\">\(findings[index].ruleID)</span></li>"
            listed += 1
        }
        if history.newCount > listed { out += "<li>… and \(history.newCount - listed) more (filter the table by “new only”)</li>" }
        out += "</ul></div><div><h2>Resolved since run \(previous) (\(history.resolved.count))</h2><ul>"
        for finding in history.resolved.prefix(50) {
            out += "<li><code>\(Escaping.html(finding.eventName))</code> <span class=\"rule\">\(finding.ruleID)</span></li>"
        }
        if history.resolved.count > 50 { out += "<li>… and \(history.resolved.count - 50) more</li>" }
        return out + "</ul></div></section>\n"
    }

    private func countsTable(_ title: String, _ rows: [ReportBreakdown.Row], limit: Int) -> String {
        guard !rows.isEmpty else { return "" }
        var out =
            "<div><h2>\(title)</h2><table class=\"counts\"><thead><tr><th></th><th>errors</th><th>warnings</th><th>infos</th></tr></thead><tbody>"
        for row in rows.prefix(limit) {
            out += "<tr><td>\(Escaping.html(row.key))</td><td>\(row.errors)</td><td>\(row.warnings)</td><td>\(row.infos)</td></tr>"
        }
        if rows.count > limit { out += "<tr><td colspan=\"4\">… and \(rows.count - limit) more</td></tr>" }
        return out + "</tbody></table></div>\n"
    }

    /// Findings of one collecting rule gathered by their group key, biggest groups first: the groups are counted,
    /// then names are gathered for the 25 shown only (at a million dynamic names, gathering every group's names
    /// held a list per template, ~100 MB while the report was written).
    private func groupsSection(_ report: AuditReport, rule: String, title: String, what: String) -> String {
        var sizes: [String: Int] = [:]
        for finding in report.result.findings where finding.ruleID == rule { sizes[finding.group ?? finding.eventName, default: 0] += 1 }
        guard !sizes.isEmpty else { return "" }
        let shown = sizes.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(25)
        var names: [String: [String]] = Dictionary(uniqueKeysWithValues: shown.map { ($0.key, []) })
        for finding in report.result.findings where finding.ruleID == rule {
            let key = finding.group ?? finding.eventName
            guard names[key] != nil else { continue }
            // The five first in name order, kept as they come.
            names[key]!.append(finding.eventName)
            if names[key]!.count > 5 {
                names[key]!.sort()
                names[key]!.removeLast()
            }
        }
        var out =
            "<section><h2>\(title) (\(sizes.count))</h2><table class=\"list\"><thead><tr><th>\(what)</th><th>flagged</th><th>examples</th></tr></thead><tbody>"
        for (key, count) in shown {
            let examples = (names[key] ?? []).sorted().map { "<code>\(Escaping.html($0))</code>" }.joined(separator: " ")
            out += "<tr><td><code>\(Escaping.html(key))</code></td><td>\(count)</td><td>\(examples)</td></tr>"
        }
        if sizes.count > 25 { out += "<tr><td colspan=\"3\">… and \(sizes.count - 25) more</td></tr>" }
        return out + "</tbody></table></section>\n"
    }

    /// Each dashboard that charts hidden or stale events, with the events and why (or why it is not known).
    private func atRiskSection(_ report: AuditReport) -> String {
        guard let usage = report.usage else { return "" }
        guard usage.index != nil else {
            return
                "<section><h2>Dashboards at risk</h2><p class=\"meta\">Not known: \(Escaping.html(usage.unavailableReason ?? "usage unavailable")).</p></section>\n"
        }
        let dashboards = usage.dashboardsAtRisk(report)
        guard !dashboards.isEmpty else {
            return "<section><h2>Dashboards at risk</h2><p class=\"ok\">No dashboard charts a hidden or stale event.</p></section>\n"
        }
        var out =
            "<section><h2>Dashboards at risk (\(dashboards.count))</h2><table class=\"list\"><thead><tr><th>dashboard</th><th>at-risk events</th></tr></thead><tbody>"
        for dashboard in dashboards.prefix(200) {
            let name =
                dashboard.name.map { "\(Escaping.html(TerminalText.sanitize($0))) <span class=\"rule\">#\(dashboard.id)</span>" }
                ?? "#\(dashboard.id)"
            let events = dashboard.events.prefix(20).map { "<code>\(Escaping.html(TerminalText.sanitize($0.name)))</code> (\($0.why))" }
            out +=
                "<tr><td>\(name)</td><td>\(events.joined(separator: ", "))\(dashboard.events.count > 20 ? ", … \(dashboard.events.count - 20) more" : "")</td></tr>"
        }
        if dashboards.count > 200 { out += "<tr><td>… \(dashboards.count - 200) more</td><td></td></tr>" }
        return out + "</tbody></table></section>\n"
    }

    private func listSection(_ report: AuditReport, rules: [String], title: String, valueTitle: String) -> String {
        let findings = report.result.findings
        // The first 50 by (value, name), kept as the findings go by: sorting every match (280,000 stale
        // definitions at a million) to show 50 cost seconds. A rule's id is compared, not hashed.
        func precedes(_ a: Int, _ b: Int) -> Bool {
            (findings[a].value ?? "", findings[a].eventName) < (findings[b].value ?? "", findings[b].eventName)
        }
        var count = 0
        var shown: [Int] = []
        for index in findings.indices where rules.contains(findings[index].ruleID) {
            count += 1
            if shown.count == 50, let last = shown.last, !precedes(index, last) { continue }
            let place = shown.firstIndex { precedes(index, $0) } ?? shown.count
            shown.insert(index, at: place)
            if shown.count > 50 { shown.removeLast() }
        }
        guard count > 0 else { return "" }
        var out =
            "<section><h2>\(title) (\(count))</h2><table class=\"list\"><thead><tr><th>event</th><th>\(valueTitle)</th><th>message</th></tr></thead><tbody>"
        for index in shown {
            let finding = findings[index]
            out +=
                "<tr><td><code>\(Escaping.html(finding.eventName))</code></td><td>\(Escaping.html(finding.value ?? ""))</td><td>\(Escaping.html(finding.message))</td></tr>"
        }
        if count > 50 { out += "<tr><td colspan=\"3\">… and \(count - 50) more (in the findings table)</td></tr>" }
        return out + "</tbody></table></section>\n"
    }

    /// The findings as compact JSON: `{"rows": [[name, rule, severity, owner, message, new], …], "rules": […],
    /// "owners": […], "messages": […]}`, with each message's mention of its event name replaced by U+E000 so
    /// repeated messages are stored once. Written by hand and as it goes (rows first, the lists they index
    /// after): at a million definitions it is the bulk of the file.
    func writeFindingsData(_ report: AuditReport, to out: ReportOutput) {
        let findings = report.result.findings
        let positions = report.definitions.isEmpty ? [] : report.result.positions(in: report.definitions)
        var ruleList: [String] = []
        // Lists are keyed by their texts' bytes (String's own hash normalises, scalar by scalar: a fifth of this
        // loop's time when every literal message was hashed so).
        var owners: [UTF8Key: Int] = [:], ownerList: [String] = []
        var ownerOfPosition = [Int](repeating: -1, count: report.definitions.count)
        var messages: [UTF8Key: Int] = [:], messageList: [String] = []
        // Findings share their templates (interned per rule): each is sanitized once, looked up by its bytes,
        // and a run of findings with one template (name order) compares with the last instead of hashing.
        var messageOfTemplate: [UTF8Key: Int] = [:]
        var lastTemplate: (key: UTF8Key, message: Int)?
        // A definition's findings are side by side: its name is sanitized and quoted once for all of them.
        var lastName: (position: Int, eventName: UTF8Key, name: String, quoted: String)?
        var usageCells: [UTF8Key: Int] = [:], usageList: [String] = []
        // Each row is five or six small numbers: their decimal texts are made once and appended, where
        // interpolating them made a string per row.
        var numbers: [String] = []
        func number(_ value: Int) -> String {
            // Rules, severities and owners are few; of messages, the first 65,536 (a list of a million literal
            // messages' numbers would add tens of MB at the run's peak).
            guard value >= 0, value < 1 << 16 else { return String(value) }
            while numbers.count <= value { numbers.append(String(numbers.count)) }
            return numbers[value]
        }
        out += "{\"rows\":["
        for index in findings.indices {
            let ruleID = findings[index].ruleID
            let rule =
                ruleList.firstIndex(of: ruleID)
                ?? {
                    ruleList.append(ruleID)
                    return ruleList.count - 1
                }()
            let position = positions.isEmpty ? -1 : positions[index]
            var owner = position >= 0 ? ownerOfPosition[position] : -1
            if owner < 0 {
                let name = TerminalText.sanitize(position >= 0 ? report.definitions[position].owner?.displayName ?? "" : "")
                owner = Self.intern(name, &owners, &ownerList)
                if position >= 0 { ownerOfPosition[position] = owner }
            }
            // Names and messages are shown with controls and bidi overrides visible, as in every other format.
            let eventName = findings[index].eventName
            let name: String
            let quoted: String
            if let last = lastName, last.position == position, last.eventName == UTF8Key(eventName) {
                (name, quoted) = (last.name, last.quoted)
            } else {
                name = TerminalText.sanitize(eventName)
                var text = ""
                JSONString.append(name, to: &text, forHTML: true)
                quoted = text
                lastName = (position, UTF8Key(eventName), name, quoted)
            }
            // The finding keeps its message as a template already; sanitizing it leaves the placeholder alone.
            let message: Int
            if let template = findings[index].messageTemplate {
                let key = UTF8Key(template)
                if let last = lastTemplate, last.key == key {
                    message = last.message
                } else if let known = messageOfTemplate[key] {
                    message = known
                } else {
                    message = Self.intern(TerminalText.sanitize(template), &messages, &messageList)
                    messageOfTemplate[key] = message
                }
                lastTemplate = (key, message)
            } else {
                message = Self.intern(
                    MessageTemplate.make(TerminalText.sanitize(findings[index].message), naming: name).0, &messages, &messageList)
            }
            let isNew = report.isNew(index)
            let severity = 2 - findings[index].severity.rank
            let usage = (report.usage?.cell(eventName)).map { number(Self.intern($0, &usageCells, &usageList)) }
            let (ruleText, severityText, ownerText, messageText) = (number(rule), number(severity), number(owner), number(message))
            out.append { text in
                text += index > 0 ? ",[" : "["
                text += quoted
                text += ","
                text += ruleText
                text += ","
                text += severityText
                text += ","
                text += ownerText
                text += ","
                text += messageText
                text += isNew ? ",1" : ",0"
                if let usage {
                    text += ","
                    text += usage
                }
                text += "]"
            }
        }
        var lists = [("rules", ruleList), ("owners", ownerList), ("messages", messageList)]
        if report.usage != nil { lists.append(("usage", usageList)) }
        for (key, list) in lists {
            out.append { text in
                text += "],\"\(key)\":["
                for (index, item) in list.enumerated() {
                    if index > 0 { text += "," }
                    JSONString.append(item, to: &text, forHTML: true)
                }
            }
        }
        out += "]}"
    }

    /// The position of `value` in `list`, appended the first time it is seen.
    private static func intern(_ value: String, _ positions: inout [UTF8Key: Int], _ list: inout [String]) -> Int {
        let key = UTF8Key(value)
        if let known = positions[key] { return known }
        positions[key] = list.count
        list.append(value)
        return list.count - 1
    }

    static let style = """
        :root{--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--error:#cf222e;--warning:#9a6700;--info:#0969da;--ok:#1a7f37;--bg:#fff}
        *{box-sizing:border-box}body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        header,main{max-width:1200px;margin:0 auto;padding:12px 16px}h1{font-size:1.5em;margin:.3em 0}h2{font-size:1.1em;margin:1.2em 0 .4em}
        .score{color:var(--info)}.meta{color:var(--muted);font-size:.9em;word-break:break-word}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(110px,1fr));gap:8px}.card{border:1px solid var(--line);border-radius:6px;padding:8px}
        .card b{display:block;font-size:1.4em}.card span{color:var(--muted)}.card.error b{color:var(--error)}.card.warning b{color:var(--warning)}.card.info b{color:var(--info)}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:16px}
        table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
        td{word-break:break-word}.counts td:not(:first-child),.counts th:not(:first-child){text-align:right}
        th[data-key]{cursor:pointer;user-select:none}th[data-key]:after{content:" ↕";color:var(--muted)}
        code{font:13px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f6f8fa;padding:0 3px;border-radius:3px;word-break:break-all}
        .rule{color:var(--muted);font-size:.85em}.sev-error{color:var(--error)}.sev-warning{color:var(--warning)}.sev-info{color:var(--info)}
        .alert{border-left:4px solid var(--error);padding:6px 10px;background:#fff5f5}.ok{border-left:4px solid var(--ok);padding:6px 10px;background:#f4fff6}
        .controls{display:flex;flex-wrap:wrap;gap:8px}.controls input[type=search]{flex:1 1 240px;padding:6px}.controls select{padding:6px;max-width:100%}
        .scroll{overflow-x:auto}.pager{text-align:center}svg{width:100%;height:auto;max-height:220px}svg text{font-size:11px;fill:var(--muted)}
        svg .grid{stroke:var(--line)}svg .line{fill:none;stroke:var(--info);stroke-width:2}svg circle{fill:var(--info)}
        @media print{.controls,.pager,noscript{display:none}body{font-size:11px}header,main{max-width:none}}
        """

    static let script = """
        (function(){
        var d=JSON.parse(document.getElementById('data').textContent),sev=['info','warning','error'],PAGE=100,page=0,rows=d.rows,view=rows,key=-1,dir=1;
        function $(i){return document.getElementById(i)}
        function opt(sel,v,t){var o=document.createElement('option');o.value=v;o.textContent=t;sel.appendChild(o)}
        d.rules.map(function(r,i){return [r,i]}).sort().forEach(function(p){opt($('rule'),p[1],p[0])});
        d.owners.map(function(o,i){return [o,i]}).sort().forEach(function(p){opt($('owner'),p[1],p[0]||'(no owner)')});
        function msg(r){return d.messages[r[4]].split('\\uE000').join(r[0])}
        function apply(){
        var q=$('q').value.toLowerCase(),ru=$('rule').value,se=$('severity').value,ow=$('owner').value,nw=$('new').checked;
        view=rows.filter(function(r){return (ru===''||r[1]==ru)&&(se===''||sev[r[2]]===se)&&(ow===''||r[3]==ow)&&(!nw||r[5])&&(q===''||r[0].toLowerCase().indexOf(q)>=0||msg(r).toLowerCase().indexOf(q)>=0)});
        if(key>=0){var f=[function(r){return r[0]},function(r){return d.rules[r[1]]},function(r){return r[2]},function(r){return d.owners[r[3]]}][key];
        view=view.slice().sort(function(a,b){var x=f(a),y=f(b);return x<y?-dir:x>y?dir:0})}
        page=0;draw()}
        function cell(tr,t,c){var td=document.createElement('td');td.textContent=t;if(c)td.className=c;tr.appendChild(td);return td}
        function draw(){
        var tb=document.querySelector('#table tbody'),pages=Math.max(1,Math.ceil(view.length/PAGE));tb.textContent='';
        view.slice(page*PAGE,page*PAGE+PAGE).forEach(function(r){var tr=document.createElement('tr');
        var n=cell(tr,r[0]===''?'(empty name)':r[0]);if(r[5]){var b=document.createElement('b');b.textContent=' new';n.appendChild(b)}
        cell(tr,d.rules[r[1]],'rule');cell(tr,sev[r[2]],'sev-'+sev[r[2]]);cell(tr,d.owners[r[3]]||'(no owner)');cell(tr,msg(r));if(d.usage)cell(tr,d.usage[r[6]]);tb.appendChild(tr)});
        $('count').textContent=view.length+' of '+rows.length+' findings';$('page').textContent='page '+(page+1)+' of '+pages;
        $('prev').disabled=page===0;$('next').disabled=page>=pages-1}
        ['q','rule','severity','owner','new'].forEach(function(i){$(i).addEventListener('input',apply);$(i).addEventListener('change',apply)});
        $('prev').addEventListener('click',function(){if(page>0){page--;draw()}});
        $('next').addEventListener('click',function(){page++;draw()});
        Array.prototype.forEach.call(document.querySelectorAll('th[data-key]'),function(th){th.addEventListener('click',function(){var k=+th.getAttribute('data-key');dir=key===k?-dir:(k===2?-1:1);key=k;apply()})});
        var h=new URLSearchParams(location.hash.slice(1));if(h.has('q'))$('q').value=h.get('q');if(h.has('severity'))$('severity').value=h.get('severity');
        if(h.has('rule'))$('rule').value=String(d.rules.indexOf(h.get('rule')));
        apply()})();
        """
}
