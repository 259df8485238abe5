class Legacy {
    void pause(String userId) {
        PostHog.capture("video_paused");
        posthog.capture(userId, "export_started", props);
    }
}
