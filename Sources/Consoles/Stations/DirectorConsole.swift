import FactoryCore

/// The director's console: every session's delta against its limit, worst first, each card
/// to look into; the inbox with a re-open's third step; every report, exported.
extension KioskApp {
    func serveDirector(as actor: Actor) throws {
        let desk = SupervisorDesk(services: services, actor: actor, station: .director)
        try run(console: .board) { page in
            if page == .reports { return try serveReports(as: actor, station: .director, home: .board) }
            return try servePage(page, desk: desk, home: .board, mode: .worstFirst, canSteer: false)
        }
    }
}
