import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// Signing in at a floor station: the person's PIN, then the person's role against the station,
/// from the one permission matrix.
@Suite struct StationSignInTests {
    @Test(arguments: TestBackends.all)
    func theRightPersonIsLetInAndEveryoneElseIsToldWhy(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.givePIN("fg.ombor", "4403")
        try floor.givePIN("op.aziz", "1101")
        let signedIn = try Station.fg.signIn(floor.services, username: "fg.ombor", pin: "4403")
        guard case .accepted(let actor) = signedIn else { Issue.record("\(signedIn)"); return }
        #expect(actor.username == "fg.ombor")
        #expect(try Station.fg.signIn(floor.services, username: "op.aziz", pin: "1101") == .notAllowed, "an operator at the FG scanner")
        #expect(try Station.pack.signIn(floor.services, username: "op.aziz", pin: "1101") != .notAllowed, "the operator at packing")
        #expect(try Station.fg.signIn(floor.services, username: "nobody", pin: "1234") == .wrong)
        for _ in 1...4 { _ = try Station.fg.signIn(floor.services, username: "fg.ombor", pin: "9999") }
        #expect(try Station.fg.signIn(floor.services, username: "fg.ombor", pin: "9999") == .locked, "the fifth wrong PIN locks")
        #expect(try Station.fg.signIn(floor.services, username: "fg.ombor", pin: "4403") == .locked, "the right PIN too, while it lasts")
    }

    @Test func eachStationOpensForTheRolesThatHoldItsPermission() {
        #expect(PermissionMatrix.allows(.fgOmbor, Station.fg.permission))
        #expect(PermissionMatrix.allows(.operator, Station.pack.permission))
        #expect(PermissionMatrix.allows(.otk, Station.otk.permission))
        #expect(PermissionMatrix.allows(.drabilka, Station.rework.permission))
        #expect(!PermissionMatrix.allows(.operator, Station.otk.permission))
    }
}
