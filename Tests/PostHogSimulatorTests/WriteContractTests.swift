import Foundation
import Testing

@testable import PostHogSimulator

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// posthog-api.md §3–§6: single-object reads and writes, bulk endpoints, odd answers.
@Suite struct WriteContractTests {
    static let path = "/api/projects/@current/event_definitions/"

    func create(_ sim: SimHarness, _ body: [String: Any]) async throws -> [String: Any] {
        let reply = try await sim.send("POST", Self.path, json: body)
        #expect(reply.status == 201)
        return reply.object
    }

    @Test func createStartsUnseenAndDuplicatesAreRefused() async throws {  // §4.5
        try await withSimulator { sim in
            let made = try await create(sim, ["name": "trial_started", "description": "Trial began", "owner": 2])
            #expect(made["created_at"] is NSNull && made["last_seen_at"] is NSNull)
            #expect((made["owner"] as? [String: Any])?["email"] as? String == "ben@example.com")
            let again = try await sim.send("POST", Self.path, json: ["name": "trial_started"])
            #expect(envelope(again)["detail"] == "Event definition with name 'trial_started' already exists")
            let nameless = try await sim.send("POST", Self.path, json: ["description": "x"])
            #expect(
                envelope(nameless) == ["type": "validation_error", "code": "required", "detail": "This field is required.", "attr": "name"])
            let id = made["id"] as! String
            #expect(try await sim.send("DELETE", Self.path + id + "/").status == 204)
            #expect(try await sim.get(Self.path + "by_name/?name=trial_started").status == 404)
        }
    }

    @Test func hiddenAndVerifiedTogetherIsTheExact400() async throws {  // §3.3
        try await withSimulator { sim in
            let id = try await create(sim, ["name": "plan_upgraded"])["id"] as! String
            let reply = try await sim.send("PATCH", Self.path + id + "/", json: ["hidden": true, "verified": true])
            #expect(reply.status == 400)
            #expect(
                envelope(reply) == [
                    "type": "validation_error", "code": "invalid_input", "detail": "An event cannot be both hidden and verified",
                    "attr": nil,
                ])
        }
    }

    @Test func verifyingStampsOnceAndHidingUnverifies() async throws {  // §3.3
        try await withSimulator { sim in
            let id = try await create(sim, ["name": "plan_upgraded", "hidden": true])["id"] as! String
            let verified = try await sim.send("PATCH", Self.path + id, json: ["verified": true]).object
            #expect(verified["verified"] as? Bool == true && verified["hidden"] as? Bool == false)
            let stamp = try #require(verified["verified_at"] as? String)
            #expect((verified["verified_by"] as? [String: Any])?["id"] as? Int == 1)
            try await Task.sleep(nanoseconds: 5_000_000)
            let again = try await sim.send("PATCH", Self.path + id, json: ["verified": true, "verified_at": "2000-01-01T00:00:00Z"]).object
            #expect(again["verified_at"] as? String == stamp, "re-verifying keeps the first verified_at; verified_at is read-only")
            let hidden = try await sim.send("PATCH", Self.path + id, json: ["hidden": true]).object
            #expect(hidden["verified"] as? Bool == false && hidden["verified_at"] is NSNull && hidden["verified_by"] is NSNull)
        }
    }

    @Test func patchReplacesTagsIgnoresNameAndReadOnlyKeys() async throws {  // §4.1, §4.4
        try await withSimulator { sim in
            let made = try await create(sim, ["name": "report_exported", "tags": ["old"]])
            let id = made["id"] as! String
            let reply = try await sim.send(
                "PATCH", Self.path + id + "/",
                json: [
                    "tags": [" Billing", "PII", "billing"], "name": "renamed", "is_action": true, "unknown_key": 1,
                    "description": "Exported",
                ])
            #expect(reply.status == 200)
            #expect(reply.object["tags"] as? [String] == ["billing", "pii"])
            #expect(reply.object["name"] as? String == "report_exported")
            #expect(reply.object["is_action"] as? Bool == false)
            #expect(reply.object["updated_at"] as? String != made["updated_at"] as? String)
            #expect(try await sim.send("PATCH", Self.path + id, json: ["tags": []]).object["tags"] as? [String] == [])
            let notList = try await sim.send("PATCH", Self.path + id, json: ["tags": "billing"])
            #expect(envelope(notList)["code"] == "not_a_list")
        }
    }

    @Test func ownerIsWrittenAsIdReadNestedAndMustBeAMember() async throws {  // §3.1
        try await withSimulator { sim in
            let id = try await create(sim, ["name": "invite_sent"])["id"] as! String
            let owned = try await sim.send("PATCH", Self.path + id, json: ["owner": 3]).object
            #expect((owned["owner"] as? [String: Any])?["first_name"] as? String == "Chen")
            let outsider = try await sim.send("PATCH", Self.path + id, json: ["owner": 100])
            #expect(envelope(outsider)["detail"] == "Owner must be a member of this organization")
            let unknown = try await sim.send("PATCH", Self.path + id, json: ["owner": 4242])
            #expect(
                envelope(unknown) == [
                    "type": "validation_error", "code": "does_not_exist", "detail": "Invalid pk \"4242\" - object does not exist.",
                    "attr": "owner",
                ])
        }
    }

    @Test func enforcementModeAndPrimaryPropertyValidation() async throws {  // §3.2, §4.2
        try await withSimulator { sim in
            let id = try await create(sim, ["name": "order_paid"])["id"] as! String
            let bad = try await sim.send("PATCH", Self.path + id, json: ["enforcement_mode": "enforce"])
            #expect(
                envelope(bad) == [
                    "type": "validation_error", "code": "invalid_choice", "detail": "\"enforce\" is not a valid choice.",
                    "attr": "enforcement_mode",
                ])
            #expect(
                try await sim.send("PATCH", Self.path + id, json: ["enforcement_mode": "reject"]).object["enforcement_mode"] as? String
                    == "reject")
            let blank = try await sim.send("PATCH", Self.path + id, json: ["primary_property": ""])
            #expect(
                envelope(blank) == [
                    "type": "validation_error", "code": "blank", "detail": "This field may not be blank.", "attr": "primary_property",
                ])
        }
        try await withSimulator({ $0.rejectFlag = false }) { sim in
            let id = try await create(sim, ["name": "order_paid"])["id"] as! String
            let gated = try await sim.send("PATCH", Self.path + id, json: ["enforcement_mode": "reject"])
            #expect(
                envelope(gated)["detail"]
                    == "Setting schema enforcement mode to \"reject\" requires the schema-enforcement-reject feature flag")
        }
    }

    @Test func withoutTheAddOnEveryPatchIs402ButBulkTagsWork() async throws {  // §4.1, §5.3
        try await withSimulator({ $0.taxonomyAddOn = false }) { sim in
            let id = try await create(sim, ["name": "order_paid"])["id"] as! String
            let reply = try await sim.send("PATCH", Self.path + id, json: ["tags": ["a"]])
            #expect(reply.status == 402)
            #expect(envelope(reply)["code"] == "payment_required")
            let bulk = try await sim.send("POST", Self.path + "bulk_update_tags/", json: ["ids": [id], "action": "add", "tags": ["a"]])
            #expect(bulk.status == 200)
        }
    }

    @Test func nonUUIDAndMissingUUIDs() async throws {  // §1, §4.3
        try await withSimulator { sim in
            let bad = try await sim.get(Self.path + "undefined/")
            #expect(
                envelope(bad) == ["type": "invalid_request", "code": "not_found", "detail": "Event definition not found.", "attr": nil])
            let missing = try await sim.get(Self.path + "0190aaaa-0000-7000-8000-000000000000/")
            #expect(missing.status == 500)
            #expect(envelope(missing) == ["type": "server_error", "code": "error", "detail": "A server error occurred.", "attr": nil])
        }
        try await withSimulator({ $0.missingIDStatus = 404 }) { sim in
            let reply = try await sim.get(Self.path + "0190aaaa-0000-7000-8000-000000000000/")
            #expect(reply.status == 404)
        }
    }

    @Test func bulkUpdateTagsLowercasesSortsAndSkipsUnknownIds() async throws {  // §5, S4
        try await withSimulator { sim in
            let id = try await create(sim, ["name": "checkout_done", "tags": ["zeta"]])["id"] as! String
            let unknown = "0190aaaa-0000-7000-8000-000000000000"
            let reply = try await sim.send(
                "POST", Self.path + "bulk_update_tags/", json: ["ids": [id, unknown], "action": "add", "tags": ["PII", " Billing "]])
            #expect(reply.status == 200)
            let updated = reply.object["updated"] as? [[String: Any]]
            #expect(updated?.first?["tags"] as? [String] == ["billing", "pii", "zeta"])
            #expect((reply.object["skipped"] as? [[String: Any]])?.first?["reason"] as? String == "Not found")
            let removed = try await sim.send(
                "POST", Self.path + "bulk_update_tags/", json: ["ids": [id], "action": "remove", "tags": ["zeta"]])
            #expect((removed.object["updated"] as? [[String: Any]])?.first?["tags"] as? [String] == ["billing", "pii"])
            let cleared = try await sim.send("POST", Self.path + "bulk_update_tags/", json: ["ids": [id], "action": "set", "tags": []])
            #expect((cleared.object["updated"] as? [[String: Any]])?.first?["tags"] as? [String] == [])
        }
    }

    @Test func bulkUpdateTagsLimits() async throws {  // §5.1
        try await withSimulator { sim in
            let id = "0190aaaa-0000-7000-8000-000000000000"
            let empty = try await sim.send("POST", Self.path + "bulk_update_tags/", json: ["ids": [id], "action": "add", "tags": []])
            #expect(
                envelope(empty) == [
                    "type": "validation_error", "code": "invalid_input", "detail": "tags must not be empty for action 'add'.",
                    "attr": "tags",
                ])
            let ids = (0..<501).map { String(format: "0190aaaa-0000-7000-8000-%012d", $0) }
            let tooMany = try await sim.send("POST", Self.path + "bulk_update_tags/", json: ["ids": ids, "action": "add", "tags": ["a"]])
            #expect(envelope(tooMany)["attr"] == "ids")
            let product = try await sim.send(
                "POST", Self.path + "bulk_update_tags/",
                json: [
                    "ids": Array(ids.prefix(500)), "action": "add", "tags": (0..<21).map { "t\($0)" },
                ])
            #expect(envelope(product)["detail"] == "Too many changes in one request: ids × distinct tags must not exceed 10000.")
            let notUUID = try await sim.send(
                "POST", Self.path + "bulk_update_tags/", json: ["ids": ["nope"], "action": "add", "tags": ["a"]])
            #expect(envelope(notUUID)["attr"] == "ids__0")
            let tagCount = try await sim.send(
                "POST", Self.path + "bulk_update_tags/", json: ["ids": [id], "action": "add", "tags": (0..<101).map { "t\($0)" }])
            #expect(envelope(tagCount)["attr"] == "tags")
        }
    }

    @Test func bulkUpdateVerifiedOmitsUnchanged() async throws {  // §5.4
        try await withSimulator { sim in
            let id = try await create(sim, ["name": "plan_bought"])["id"] as! String
            let first = try await sim.send("POST", Self.path + "bulk_update_verified/", json: ["ids": [id, id], "verified": true])
            #expect((first.object["updated"] as? [[String: Any]])?.count == 1)
            let second = try await sim.send("POST", Self.path + "bulk_update_verified/", json: ["ids": [id], "verified": true])
            #expect((second.object["updated"] as? [Any])?.isEmpty == true && (second.object["skipped"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func byNameAnswersBareDetailBodies() async throws {  // §6
        try await withSimulator { sim in
            let missingParam = try await sim.get(Self.path + "by_name/")
            #expect(missingParam.status == 400 && missingParam.text == "{\"detail\":\"Query parameter 'name' is required\"}")
            let missing = try await sim.get(Self.path + "by_name/?name=nope")
            #expect(missing.status == 404 && missing.text == "{\"detail\":\"Event definition with name 'nope' not found\"}")
            let found = try await sim.get(Self.path + "by_name/?name=%24pageview")
            #expect(found.object["name"] as? String == "$pageview")
            #expect(found.object["description"] is String, "reading one definition creates its enterprise row")
        }
    }

    @Test func metricsRefusesPersonalKeysAndGeneratorsAnswer() async throws {  // §6
        try await withSimulator { sim in
            let id = try await create(sim, ["name": "plan_bought", "primary_property": "plan_id"])["id"] as! String
            let metrics = try await sim.get(Self.path + id + "/metrics/")
            #expect(metrics.status == 403 && envelope(metrics)["detail"] == "This action does not support personal API key access")
            let typescript = try await sim.get(Self.path + "typescript/").object
            // The newest generators leave out custom events with no schema that are not verified (posthog-api-2.md §1.2).
            #expect((typescript["content"] as? String)?.contains("\"plan_bought\"") == false)
            #expect((typescript["content"] as? String)?.contains("\"$pageview\"") == true)
            #expect((typescript["schema_hash"] as? String)?.count == 32)
            let properties = try await sim.get(Self.path + "primary_properties/?names=plan_bought&names=nope").object
            #expect(properties["primary_properties"] as? [String: String] == ["plan_bought": "plan_id"])
        }
    }

    @Test func malformedBodiesAreParseErrors() async throws {  // Bad input
        try await withSimulator { sim in
            var request = URLRequest(url: URL(string: sim.base + Self.path)!)
            request.httpMethod = "POST"
            request.setValue("Bearer \(SimHarness.key)", forHTTPHeaderField: "Authorization")
            request.httpBody = Data("{name: oops".utf8)
            let (data, response) = try await SimHarness.session.data(for: request)
            #expect((response as! HTTPURLResponse).statusCode == 400)
            #expect(String(decoding: data, as: UTF8.self).contains("\"code\":\"parse_error\""))
        }
    }
}
