"""Tasks.

Calls such as posthog.capture('docstring_event') in docs do not count.
"""
import posthog

EXPORTED = "report_exported"


def export(user, kind):
    # posthog.capture(user.id, 'commented')
    posthog.capture(user.id, 'report_requested')
    posthog.capture(
        EXPORTED,
        distinct_id=user.id,
    )
    posthog.capture(f"report_{kind}_done", distinct_id=user.id)
    posthog.capture(distinct_id=user.id, event="report_viewed")
