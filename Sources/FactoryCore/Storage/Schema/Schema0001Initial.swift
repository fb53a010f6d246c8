/// The whole schema of spec §12 and §16, plus what the flows need and the seed's DDL lacks
/// (DECISIONS A, B). Written once with dialect tokens that `SchemaDialect` expands:
/// `{id}` uuid/TEXT, `{ts}` timestamptz/TEXT, `{json}` jsonb/TEXT, `{bool}`, `{int}`, `{text}`,
/// `{enum:Name}` the values of a Swift enum, `{strict}` SQLite's STRICT tables, and
/// `{partitioned:col}` / `{pk:col}` for the tables PostgreSQL partitions by time.
///
/// Units: every mass is integer grams (`_g`), every percentage integer thousandths of a
/// percent (`_mpct`), lengths micrometres (`_um`), densities milligrams per m² or per m,
/// money minor units (`_minor`), stock quantities thousandths of their uom (`_milli`).
/// Times are UTC.
///
/// Partitioned tables (scale_events, stock_txn, audit_log) take no foreign keys pointing at
/// them: PostgreSQL would demand the partition key in every reference.
enum Schema0001Initial {
    static let id = "202611250400_initial_schema"

    /// The statements in the order they must run; each part lives in its own file.
    static var sql: String { peopleAndPlant + materialsStockAndProduction + reworkIntegrationAndControl }
}
