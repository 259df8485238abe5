/// The call shapes of PostHog's SDKs, per language. Each entry's examples are run as tests.
public enum SDKPatterns {
    static let jsReceivers = ["posthog", "ph", "posthogClient", "phClient", "client", "posthogNode", "analytics"]

    /// Every language's patterns.
    public static let all: [LanguagePatterns] = [
        LanguagePatterns(
            language: .javascript,
            bindings: [
                #"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*[\w.<>|]+\s*)?=\s*(?:usePostHog\s*\(\s*\)|new\s+PostHog\s*\(|posthog\.init\s*\()"#
            ],
            calls: [
                SDKCallPattern(
                    "javascript.capture", .javascript, sdk: "posthog-js, posthog-node, posthog-react-native",
                    pattern: #"(?<![\w$])(?<receiver>[A-Za-z_$][\w$]*)\s*(?:\?\.|\.)\s*capture\s*(?:\?\.\s*)?\("#,
                    receivers: jsReceivers, labels: ["event"],
                    examples: [
                        .init("posthog.capture('user_signed_up', { plan: 'pro' })", finds: ["user_signed_up"]),
                        .init("window.posthog?.capture(\"checkout started\")", finds: ["checkout started"]),
                        .init("client.capture({ distinctId: user.id, event: 'order_paid' })", finds: ["order_paid"]),
                        .init("posthog.capture(`user_${id}_signed_up`)", finds: ["dynamic:user_<expr>_signed_up"]),
                        .init("posthog.capture('report_' + kind)", finds: ["dynamic:report_<expr>"]),
                        .init("const EXPORTED = 'report_exported'\nposthog.capture(EXPORTED)", finds: ["report_exported"]),
                        .init("const Events = { Paid: 'invoice_paid' }\nposthog.capture(Events.Paid)", finds: ["invoice_paid"]),
                        .init("posthog.capture(eventFromServer)", finds: ["unresolved:eventFromServer"]),
                        .init("camera.capture('photo')", finds: []),
                        .init("const tracker = usePostHog()\ntracker?.capture('settings_saved')", finds: ["settings_saved"]),
                        .init("// posthog.capture('commented_out')\nconst s = \"posthog.capture('in_a_string')\"", finds: []),
                    ]),
                SDKCallPattern(
                    "javascript.hook", .javascript, sdk: "posthog-js/react (usePostHog)",
                    pattern: #"\busePostHog\s*\(\s*\)\s*(?:\?\.|\.)\s*capture\s*\("#,
                    examples: [.init("usePostHog()?.capture('banner_closed')", finds: ["banner_closed"])]),
            ]),
        LanguagePatterns(
            language: .python,
            bindings: [#"\b([A-Za-z_]\w*)\s*=\s*(?:posthog\s*\.\s*)?Posthog\s*\("#],
            calls: [
                SDKCallPattern(
                    "python.capture", .python, sdk: "posthog-python",
                    pattern: #"(?<![\w])(?<receiver>[A-Za-z_]\w*)\s*\.\s*capture\s*\("#,
                    receivers: ["posthog", "client", "posthog_client", "ph", "analytics"], labels: ["event"], positions: [0, 1],
                    examples: [
                        .init("posthog.capture('user_signed_up', distinct_id=user.id)", finds: ["user_signed_up"]),
                        .init("posthog.capture(user.id, 'movie_played', {'title': t})", finds: ["movie_played"]),
                        .init("client.capture(distinct_id='u', event=\"invite_sent\")", finds: ["invite_sent"]),
                        .init("posthog.capture(f\"report_{kind}_exported\", distinct_id=u)", finds: ["dynamic:report_<expr>_exported"]),
                        .init("posthog.capture(\"plan_%s\" % plan, distinct_id=u)", finds: ["dynamic:plan_<expr>"]),
                        .init("posthog.capture(\"plan_{}\".format(plan), distinct_id=u)", finds: ["dynamic:plan_<expr>"]),
                        .init("SIGNED_UP = \"user_signed_up\"\nposthog.capture(SIGNED_UP, distinct_id=u)", finds: ["user_signed_up"]),
                        .init("tracker = Posthog('phc_x')\ntracker.capture('task_done', distinct_id=u)", finds: ["task_done"]),
                        .init("# posthog.capture('nope')\ndoc = \"\"\"posthog.capture('nope')\"\"\"", finds: []),
                    ])
            ]),
        LanguagePatterns(
            language: .swift,
            bindings: [#"\b(?:let|var)\s+([A-Za-z_]\w*)\s*(?::\s*[\w.]+\s*)?=\s*PostHogSDK\s*\.\s*shared\b"#],
            calls: [
                SDKCallPattern(
                    "swift.capture", .swift, sdk: "posthog-ios",
                    pattern: #"\bPostHogSDK\s*\.\s*shared\s*\.\s*capture\s*\("#,
                    labels: ["event"],
                    examples: [
                        .init("PostHogSDK.shared.capture(\"photo_shared\", properties: [\"n\": 1])", finds: ["photo_shared"]),
                        .init("PostHogSDK.shared.capture(\"level_\\(level)_done\")", finds: ["dynamic:level_<expr>_done"]),
                        .init("static let opened = \"app_opened\"\nPostHogSDK.shared.capture(Events.opened)", finds: ["app_opened"]),
                    ]),
                SDKCallPattern(
                    "swift.bound-client", .swift, sdk: "posthog-ios",
                    pattern: #"(?<![\w.])(?<receiver>[A-Za-z_]\w*)\s*\??\.\s*capture\s*\("#,
                    receivers: ["posthog"], labels: ["event"],
                    examples: [.init("let sdk = PostHogSDK.shared\nsdk.capture(\"cart_viewed\")", finds: ["cart_viewed"])]),
            ]),
        LanguagePatterns(
            language: .kotlin, bindings: [],
            calls: [
                SDKCallPattern(
                    "kotlin.capture", .kotlin, sdk: "posthog-android",
                    pattern: #"(?<![\w.])(?<receiver>PostHog|posthog)\s*(?:\?\.|\.)\s*capture\s*\("#,
                    receivers: ["PostHog", "posthog"], labels: ["event"],
                    examples: [
                        .init("PostHog.capture(event = \"song_liked\", properties = mapOf(\"id\" to id))", finds: ["song_liked"]),
                        .init("PostHog.capture(\"screen_${name}_opened\")", finds: ["dynamic:screen_<expr>_opened"]),
                        .init("const val PAID = \"invoice_paid\"\nPostHog.capture(PAID)", finds: ["invoice_paid"]),
                    ])
            ]),
        LanguagePatterns(
            language: .java, bindings: [#"\b(?:PostHog|PostHogInterface)\s+([A-Za-z_]\w*)\s*="#],
            calls: [
                SDKCallPattern(
                    "java.android", .java, sdk: "posthog-android",
                    pattern: #"(?<![\w.])PostHog\s*\.\s*capture\s*\("#,
                    examples: [.init("PostHog.capture(\"video_paused\");", finds: ["video_paused"])]),
                SDKCallPattern(
                    "java.server", .java, sdk: "posthog-java",
                    pattern: #"(?<![\w.])(?<receiver>[A-Za-z_]\w*)\s*\.\s*capture\s*\("#,
                    receivers: ["posthog", "postHog", "client"], positions: [0, 1],
                    examples: [
                        .init("posthog.capture(userId, \"export_started\", props);", finds: ["export_started"]),
                        .init(
                            "static final String EXPORTED = \"export_finished\";\nposthog.capture(userId, EXPORTED);",
                            finds: ["export_finished"]),
                        .init("posthog.capture(userId, String.format(\"step_%d\", n));", finds: ["dynamic:step_<expr>"]),
                    ]),
            ]),
        LanguagePatterns(
            language: .go, bindings: [],
            calls: [
                SDKCallPattern(
                    "go.capture", .go, sdk: "posthog-go",
                    pattern: #"\bposthog\s*\.\s*Capture\s*\{"#, labels: ["Event"], positions: [],
                    examples: [
                        .init("client.Enqueue(posthog.Capture{\n\tDistinctId: id,\n\tEvent: \"job_queued\",\n})", finds: ["job_queued"]),
                        .init("client.Enqueue(posthog.Capture{Event: fmt.Sprintf(\"job_%s\", kind)})", finds: ["dynamic:job_<expr>"]),
                        .init("const JobDone = \"job_done\"\nclient.Enqueue(posthog.Capture{Event: JobDone})", finds: ["job_done"]),
                    ])
            ]),
        LanguagePatterns(
            language: .ruby, bindings: [#"\b([A-Za-z_$]\w*)\s*=\s*PostHog::Client\.new\b"#],
            calls: [
                SDKCallPattern(
                    "ruby.capture", .ruby, sdk: "posthog-ruby",
                    pattern: #"(?<![\w.])(?<receiver>\$?[A-Za-z_]\w*)\s*\.\s*capture(?:\s*\(|[ \t]+(?=[:{\w]))"#,
                    receivers: ["posthog", "client", "$posthog", "POSTHOG", "PostHog", "Posthog"], labels: ["event"], positions: [],
                    examples: [
                        .init("posthog.capture(distinct_id: user.id, event: 'plan_upgraded')", finds: ["plan_upgraded"]),
                        .init("posthog.capture({ distinct_id: id, event: \"seat_added\" })", finds: ["seat_added"]),
                        .init("posthog.capture distinct_id: id, event: \"seat_removed\"", finds: ["seat_removed"]),
                        .init(
                            "$posthog.capture(:distinct_id => id, :event => \"team_#{name}_created\")",
                            finds: ["dynamic:team_<expr>_created"]),
                    ])
            ]),
        LanguagePatterns(
            language: .php, bindings: [],
            calls: [
                SDKCallPattern(
                    "php.capture", .php, sdk: "posthog-php",
                    pattern: #"\bPostHog\s*::\s*capture\s*\("#, labels: ["event"], positions: [],
                    examples: [
                        .init("PostHog::capture(['distinctId' => $id, 'event' => 'invoice_sent']);", finds: ["invoice_sent"]),
                        .init(
                            "PostHog::capture(array('distinctId' => $id, 'event' => 'invoice_' . $kind));",
                            finds: ["dynamic:invoice_<expr>"]),
                        .init(
                            "PostHog::capture(['distinctId' => $id, 'event' => \"invoice_{$kind}\"]);", finds: ["dynamic:invoice_<expr>"]),
                    ])
            ]),
        LanguagePatterns(
            language: .dart, bindings: [],
            calls: [
                SDKCallPattern(
                    "dart.capture", .dart, sdk: "posthog-flutter",
                    pattern: #"(?<![\w.])(?<receiver>Posthog\s*\(\s*\)|posthog|_posthog)\s*\.\s*capture\s*\("#,
                    receivers: ["Posthog()", "posthog", "_posthog"], labels: ["eventName"],
                    examples: [
                        .init("await Posthog().capture(eventName: 'quiz_started', properties: {'n': 1});", finds: ["quiz_started"]),
                        .init("Posthog().capture(eventName: 'quiz_${id}_done');", finds: ["dynamic:quiz_<expr>_done"]),
                    ])
            ]),
    ]

    /// The patterns of one language.
    public static func patterns(for language: ScanLanguage) -> LanguagePatterns? { all.first { $0.language == language } }
}
