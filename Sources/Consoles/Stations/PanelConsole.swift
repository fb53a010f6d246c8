import FactoryCore

extension KioskApp {
    /// The wall panel: nobody signs in and nothing signs it out; the board is read again when
    /// PostgreSQL announces a change, and every half second on SQLite, so a committed fact is on
    /// the wall within a second.
    func servePanel() throws {
        let feed = BoardFeed(storage: services.configuration.storage, poll: .milliseconds(500))
        try serve({ WallPanel(chrome: $0) }, WallPanel.State(now: services.clock.now()), signedIn: false, events: {
            guard feed.due() else { return [] }
            let now = self.services.clock.now()
            guard let (board, alerts) = try? self.services.database.read({ db in
                (try WallBoard.read(db, balance: self.services.balance, readings: self.services.scaleEvents, calendar: self.services.calendar, now: now),
                 try self.services.alerts.onTheWall(db))
            }) else { return [] }
            return [.board(board, now: now, alerts: alerts)]
        }) { effect in
            switch effect {
            case .switchLanguage: .switchLanguage
            }
        }
    }
}
