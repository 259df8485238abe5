import GRDB

/// A row of `run_count`: findings by severity for one rule, owner or tag in one run (the trend lines).
struct RunCountRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "run_count"

    var run: Int64
    var dimension: String
    var key: String
    var errors: Int
    var warnings: Int
    var infos: Int

    enum Columns {
        static let run = Column(CodingKeys.run)
        static let dimension = Column(CodingKeys.dimension)
    }
}
