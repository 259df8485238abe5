import Foundation
import StewardCore
import Testing

@Suite struct EventDefinitionDecodingTests {
    func decode(_ json: String) throws -> EventDefinition {
        try JSONDecoder().decode(EventDefinition.self, from: Data(json.utf8))
    }

    @Test func enterpriseShapeWithNestedOwner() throws {
        let definition = try decode(
            """
            {"id": "019cffe7-45bf-7f50-96ce-e41d1cad7a94", "name": "signup_flow:pricing_page_view",
             "owner": {"id": 42, "uuid": "0190f1c2-0000-7000-8000-000000000000", "distinct_id": "abc", "first_name": "Jane",
                       "last_name": "Doe", "email": "jane@example.com", "is_email_verified": true, "hedgehog_config": null,
                       "role_at_organization": "engineering"},
             "description": "", "tags": ["billing"], "created_at": "2020-01-01T00:00:00Z", "updated_at": "2020-01-02T00:00:00.123456Z",
             "updated_by": null, "last_seen_at": "2020-01-01T22:56:00Z", "verified": false, "verified_at": null, "verified_by": null,
             "hidden": false, "enforcement_mode": "allow", "primary_property": null, "is_action": false, "post_to_slack": false,
             "default_columns": [], "media_preview_urls": []}
            """)
        #expect(definition.owner?.email == "jane@example.com")
        #expect(definition.owner?.id == 42)
        #expect(definition.updatedAt?.microseconds == 123_456)
        #expect(definition.enforcementMode == .allow)
        #expect(definition.tags == ["billing"])
    }

    @Test func openSourceShapeWithoutEnterpriseFields() throws {
        let definition = try decode(
            """
            {"id": "019cffe7-45bf-7f50-96ce-e41d1cad7a94", "name": "purchase", "created_at": null, "last_seen_at": null,
             "last_updated_at": "2024-01-01T00:00:00Z", "tags": [], "enforcement_mode": "allow", "primary_property": null,
             "is_action": false, "action_id": null, "is_calculating": false, "last_calculated_at": null, "created_by": null,
             "post_to_slack": false}
            """)
        #expect(definition.owner == nil)
        #expect(definition.verified == nil)
        #expect(definition.description == nil)
        #expect(definition.isVerified == false)
    }

    @Test func nullsOwnerAsIdAndUnknownModesAreKept() throws {
        let definition = try decode(
            """
            {"id": "x", "name": "a", "owner": 7, "verified": null, "description": null, "tags": null, "hidden": null,
             "enforcement_mode": "enforce", "promoted_property": "order_id"}
            """)
        #expect(definition.owner?.id == 7)
        #expect(definition.tags == [])
        #expect(definition.enforcementMode?.rawValue == "enforce")
        #expect(definition.primaryProperty == "order_id")
    }

    @Test func roundTripKeepsEveryModelledField() throws {
        let original = EventDefinition.example("checkout_started")
        let data = try JSONEncoder().encode(original)
        #expect(try JSONDecoder().decode(EventDefinition.self, from: data) == original)
    }
}
