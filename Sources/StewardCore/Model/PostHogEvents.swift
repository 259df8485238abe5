/// The events PostHog's own SDKs and products send, which are not the project's to rename or own.
///
/// PostHog's `$`-prefixed events are known by exact name and by the prefixes its products use; the
/// mobile SDKs also send lifecycle events without a `$` (`Application Opened` and friends).
public enum PostHogEvents {
    /// Exact names PostHog sends.
    public static let names: Set<String> = [
        "$pageview", "$pageleave", "$autocapture", "$screen", "$identify", "$create_alias", "$groupidentify",
        "$set", "$set_once", "$unset", "$feature_flag_called", "$exception", "$rageclick", "$dead_click",
        "$web_vitals", "$opt_in", "$snapshot", "$performance_event", "$copy_autocapture", "$heatmap",
        "$merge_dangerously", "$capture_metrics", "$plugin_running_duration", "$delete_person",
        "$csp_violation", "$feature_enrollment_update", "$session_recording_snapshot", "$$heatmap",
        "$ai_generation", "$ai_span", "$ai_trace", "$ai_embedding", "$ai_metric", "$ai_feedback",
        "$survey_shown", "$survey_sent", "$survey_dismissed", "$feature_view", "$feature_interaction",
        "$web_experiment_applied", "$client_ingestion_warning", "$app_state", "$set_session_replay",
        "$exception_list", "$log", "$mp_web_page_view", "$groups",
        "Application Installed", "Application Updated", "Application Opened", "Application Became Active",
        "Application Backgrounded", "Deep Link Opened",
    ]

    /// Prefixes of families PostHog keeps adding to (`$ai_…`, `$survey_…`).
    public static let prefixes: [String] = [
        "$ai_", "$survey", "$feature", "$web_", "$exception", "$session", "$groupidentify", "$pageview",
        "$autocapture", "$error_tracking", "$llm_", "$product_tour", "$conversation",
    ]

    /// Whether `name` is one of PostHog's own events.
    public static func contains(_ name: String) -> Bool {
        if names.contains(name) { return true }
        guard name.utf8.first == UInt8(ascii: "$") else { return false }
        return prefixes.contains { name.hasPrefix($0) }
    }
}
