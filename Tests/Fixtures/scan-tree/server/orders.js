const { PostHog } = require('posthog-node')
const client = new PostHog('phc_key')

function paid(order) {
  client.capture({
    distinctId: order.userId,
    event: 'order_paid',
    properties: { total: order.total },
  })
  camera.capture('not_posthog')
}
