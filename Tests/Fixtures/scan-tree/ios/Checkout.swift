import PostHog

enum Events {
    static let completed = "checkout_completed"
}

func finish(step: Int) {
    PostHogSDK.shared.capture(Events.completed, properties: ["step": step])
    // PostHogSDK.shared.capture("commented")
    PostHogSDK.shared.capture("checkout_step_\(step)_done")
}
