import FactoryCore

/// The pages of a supervisor's console: a console runs one page at a time and a page's effect
/// names the next, so that each page stays a small kiosk of its own.
public enum ConsolePage: Sendable, Equatable {
    /// The shop head's lines and sessions; the director's delta board.
    case board
    case inbox
    /// The session form for a free line.
    case start(workcenter: String)
    case session(Session.ID)
    /// The open gates: the technologist's home, the shop head's holds.
    case gates
    /// The technologist's recipes.
    case recipes
    /// The shop head's shift sheet; the director's every report.
    case reports
}

extension KioskApp {
    /// Runs a console from its first page until the person leaves: each page answers the next.
    func run(console first: ConsolePage, _ page: (ConsolePage) throws -> ConsolePage?) throws {
        var current: ConsolePage? = first
        while let next = current { current = try page(next) }
    }
}
