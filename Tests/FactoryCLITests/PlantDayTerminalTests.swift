import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// The plant day of E2E-01 and E2E-02 (spec §9) at the kiosks and consoles alone, as the
/// people at each screen would do it: MAIN takes the supplier's delivery in and ships to SHOP,
/// SHOP receives, the shop head starts a
/// session and feeds it, the packer packs two rolls, the technologist marks the lot degassed,
/// OTK passes them, FG receives them by scan; the line's scrap is weighed in a sealed container,
/// ground at the grinder (IN linked FIFO to the session, VT OUT into MAIN) and the session
/// closes on a balance within its limit. Only the scales' readings come from the test, as the
/// gateways would send them; every business step is a key at a screen, and the database is
/// read after each.
@Suite(.serialized) struct PlantDayTerminalTests {
    typealias Screen = KioskTerminalTests.Session

    @Test(arguments: TestBackends.all)
    func e2e01AndE2e02AreDrivenThroughTheKiosksAlone(backend: Backend) throws {
        let floor = try Floor(backend)
        let db = floor.factory.db
        func one(_ sql: String, _ values: any SQLBindable...) throws -> Row? { try db.read { try $0.query(sql, values).first } }
        /// A load put on a scale just now, as the gateway reports it: the pan empty, then the
        /// load settled, both after whatever the scale weighed before.
        func load(_ device: String, _ grams: Int64) throws {
            floor.factory.clock.set(Timestamp(Date()))
            try floor.factory.reading(device, kg: 0)
            Thread.sleep(forTimeInterval: 0.05)
            floor.factory.clock.set(Timestamp(Date()))
            try floor.factory.reading(device, kg: grams)
        }
        let people = [("main.ombor", "6606"), ("shop.op", "7707"), ("sexboshligi", "2201"), ("op.aziz", "1101"), ("texnolog", "5501"),
                      ("otk", "3301"), ("fg.ombor", "4403"), ("drabilka", "5505")]
        for (name, pin) in people { try floor.givePIN(name, pin) }
        // The supplier's delivery comes into MAIN: 400 kg of PVD-PE, batch B-DAY from the bag's
        // label; then MAIN ships a 100 kg load to SHOP; SHOP receives it on its own scale.
        let main = try Screen(["warehouse", "--device", "scale-MAIN-01"], storage: floor.factory.storageArguments)
        try main.signIn("main.ombor", pin: "6606")
        try main.wait { try main.screen().contains("Jo‘natish MAIN → SHOP") }
        for key in ["Down", "Down", "Enter"] { try main.press(key) }
        try main.scan("PVD-PE")
        try main.scan("B-DAY")
        try load("scale-MAIN-01", 400_000)
        try main.press("F2")
        try main.wait { try main.screen().contains("✔ MAINga qabul qilindi: PVD-PE B-DAY 400.000 kg") }
        try main.press("Escape")
        try load("scale-MAIN-01", 100_000)
        try main.press("Enter")
        try main.scan("PVD-PE")
        try main.wait { try main.screen().contains("B-DAY") }
        try main.press("F2")
        try main.wait { try main.screen().contains("✔ SHOPga yo‘lda: PVD-PE B-DAY 100.000 kg") }
        let shop = try Screen(["warehouse", "--device", "scale-SHOP-01"], storage: floor.factory.storageArguments)
        try shop.signIn("shop.op", pin: "7707")
        try shop.wait { try shop.screen().contains("Jo‘natmani qabul qilish") }
        try load("scale-SHOP-01", 100_000)
        try shop.press("Enter")
        try shop.wait { try shop.screen().contains("B-DAY") }
        try shop.press("F2")
        try shop.wait { try shop.screen().contains("✔ Qabul qilindi: PVD-PE B-DAY 100.000 kg") }
        #expect(try db.read { try floor.services.stock.onHand($0, .shop, material: "PVD-PE", batch: "B-DAY") } == .kilograms(100))

        // The shop head starts a session on E1 and feeds the bag from SHOP on the SHOP scale.
        let head = try Screen(["shophead", "--lang", "en"], storage: floor.factory.storageArguments)
        try head.signIn("sexboshligi", pin: "2201")
        try head.wait { try head.screen().contains("▶ E1") && head.screen().contains("free — Enter starts a session") }
        try head.press("Enter")
        try head.wait { try head.screen().contains("New session on E1") }
        try head.press("Down")
        try head.press("Tab")
        try head.type("P-DAY-1")
        for key in ["Tab", "Tab", "Down"] { try head.press(key) }
        try head.wait { try head.screen().contains("op.aziz") }
        try head.press("Tab")
        try head.wait { try head.screen().contains("Operator not qualified: clear") }
        try head.press("Enter")
        try head.type("2201")
        try head.press("Enter")
        try head.wait { try head.screen().contains("● running") }
        let session = try #require(try one("SELECT id FROM sessions WHERE partiya_no = 'P-DAY-1' AND status = 'opened'")).string("id")
        try load("scale-SHOP-01", 100_000)
        try head.press("F2")
        try head.type("PVD-PE")
        try head.press("F11")
        try head.wait { try head.screen().contains("B-DAY") }
        try head.press("Enter")
        try head.wait { try head.screen().contains("100.000 kg fed into the session") }
        try head.press("Escape")

        // Two rolls packed at E1, each on the scale and the length counter, one key each.
        let packer = try Screen(["pack", "--device", "scale-E1-pack-01"], storage: floor.factory.storageArguments)
        try packer.signIn("op.aziz", pin: "1101")
        try packer.wait { try packer.screen().contains("P-DAY-1") }
        for (index, grams) in [Int64(30_000), 30_100].enumerated() {
            // The last roll lifted off, the counter reset, then the next roll settles.
            floor.factory.clock.set(Timestamp(Date()))
            try floor.factory.reading("len-E1-01", kg: 0)
            try load("scale-E1-pack-01", grams)
            try floor.factory.reading("len-E1-01", kg: 250_000)
            try packer.wait { try packer.screen().contains("barqaror") }
            try packer.press("F2")
            try packer.wait { try one("SELECT COUNT(*) AS n FROM packages WHERE session_id = ?", session)?.int("n") == Int64(index + 1) }
            Thread.sleep(forTimeInterval: 0.3)
        }
        let rolls = try db.read { db in
            try db.query("SELECT qr_code FROM packages WHERE session_id = ? ORDER BY qr_code", session).map { try $0.string("qr_code") }
        }

        // The technologist marks the lot degassed; OTK passes both rolls, each signed by the PIN.
        let technologist = try Screen(["technologist", "--lang", "en"], storage: floor.factory.storageArguments)
        try technologist.signIn("texnolog", pin: "5501")
        try technologist.wait { try technologist.screen().contains("Degassing done") }
        try technologist.type("P-DAY-1")
        try technologist.press("Enter")
        try technologist.type("5501")
        try technologist.press("Enter")
        try technologist.wait { try technologist.screen().contains("Degassing done: P-DAY-1 (2 package(s))") }
        let otk = try Screen(["otk"], storage: floor.factory.storageArguments)
        try otk.signIn("otk", pin: "3301")
        for roll in rolls {
            try otk.wait { try otk.screen().contains(roll) }
            try otk.scan(roll)
            try otk.wait { try otk.screen().contains("▶ \(roll)") }
            try otk.press("F5")
            try otk.type("3301")
            try otk.press("Enter")
            try otk.wait { try one("SELECT status FROM packages WHERE qr_code = ?", roll)?.string("status") == "qc_ok" }
        }

        // FG receives each roll by its label: one scan each.
        let fg = try Screen(["fg"], storage: floor.factory.storageArguments)
        try fg.signIn("fg.ombor", pin: "4403")
        try fg.wait { try fg.screen().contains("QR skanerlang") }
        for roll in rolls {
            try fg.scan(roll)
            try fg.wait { try fg.screen().contains("Qabul qilindi") && fg.screen().contains(roll) }
            // The first roll's banner may still show when the second is scanned: the roll's own
            // status says it was received.
            try fg.wait { try one("SELECT status FROM packages WHERE qr_code = ?", roll)?.string("status") == "fg_received" }
        }
        #expect(try one("SELECT COUNT(*) AS n FROM packages WHERE session_id = ? AND status = 'fg_received'", session)?.int("n") == 2)

        // E2E-02: the line's scrap, 39.9 kg net in a sealed container, weighed at the shop head's card.
        try head.wait { try head.screen().contains("Delta 39.900 kg") }
        try load("scale-E1-pack-01", 40_400)
        try head.press("F3")
        try head.type("0.5")
        try head.press("Tab")
        try head.type("S-DAY")
        try head.press("Enter")
        try head.wait { try head.screen().contains("Scrap 39.900 kg net recorded") }
        try head.press("Escape")
        try head.wait { try head.screen().contains("Delta 0.000 kg") }

        // The grinder takes the container in by its seal (linked FIFO to the session's scrap) and
        // weighs the VT out into MAIN.
        let grinder = try Screen(["rework", "--device", "scale-RW-IN-01"], storage: floor.factory.storageArguments)
        try grinder.signIn("drabilka", pin: "5505")
        try grinder.wait { try grinder.screen().contains("Ochiq buyurtma yo‘q") }
        try load("scale-RW-IN-01", 40_400)
        try grinder.scan("S-DAY")
        try grinder.type("0,5")
        try grinder.press("Enter")
        try grinder.wait { try grinder.screen().contains("✔ KIRISH S-DAY: 39.900 kg") }
        try load("scale-RW-OUT-01", 38_800)
        try grinder.press("F3")
        try grinder.press("Enter")
        try grinder.wait { try grinder.screen().contains("✔ CHIQISH 38.800 kg / KIRISH 39.900 kg") }
        let linked = try one("SELECT SUM(qty_g) AS g FROM scrap_links WHERE session_id = ? AND rework_io_id IS NOT NULL", session)
        #expect(try linked?.int("g") == 39_900, "the IN weight is linked FIFO to the session's scrap")
        #expect(try one("SELECT SUM(qty_g) AS g FROM vt_batches")?.int("g") == 38_800, "the VT is in MAIN")

        // The session closes on its balance, within its limit.
        try head.wait { try head.screen().contains("Delta 0.000 kg") }
        try head.press("F7")
        try head.type("2201")
        try head.press("Enter")
        try head.wait { try head.screen().contains("✔ Session closed") }
        let closed = try db.read { db in try floor.services.balance.preview(db, by: floor.shopHead, session: try #require(Session.ID(session))) }
        #expect(try one("SELECT status FROM sessions WHERE id = ?", session)?.string("status") == "closed")
        #expect(closed.balance.input == .kilograms(100) && closed.balance.good == Grams(60_100) && closed.balance.reworkInLinked == Grams(39_900))
        #expect(closed.balance.delta == .zero)
        #expect(try db.read { try floor.services.stock.onHand($0, .main, material: "PVD-PE", batch: "B-DAY") } == .kilograms(300))
        // Every weight of the day was bound to a reading (RS-first): nothing was typed.
        #expect(try one("SELECT COUNT(*) AS n FROM packages WHERE NOT weight_trusted_bool")?.int("n") == 0)
        let unbound = try db.read { db in
            // An FG receipt carries the roll's packing weight, bound when it was packed.
            try db.query("SELECT type FROM stock_txn WHERE scale_event_id IS NULL AND type <> 'FG_RECEIVE' ORDER BY type").map { try $0.string("type") }
        }
        #expect(unbound.isEmpty, "stock moved without a reading: \(unbound)")
        #expect(try one("SELECT COUNT(*) AS n FROM approvals")?.int("n") == 0, "nothing needed a supervisor's exception")
        #expect(try floor.factory.audit.verify(db).isIntact)
        let keys = [("MAIN", main), ("SHOP", shop), ("shop head", head), ("packer", packer), ("technologist", technologist), ("OTK", otk),
                    ("FG", fg), ("grinder", grinder)].map { "\($0.0) \($0.1.keystrokes)" }
        print("measured: keys of the plant day per screen on \(backend.rawValue), sign-ins included: \(keys.joined(separator: ", "))")
    }
}
