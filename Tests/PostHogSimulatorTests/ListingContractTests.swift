import Foundation
import Testing

@testable import PostHogSimulator

/// posthog-api.md §1–§2: URLs, pagination, ordering and filters.
@Suite struct ListingContractTests {
    @Test func pagesOf306Are100_100_100_6ByFollowingNext() async throws {  // §2.1, S4 test_pagination_of_event_definitions
        try await withSimulator { sim in
            let (pages, results) = try await sim.crawl()
            #expect(pages == [100, 100, 100, 6])
            #expect(Set(results.compactMap { $0["id"] as? String }).count == 306)
            let first = try await sim.get("/api/projects/@current/event_definitions/")
            #expect(first.object["count"] as? Int == 306)
            #expect((first.object["results"] as? [Any])?.count == 100, "default limit is 100")
            #expect(first.object["previous"] is NSNull)
            #expect((first.object["next"] as? String) == "\(sim.base)/api/projects/@current/event_definitions/?limit=100&offset=100")
            #expect(first.object["count_is_capped"] as? Bool == false)
            #expect(first.text.hasSuffix("\"count_is_capped\":false}"), "count_is_capped comes after results")
        }
    }

    @Test func trailingSlashIsOptionalAndProjectIDsResolve() async throws {  // §1
        try await withSimulator { sim in
            #expect(try await sim.get("/api/projects/1/event_definitions?limit=1").status == 200)
            #expect(try await sim.get("/api/projects/@current/event_definitions/?limit=1").status == 200)
            let unknown = try await sim.get("/api/projects/999/event_definitions/")
            #expect(unknown.status == 404)
            #expect(envelope(unknown) == ["type": "invalid_request", "code": "not_found", "detail": "Project not found.", "attr": nil])
            #expect(try await sim.get("/api/projects/abc/event_definitions/").status == 404)
        }
    }

    @Test func environmentsAliasCarriesDeprecationHeaders() async throws {  // §1, S16
        try await withSimulator { sim in
            let reply = try await sim.get("/api/environments/1/event_definitions/?limit=2")
            #expect(reply.status == 200)
            #expect(reply.headers["deprecation"] == "true")
            #expect(reply.headers["link"] == "</api/projects/1/event_definitions/?limit=2>; rel=\"successor-version\"")
        }
    }

    @Test func limitBelowOneIsA400AndThereIsNoMaximum() async throws {  // §2.1
        try await withSimulator { sim in
            let zero = try await sim.get("/api/projects/@current/event_definitions/?limit=0")
            #expect(zero.status == 400)
            #expect(
                envelope(zero) == [
                    "type": "validation_error", "code": "min_value", "detail": "Ensure this value is greater than or equal to 1.",
                    "attr": "limit",
                ])
            let word = try await sim.get("/api/projects/@current/event_definitions/?limit=lots")
            #expect(envelope(word)["code"] == "invalid_input")
            let all = try await sim.get("/api/projects/@current/event_definitions/?limit=5000")
            #expect((all.object["results"] as? [Any])?.count == 306)
            #expect(all.object["next"] is NSNull)
            let past = try await sim.get("/api/projects/@current/event_definitions/?offset=400")
            #expect((past.object["results"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func previousDropsOffsetWhenItWouldBeZeroOrLess() async throws {  // §2.1 (DRF)
        try await withSimulator { sim in
            let reply = try await sim.get("/api/projects/@current/event_definitions/?limit=100&offset=50")
            #expect((reply.object["previous"] as? String) == "\(sim.base)/api/projects/@current/event_definitions/?limit=100")
        }
    }

    @Test func countIsCappedAbove50000AndPagingGoesOn() async throws {  // §2.1, S1/S7
        try await withSimulator({ $0.definitions = 50_050 }) { sim in
            let first = try await sim.get("/api/projects/@current/event_definitions/?limit=5000&offset=45000")
            #expect(first.object["count"] as? Int == 10_000)
            #expect(first.object["count_is_capped"] as? Bool == true)
            #expect(first.object["next"] is String, "a full page keeps next even past the capped count")
            let last = try await sim.get("/api/projects/@current/event_definitions/?limit=5000&offset=50000")
            #expect((last.object["results"] as? [Any])?.count == 50)
            #expect(last.object["next"] is NSNull)
            let narrowed = try await sim.get("/api/projects/@current/event_definitions/?limit=1&search=a")
            #expect(narrowed.object["count_is_capped"] as? Bool == false, "a search is counted exactly")
        }
    }

