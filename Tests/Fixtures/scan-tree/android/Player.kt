package app

const val LIKED = "song_liked"

fun like(name: String) {
    PostHog.capture(event = LIKED, properties = mapOf("name" to name))
    PostHog.capture("screen_${name}_opened")
}
