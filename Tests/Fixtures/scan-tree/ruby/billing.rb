# posthog.capture(distinct_id: 1, event: 'commented')
def upgrade(user)
  posthog.capture(distinct_id: user.id, event: 'plan_upgraded')
  posthog.capture distinct_id: user.id, event: "seat_added"
end