    @Test func statementBudgetAnswers503Timeout() async throws {  // §2.1, S4 test_cancelled_list_query_returns_a_retryable_503
        try await withSimulator({ $0.statementBudget = 500 }) { sim in
            let big = try await sim.get("/api/projects/@current/event_definitions/?limit=1000")
            #expect(big.status == 503)
            #expect(envelope(big)["code"] == "event_definitions_timeout")
            #expect(envelope(big)["detail"] == "Loading events took too long. Try a narrower search, or try again in a moment.")
            #expect(try await sim.get("/api/projects/@current/event_definitions/?limit=500").status == 200)
        }
    }

    @Test func defaultOrderingIsLastSeenDayDescendingNullsLastThenName() async throws {  // §2.2
        try await withSimulator { sim in
            let (_, results) = try await sim.crawl()
            func day(_ row: [String: Any]) -> String? { (row["last_seen_at"] as? String).map { String($0.prefix(10)) } }
            for (a, b) in zip(results, results.dropFirst()) {
                switch (day(a), day(b)) {
                case let (x?, y?):
                    #expect(x > y || (x == y && (a["name"] as! String) < (b["name"] as! String)), "\(a["name"]!) before \(b["name"]!)")
                case (nil, .some): Issue.record("nulls must come last")
                default: break
                }
            }
            #expect(results.contains { $0["last_seen_at"] is NSNull })
        }
    }

    @Test func explicitOrderingAndSearchLengthOrdering() async throws {  // §2.2
        try await withSimulator { sim in
            let byName = try await sim.crawl("/api/projects/@current/event_definitions/?ordering=name&limit=500").results.map {
                $0["name"] as! String
            }
            #expect(byName == byName.sorted())
            let descending = try await sim.crawl("/api/projects/@current/event_definitions/?ordering=-name,bogus&limit=500").results.map {
                $0["name"] as! String
            }
            #expect(descending == byName.reversed())
            let searched = try await sim.crawl("/api/projects/@current/event_definitions/?search=ed&limit=500").results.map {
                $0["name"] as! String
            }
            #expect(!searched.isEmpty)
            #expect(searched.map(\.count) == searched.map(\.count).sorted(), "shorter matches first")
        }
    }

    @Test func filters() async throws {  // §2.3
        try await withSimulator { sim in
            let base = "/api/projects/@current/event_definitions/?limit=1000"
            let all = try await sim.crawl(base).results
            func names(_ query: String) async throws -> [String] { try await sim.crawl(base + query).results.map { $0["name"] as! String } }
            let custom = try await names("&event_type=event_custom")
            let posthog = try await names("&event_type=event_posthog")
            #expect(custom.allSatisfy { !$0.hasPrefix("$") } && posthog.allSatisfy { $0.hasPrefix("$") })
            #expect(custom.count + posthog.count == all.count)
            #expect(try await names("&event_type=all").count == all.count)
            let invalid = try await sim.get(base + "&event_type=actions")
            #expect(
                envelope(invalid) == [
                    "type": "validation_error", "code": "invalid_input",
                    "detail": "Not a valid event type. Use one of: event, event_custom, event_posthog.", "attr": "event_type",
                ])
            let hidden = Set(all.filter { $0["hidden"] as? Bool == true }.map { $0["name"] as! String })
            #expect(!hidden.isEmpty)
            #expect(Set(try await names("&exclude_hidden=true")).isDisjoint(with: hidden))
            let verified = try await names("&verified=true")
            #expect(verified.contains("$pageview"), "core events count as verified")
            let two = Array(all.prefix(2).map { $0["name"] as! String })
            #expect(
                Set(
                    try await names(
                        "&names=\(two[0].addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&names=\(two[1].addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
                    )) == Set(two))
            let search = try await names("&search=\("checkout completed".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
            #expect(search.allSatisfy { $0.lowercased().contains("checkout") && $0.lowercased().contains("completed") })
            let tagged = try await sim.crawl(base + "&tags=%5B%22billing%22%5D").results
            #expect(!tagged.isEmpty && tagged.allSatisfy { ($0["tags"] as? [String])?.contains("billing") == true })
            let stale = try await names("&exclude_stale=true")
            #expect(stale.count < all.count)
            let excluded = try await names(
                "&excluded_properties=%5B%22\(two[0].addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)%22%5D")
            #expect(!excluded.contains(two[0]))
            #expect(try await sim.get(base + "&excluded_properties=not-json").status == 500)
        }
    }
}
