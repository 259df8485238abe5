import StewardCore
import StewardTestSupport
import Testing

/// Each naming preset accepts every name of the published spec it says it follows, and rejects the names
/// those specs give as what not to do.
@Suite struct PresetSpecTests {
    /// Segment's e-commerce spec v2 (segment.com/docs/connections/spec/ecommerce/v2), every event, in its order.
    static let segmentEcommerce = [
        "Products Searched", "Product List Viewed", "Product List Filtered", "Promotion Viewed", "Promotion Clicked",
        "Product Clicked", "Product Viewed", "Product Added", "Product Removed", "Cart Viewed", "Checkout Started",
        "Checkout Step Viewed", "Checkout Step Completed", "Payment Info Entered", "Order Updated", "Order Completed",
        "Order Refunded", "Order Cancelled", "Coupon Entered", "Coupon Applied", "Coupon Denied", "Coupon Removed",
        "Product Added to Wishlist", "Product Removed from Wishlist", "Wishlist Product Added to Cart", "Product Shared",
        "Cart Shared", "Product Reviewed",
    ]

    /// PostHog's e-commerce spec (posthog.com/docs/data/event-spec/ecommerce-events), every event, in its order.
    static let postHogEcommerce = [
        "Products Searched", "Product List Viewed", "Product List Filtered", "Promotion Viewed", "Promotion Clicked",
        "Product Clicked", "Product Viewed", "Product Added", "Product Removed", "Cart Viewed", "Checkout Started",
        "Checkout Step Viewed", "Checkout Step Completed", "Payment Info Entered", "Order Completed", "Order Updated",
        "Order Refunded", "Order Cancelled", "Coupon Entered", "Coupon Applied", "Coupon Denied", "Coupon Removed",
        "Product Added to Wishlist", "Product Removed from Wishlist", "Wishlist Product Added to Cart", "Product Shared",
        "Cart Shared", "Product Reviewed",
    ]

    /// The mobile lifecycle events of Segment's mobile spec and PostHog's mobile SDK docs, and the Title Case
    /// names PostHog's docs use in examples.
    static let lifecycleAndDocs = [
        "Application Installed", "Application Opened", "Application Backgrounded", "Application Updated",
        "Application Uninstalled", "Application Crashed", "Install Attributed", "Push Notification Received",
        "Push Notification Tapped", "Push Notification Bounced", "Deep Link Clicked", "Deep Link Opened", "Signed Up",
        "Order Completed", "Product Viewed",
    ]

    /// PostHog's best-practices page (posthog.com/docs/product-analytics/best-practices): its examples of the
    /// convention, and the three names it shows as the problem a convention prevents.
    static let postHogBestPractices = ["account_settings:forgot_password_button_click", "signup_flow:pricing_page_view"]
    static let postHogSnakeExamples = ["signup_button_click", "user_signed_up", "user_sign_up"]
    static let postHogCounterExamples = ["Create Account", "create-account"]

    func accepts(_ preset: String, _ name: String) throws -> Bool {
        let policy = try PolicyLoader().load(
            text: "scope: { events: all }\nrules: { name_pattern: { severity: error, preset: \(preset) } }", file: "p.yml")
        return try Linter(policy: policy, now: RuleExample.referenceDate).lint([.example(name)]).findings.isEmpty
    }

    @Test(arguments: segmentEcommerce + postHogEcommerce + lifecycleAndDocs)
    func objectActionTitleAcceptsTheSpecs(name: String) throws {
        #expect(try accepts("object_action_title", name))
    }

    @Test(arguments: [
        "product viewed", "Product View", "Viewed Product", "Product Added To Wishlist", "Product Added to wishlist",
        "Product_Viewed", "Product Viewed!", "Create Account",
    ])
    func objectActionTitleRejectsWhatTheSpecsAvoid(name: String) throws {
        #expect(try !accepts("object_action_title", name))
    }

    @Test func postHogPresetFollowsTheBestPracticesPage() throws {
        for name in Self.postHogBestPractices { #expect(try accepts("posthog", name), "\(name)") }
        for name in Self.postHogCounterExamples + ["signup_flow:pricing_page_viewed", "user_sign_up"] {
            #expect(try !accepts("posthog", name), "\(name)")
        }
    }

    @Test func snakeCaseFollowsTheBestPracticesPagesCase() throws {
        for name in Self.postHogSnakeExamples { #expect(try accepts("snake_case", name), "\(name)") }
        for name in Self.postHogCounterExamples { #expect(try !accepts("snake_case", name), "\(name)") }
    }

    @Test func eachPresetSaysWhichSpecItFollows() {
        for id in ["posthog", "snake_case", "object_action_title"] {
            let preset = NamePatternRule.presets.first { $0.id == id }
            #expect(preset?.follows?.isEmpty == false, "\(id)")
        }
    }
}
