import FactoryCore

extension KioskApp {
    /// The wall panel: nobody signs in and nothing signs it out; the board is read again every
    /// half second, on either engine, so a committed fact is on the wall within a second.
    func servePanel() throws {
        var lastRead = ContinuousClock.now - .seconds(10)
        try serve({ WallPanel(chrome: $0) }, WallPanel.State(now: services.clock.now()), signedIn: false, events: {
            guard ContinuousClock.now - lastRead >= .milliseconds(500) else { return [] }
            lastRead = ContinuousClock.now
            let now = self.services.clock.now()
            guard let board = try? self.services.database.read({
                try WallBoard.read($0, balance: self.services.balance, readings: self.services.scaleEvents, calendar: self.services.calendar, now: now)
            }) else { return [] }
            return [.board(board, now: now)]
        }) { effect in
            switch effect {
            case .switchLanguage: .switchLanguage
            }
        }
    }
}
