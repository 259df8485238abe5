import posthog from 'posthog-js'
import { usePostHog } from 'posthog-js/react'

const SIGNED_UP = 'user_signed_up'

// posthog.capture('commented_out_event')
/* posthog.capture('block_commented') */
const help = "call posthog.capture('string_event') to track"

export function signUp(user: User) {
  posthog.capture(SIGNED_UP, { plan: user.plan })
  posthog?.capture(
    'onboarding_started',
    { step: 1 },
  )
  posthog.capture(`user_${user.id}_signed_up`)
}

export function Banner() {
  const ph = usePostHog()
  ph?.capture('banner_closed')
  posthog.capture(eventFromProps)
  return null
}
