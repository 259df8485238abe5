import Foundation
import Testing

@testable import PostHogSimulator

/// posthog-api.md §7–§8: authentication, scopes, project access and throttles.
@Suite struct AuthContractTests {
    static let path = "/api/projects/@current/event_definitions/"

    @Test func missingAndInvalidKeysAreTheExact401s() async throws {  // §7, S24
        try await withSimulator { sim in
            let missing = try await sim.get(Self.path, key: nil)
            #expect(missing.status == 401)
            #expect(
                missing.text
                    == "{\"type\":\"authentication_error\",\"code\":\"not_authenticated\",\"detail\":\"Authentication credentials were not provided.\",\"attr\":null}"
            )
            #expect(missing.headers["www-authenticate"]?.hasPrefix("Bearer resource_metadata=") == true)
            let invalid = try await sim.get(Self.path, key: "phx_wrong")
            #expect(
                invalid.text
                    == "{\"type\":\"authentication_error\",\"code\":\"authentication_failed\",\"detail\":\"Personal API key found in request Authorization header is invalid.\",\"attr\":null}"
            )
            let viaQuery = try await sim.get(Self.path + "?personal_api_key=phx_wrong", key: nil)
            #expect(envelope(viaQuery)["detail"] == "Personal API key found in request query string is invalid.")
            #expect(try await sim.get(Self.path + "?personal_api_key=\(SimHarness.key)", key: nil).status == 200)
        }
    }

    @Test func readScopeCannotWriteAndWriteImpliesRead() async throws {  // §7, S15
        try await withSimulator({
            $0.apiKeys = [APIKey(spec: "phx_reader:event_definition:read")!, APIKey(spec: "phx_writer:event_definition:write")!]
        }) { sim in
            #expect(try await sim.get(Self.path, key: "phx_reader").status == 200)
            let denied = try await sim.send("POST", Self.path, json: ["name": "x_y"], key: "phx_reader")
            #expect(denied.status == 403)
            #expect(
                denied.text
                    == "{\"type\":\"authentication_error\",\"code\":\"permission_denied\",\"detail\":\"API key missing required scope 'event_definition:write'\",\"attr\":null}"
            )
            #expect(try await sim.get(Self.path, key: "phx_writer").status == 200)
            #expect(try await sim.send("POST", Self.path, json: ["name": "x_y"], key: "phx_writer").status == 201)
        }
    }

    @Test func keysLimitedToOtherProjectsAreRefused() async throws {  // §7
        try await withSimulator({ $0.apiKeys = [APIKey(spec: "phx_elsewhere:*@2")!] }) { sim in
            let reply = try await sim.get(Self.path, key: "phx_elsewhere")
            #expect(reply.status == 403)
            #expect(envelope(reply)["detail"] == "API key does not have access to the requested project: ID 1.")
        }
    }

    @Test func throttledEnvelopeWithoutRetryAfterByDefault() async throws {  // §8
        // The window is an hour long here, so a loaded machine taking its time between requests cannot let one
        // slide out of it before the fourth.
        try await withSimulator({
            $0.ratePerMinute = 3; $0.rateWindowSeconds = 3_600
        }) { sim in
            for _ in 0..<3 { #expect(try await sim.get(Self.path + "?limit=1").status == 200) }
            let throttled = try await sim.get(Self.path + "?limit=1")
            #expect(throttled.status == 429)
            #expect(envelope(throttled)["type"] == "throttled_error" && envelope(throttled)["code"] == "throttled")
            let detail = try #require(envelope(throttled)["detail"] ?? nil)
            // DRF says "1 second." when one is left and "N seconds." otherwise; a loaded machine can reach either.
            #expect(
                detail.range(
                    of: #"^Request was throttled\. Expected available in (1 second|([2-9]|[1-9][0-9]+) seconds)\.$"#,
                    options: .regularExpression)
                    != nil, "\(detail)")
            #expect(throttled.headers["retry-after"] == nil)
            #expect(try await sim.get(Self.path, key: nil).status == 401, "unauthenticated requests are not throttled")
        }
        try await withSimulator({
            $0.ratePerMinute = 1; $0.retryAfterOn429 = true; $0.rateWindowSeconds = 3_600
        }) { sim in
            _ = try await sim.get(Self.path + "?limit=1")
            let throttled = try await sim.get(Self.path + "?limit=1")
            #expect(Int(throttled.headers["retry-after"] ?? "") ?? 0 >= 1)
        }
    }

    @Test func throttleWaitFollowsTheOldestRequest() async {  // §8 (DRF SimpleRateThrottle)
        let limiter = RateLimiter(perMinute: 2, perHour: 0)
        #expect(await limiter.check(key: "k", now: 100) == nil)
        #expect(await limiter.check(key: "k", now: 110) == nil)
        #expect(await limiter.check(key: "k", now: 130) == 30)
        #expect(await limiter.check(key: "other", now: 130) == nil)
        #expect(await limiter.check(key: "k", now: 161) == nil, "the first request has left the window")
    }
}
