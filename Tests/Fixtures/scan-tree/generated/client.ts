posthog.capture('ignored_by_gitignore')
