/// Scrap attributed to a session (DECISIONS B11): measured weight, never derived.
enum ScrapLots {
    /// A rejected package, or the rejected part of one, becomes outstanding scrap of its
    /// session at the package's own scale weight.
    static func attribute(_ db: any SQLConnection, _ package: Package, source: ScrapSource, weight: Grams, by actor: Actor,
                          at time: Timestamp) throws {
        try db.execute("""
            INSERT INTO scrap_lots (id, session_id, source, package_id, gross_g, tare_g, net_g, weight_trusted_bool, created_by, created_at)
            VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?, ?)
            """, TypedID<Package>(), package.sessionID, source, package.id, weight, weight, package.weightTrusted, actor.userID, time)
    }
}
