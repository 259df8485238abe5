import Foundation
import StewardCore
import Testing

/// Which events a saved insight charts, from the query shapes of posthog-api-2.md §4.12–§4.13, and from
/// legacy `filters`, which PostHog's own `?events=` filter never matches.
@Suite struct InsightEventsTests {
    static let actions = [12: ["signed_up", "account_created"]]

    func read(_ query: String?, filters: String? = nil) throws -> InsightEvents {
        func json(_ text: String?) throws -> Any? {
            try text.map { try JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) }
        }
        return InsightEvents(query: try json(query), filters: try json(filters), actionSteps: Self.actions)
    }

    @Test func trendsSeriesReadEventsAndActionsThroughTheirSteps() throws {  // §4.12
        let found = try read(
            #"{"kind":"InsightVizNode","source":{"kind":"TrendsQuery","series":[{"kind":"EventsNode","event":"$pageview","name":"$pageview","math":"dau"},{"kind":"ActionsNode","id":12,"name":"Signed up"}],"dateRange":{"date_from":"-7d"}}}"#
        )
        #expect(found.events == ["$pageview", "signed_up", "account_created"])
        #expect(!found.allEvents && found.unknownActions.isEmpty && !found.unreadable)
    }

    @Test func funnelExclusionsCount() throws {  // §4.12, §4.13
        let found = try read(
            #"{"kind":"InsightVizNode","source":{"kind":"FunnelsQuery","series":[{"kind":"EventsNode","event":"checkout_started"},{"kind":"EventsNode","event":"order_completed"}],"funnelsFilter":{"exclusions":[{"kind":"FunnelExclusionEventsNode","event":"checkout_cancelled","funnelFromStep":0,"funnelToStep":1},{"kind":"FunnelExclusionActionsNode","id":12}]}}}"#
        )
        #expect(found.events == ["checkout_started", "order_completed", "checkout_cancelled", "signed_up", "account_created"])
    }

    @Test func retentionEntitiesAndGroupNodesCount() throws {
        let retention = try read(
            #"{"kind":"InsightVizNode","source":{"kind":"RetentionQuery","retentionFilter":{"targetEntity":{"id":"trial_started","type":"events"},"returningEntity":{"id":12,"type":"actions"}}}}"#
        )
        #expect(retention.events == ["trial_started", "signed_up", "account_created"])
        let group = try read(
            #"{"kind":"InsightVizNode","source":{"kind":"TrendsQuery","series":[{"kind":"GroupNode","nodes":[{"kind":"EventsNode","event":"a_clicked"},{"kind":"EventsNode","event":"b_clicked"}]}]}}"#
        )
        #expect(group.events == ["a_clicked", "b_clicked"])
    }

    @Test func pathsCountTheirEventTypesAndNonURLExclusions() throws {
        let found = try read(
            #"{"kind":"InsightVizNode","source":{"kind":"PathsQuery","pathsFilter":{"includeEventTypes":["$pageview","custom_event"],"excludeEvents":["/login","https://x.io/a","logout_clicked"]}}}"#
        )
        #expect(found.events == ["$pageview", "logout_clicked"])
        #expect(found.allEvents, "custom events in paths are every custom event")
    }

    @Test func legacyFiltersChartTheirEventsTooThoughPostHogsFilterMissesThem() throws {  // §4.12, §4.13
        let found = try read(
            nil,
            filters:
                #"{"insight":"TRENDS","events":[{"id":"$pageview","type":"events","math":"dau","order":0}],"actions":[{"id":12,"type":"actions"}]}"#
        )
        #expect(found.events == ["$pageview", "signed_up", "account_created"])
        let retention = try read(
            "null",
            filters:
                #"{"insight":"RETENTION","target_entity":{"id":"trial_started","type":"events"},"returning_entity":{"id":"x_done","type":"events"}}"#
        )
        #expect(retention.events == ["trial_started", "x_done"])
    }

    @Test func allEventsUnknownActionsAndUnreadableQueriesAreSaidNotGuessed() throws {
        let all = try read(#"{"kind":"InsightVizNode","source":{"kind":"TrendsQuery","series":[{"kind":"EventsNode","event":null}]}}"#)
        #expect(all.allEvents && all.events.isEmpty)
        let unknown = try read(#"{"kind":"InsightVizNode","source":{"kind":"TrendsQuery","series":[{"kind":"ActionsNode","id":99}]}}"#)
        #expect(unknown.unknownActions == [99] && unknown.events.isEmpty)
        #expect(try read(#""a string""#).unreadable)
        #expect(try read(#"{"no":"kind"}"#).unreadable)
        let table = try read(#"{"kind":"DataTableNode","source":{"kind":"EventsQuery","event":"row_exported","select":["*"]}}"#)
        #expect(table.events == ["row_exported"])
    }
}
