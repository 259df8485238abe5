Future<void> start() async {
  await Posthog().capture(eventName: 'quiz_started', properties: {'n': 1});
}
