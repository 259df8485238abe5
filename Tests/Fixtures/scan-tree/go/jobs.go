package jobs

import "github.com/posthog/posthog-go"

const help = `posthog.Capture{Event: "in_a_raw_string"}`

func queued(client posthog.Client, id string) {
	client.Enqueue(posthog.Capture{
		DistinctId: id,
		Event:      "job_queued",
	})
}
