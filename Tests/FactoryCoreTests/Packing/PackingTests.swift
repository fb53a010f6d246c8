import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// M5 packing (spec §6.5, §19.2) and the §9.4 "manual weight → excluded + approval required".
@Suite struct PackingTests {
    @Test(arguments: TestBackends.all)
    func aRollIsPackedWithItsScaleWeightCounterLengthAndTheDaysQR(backend: Backend) throws {
        let floor = try Floor(backend)
        let aziz = try floor.uatUser("op.aziz")
        let session = try floor.start("E1", operators: ["op.aziz"])
        let package = try floor.pack(session, grams: 30_400, by: aziz)
        #expect(package.qrCode == "FG-2026-11-25-000001")
        #expect(package.weight == Grams(30_400))
        #expect(package.weightTrusted)
        #expect(package.length == .metres(250))
        #expect(package.lengthMode == .auto)
        #expect(package.toleranceStatus == .ok)
        #expect(package.status == .awaitingQC)
        #expect(package.degazStatus == .pending, "POL-10 needs degassing")
        let second = try floor.pack(session, grams: 29_800, by: aziz)
        #expect(second.qrCode == "FG-2026-11-25-000002")
        // The package answered is made from the values written: it is the row stored.
        #expect(try floor.factory.db.read { try Package.load($0, package.id) } == package)
    }

    /// Every roll is packed on the one writer, so a round trip more per package is a round trip
    /// more for each of twenty stations pressing at once.
    @Test(arguments: TestBackends.all)
    func packingARollCostsPostgreSQLTwoExchanges(backend: Backend) throws {
        let floor = try Floor(backend)
        let aziz = try floor.uatUser("op.aziz")
        let session = try floor.start("E1", operators: ["op.aziz"])
        _ = try floor.pack(session, grams: 30_400, by: aziz)
        try floor.weigh("scale-E1-pack-01", 30_100)
        try floor.weigh("len-E1-01", 250_000)
        let (package, exchanges) = try floor.factory.db.write { db in
            let before = db.exchanges
            let package = try floor.services.packages.create(db, by: aziz, .init(session: session.id, scale: "scale-E1-pack-01",
                                                                                  length: .counter(device: "len-E1-01")))
            return (package, db.exchanges - before)
        }
        #expect(package.weight == Grams(30_100))
        #expect(package.qrCode == "FG-2026-11-25-000002")
        // The session, devices, QR number and readings in one; the marks and the row in the other.
        #expect(exchanges == (backend == .postgres ? 2 : 0))
    }

    @Test(arguments: TestBackends.all)
    func aToleranceBreachGoesToReview(backend: Backend) throws {
        let floor = try Floor(backend)
        let aziz = try floor.uatUser("op.aziz")
        let session = try floor.start("E1", operators: ["op.aziz"])
        let package = try floor.pack(session, grams: 30_601, by: aziz)
        #expect(package.toleranceStatus == .review)
        #expect(package.status == .review)
    }

    @Test(arguments: TestBackends.all)
    func withoutAReadingTheOperatorMayTypeTheWeightForApproval(backend: Backend) throws {
        let floor = try Floor(backend)
        let aziz = try floor.uatUser("op.aziz")
        let session = try floor.start("E1", operators: ["op.aziz"])
        try floor.weigh("len-E1-01", 250_000)
        #expect {
            try floor.services.perform { db in
                try floor.services.packages.create(db, by: aziz, .init(session: session.id, scale: "scale-E1-pack-01", length: .counter(device: "len-E1-01")))
            }
        } throws: { ($0 as? FactoryError)?.reason == "rs_not_found_in_window" }
        #expect(try floor.factory.count("packages") == 0)
        let qrUsed = try floor.factory.db.read { try $0.queryOne("SELECT COUNT(*) AS n FROM qr_sequences")?.int("n") }
        #expect(qrUsed == 0, "a refused package does not use up a QR number")

        let manual = try floor.services.perform { db in
            try floor.services.packages.create(db, by: aziz, .init(session: session.id, scale: "scale-E1-pack-01", length: .counter(device: "len-E1-01"),
                                                                   typedWeight: .init(Grams(30_000), reason: "pack scale gateway offline")))
        }
        #expect(manual.status == .draftManual)
        #expect(!manual.weightTrusted)
        #expect(manual.length == .metres(250) && manual.lengthMode == .auto, "the counter measured the length as usual")
        let pending = try floor.factory.db.read { try floor.services.approvals.pending($0, type: .manualWeight) }
        #expect(pending.map(\.objectID) == [manual.id.text])

        // RS first: once the scale has a stable reading to bind, a typed weight is refused.
        try floor.weigh("scale-E1-pack-01", 30_000)
        try floor.weigh("len-E1-01", 250_000)
        #expect {
            try floor.services.perform { db in
                try floor.services.packages.create(db, by: aziz, .init(session: session.id, scale: "scale-E1-pack-01", length: .counter(device: "len-E1-01"),
                                                                       typedWeight: .init(Grams(31_000), reason: "I know better")))
            }
        } throws: { ($0 as? FactoryError)?.reason == "rs_reading_available" }
        #expect(try floor.factory.count("packages") == 1)
        #expect(try floor.pack(session, grams: 30_000, by: aziz).weightTrusted, "the reading the typed weight could not skip still binds")
    }

    /// B10: a typed length is compared with the counter's when the counter measured the roll.
    @Test(arguments: TestBackends.all)
    func aTypedLengthFarFromTheCounterIsRefused(backend: Backend) throws {
        let floor = try Floor(backend)
        let aziz = try floor.uatUser("op.aziz")
        let session = try floor.start("E1", operators: ["op.aziz"])
        func pack(typed metres: Int64) throws -> Package {
            try floor.weigh("scale-E1-pack-01", 30_000)
            try floor.weigh("len-E1-01", 250_000)
            return try floor.services.perform { db in
                try floor.services.packages.create(db, by: aziz, .init(session: session.id, scale: "scale-E1-pack-01",
                                                                       length: .manual(.metres(metres), reason: "counter slipped", counter: "len-E1-01")))
            }
        }
        #expect {
            try pack(typed: 300)
        } throws: { error in
            let e = error as? FactoryError
            return e?.reason == "length_tolerance_exceeded" && e?.details["counted_m"] == "250.000" && e?.details["tolerance_pct"] == "1.000"
        }
        #expect(try floor.factory.count("packages") == 0)
        let close = try pack(typed: 252)
        #expect(close.length == .metres(252) && close.lengthMode == .manual && close.status == .draftManual)
    }

    @Test(arguments: TestBackends.all)
    func aTypedLengthNeedsApproval(backend: Backend) throws {
        let floor = try Floor(backend)
        let aziz = try floor.uatUser("op.aziz")
        let session = try floor.start("E1", operators: ["op.aziz"])
        try floor.weigh("scale-E1-pack-01", 30_000)
        let package = try floor.services.perform { db in
            try floor.services.packages.create(db, by: aziz, .init(session: session.id, scale: "scale-E1-pack-01",
                                                                   length: .manual(.metres(250), reason: "counter reset mid-roll")))
        }
        #expect(package.status == .draftManual)
        #expect(package.weightTrusted)
        #expect(package.lengthTrusted == false)
        #expect(try floor.factory.db.read { try floor.services.approvals.pending($0, type: .manualLength) }.count == 1)
    }

    @Test(arguments: TestBackends.all)
    func onlyTheSessionsCrewPacksAndOnlyOnItsLine(backend: Backend) throws {
        let floor = try Floor(backend)
        let dilshod = try floor.uatUser("op.dilshod")
        let otk = try floor.factory.actor(.otk)
        let session = try floor.start("E1", operators: ["op.aziz"])
        for actor in [dilshod, otk] {
            #expect {
                try floor.pack(session, grams: 30_000, by: actor)
            } throws: { ($0 as? FactoryError)?.code == .forbidden }
        }
        let aziz = try floor.uatUser("op.aziz")
        try floor.weigh("scale-SHOP-01", 30_000)
        #expect {
            try floor.services.perform { db in
                try floor.services.packages.create(db, by: aziz, .init(session: session.id, scale: "scale-SHOP-01", length: .manual(.metres(250), reason: "x")))
            }
        } throws: { ($0 as? FactoryError)?.reason == "wrong_workcenter" }
    }

    @Test(arguments: TestBackends.all)
    func anSKUWithoutAConversionGoesOnHold(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.factory.db.write { try $0.execute("UPDATE skus SET width_um = NULL WHERE code = 'POL-10'") }
        let aziz = try floor.uatUser("op.aziz")
        let session = try floor.start("E1", operators: ["op.aziz"])
        let package = try floor.pack(session, grams: 30_000, by: aziz)
        #expect(package.status == .onHold)
        let hold = try floor.factory.db.read { try #require(try $0.queryOne("SELECT reason_code, qr_code FROM on_hold")) }
        #expect(try hold.string("reason_code") == "no_conversion")
        #expect(try hold.string("qr_code") == package.qrCode)
        #expect(try floor.factory.db.read { try Package.load($0, package.id) } == package)
    }

    @Test(arguments: TestBackends.all)
    func twentyPackersAtOnceGetTwentyDistinctQRCodes(backend: Backend) async throws {
        let floor = try Floor(backend)
        let aziz = try floor.uatUser("op.aziz")
        let session = try floor.start("E1", operators: ["op.aziz"])
        let codes = try await withThrowingTaskGroup(of: String.self) { group in
            for n in 0..<20 {
                group.addTask {
                    try floor.services.perform { db in
                        try floor.services.packages.create(db, by: aziz, .init(
                            session: session.id, scale: "scale-E1-pack-01", length: .manual(.metres(250), reason: "load test"),
                            typedWeight: .init(Grams(30_000 + Int64(n)), reason: "load test")))
                    }.qrCode
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(codes).count == 20)
        #expect(Set(codes) == Set((1...20).map { QRCode(day: "2026-11-25", number: $0).text }))
        let total = try floor.factory.db.read { try $0.queryOne("SELECT SUM(weight_g) AS w FROM packages WHERE session_id = ?", session.id)?.int("w") }
        #expect(total == Int64(20 * 30_000 + (0..<20).reduce(0, +)))
        #expect(try floor.factory.audit.verify(floor.factory.db).isIntact)
    }
}

/// Issue's concurrency case through the real path: 20 packing stations, each with its own
/// scale and counter reading, create packages in one session at the same moment.
@Suite struct ConcurrentPackingTests {
    static let stations = 1...20

    static var devicesCSV: String {
        "device_id,workcenter_code,type,serial,calibration_due_at,location\n" + stations.map { n in
            "scale-E1-st\(n),E1,scale,YP-ST-\(n),2030-12-31,SHOP\nlen-E1-st\(n),E1,length_counter,LC-ST-\(n),2030-12-31,SHOP"
        }.joined(separator: "\n") + "\n"
    }

    @Test(arguments: TestBackends.all)
    func twentyStationsPackingFromTheirScalesAtOnceGetDistinctQRCodesAndABalancedSession(backend: Backend) async throws {
        let floor = try Floor(backend)
        _ = try floor.services.masterData.importTexts([("devices.csv", Self.devicesCSV)], into: floor.factory.db, by: TestFactory.console)
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 700_000)
        let aziz = try floor.uatUser("op.aziz")
        let session = try floor.start("E1", operators: ["op.aziz"])
        _ = try floor.feed(session, "PVD-PE", batch: "B-1", grams: 650_000)
        for n in Self.stations {
            try floor.factory.reading("scale-E1-st\(n)", kg: 30_000 + Int64(n))
            try floor.factory.reading("len-E1-st\(n)", kg: 250_000)
        }
        let packages = try await withThrowingTaskGroup(of: Package.self) { group in
            for n in Self.stations {
                group.addTask {
                    try floor.services.perform { db in
                        try floor.services.packages.create(db, by: aziz, .init(session: session.id, scale: "scale-E1-st\(n)",
                                                                                length: .counter(device: "len-E1-st\(n)")))
                    }
                }
            }
            return try await group.reduce(into: [Package]()) { $0.append($1) }
        }
        #expect(Set(packages.map(\.qrCode)) == Set((1...20).map { QRCode(day: "2026-11-25", number: $0).text }))
        #expect(Set(packages.map(\.weight)) == Set(Self.stations.map { Grams(30_000 + Int64($0)) }), "each took its own station's reading")
        #expect(packages.allSatisfy { $0.weightTrusted && $0.status == .awaitingQC })
        let bound = try floor.factory.db.read {
            try $0.queryOne("SELECT COUNT(*) AS n FROM scale_events WHERE bind_ref IS NOT NULL AND device_id IN (SELECT id FROM devices WHERE code LIKE '%-st%')")?.int("n")
        }
        #expect(bound == 40, "every scale and counter reading bound exactly once")

        _ = try floor.services.perform { try floor.services.finishedGoods.setDegassingDone($0, by: floor.shopHead, lot: session.partiyaNo) }
        let otk = try floor.inspector()
        for package in packages { _ = try floor.decide(package, .ok, by: otk) }
        let preview = try floor.factory.db.read { try floor.services.balance.preview($0, by: floor.shopHead, session: session.id) }
        let packed = Grams(Self.stations.reduce(Int64(0)) { $0 + 30_000 + Int64($1) })
        #expect(preview.balance.input == .kilograms(650))
        #expect(preview.balance.good == packed)
        #expect(preview.balance.delta == .kilograms(650) - packed)
        #expect(preview.pendingPackages == 0)
        #expect(try floor.factory.audit.verify(floor.factory.db).isIntact)
    }

    /// The write lane writes a burst of presses as one group commit. Each roll's marks and row
    /// travel with the next roll's first statements, so twenty rolls cost PostgreSQL one round
    /// trip each and one more for the last, instead of two each.
    @Test(arguments: TestBackends.all)
    func twentyPressesInOneGroupCommitCostPostgreSQLARoundTripEach(backend: Backend) throws {
        let floor = try Floor(backend)
        _ = try floor.services.masterData.importTexts([("devices.csv", Self.devicesCSV)], into: floor.factory.db, by: TestFactory.console)
        let aziz = try floor.uatUser("op.aziz")
        let session = try floor.start("E1", operators: ["op.aziz"])
        let clock = floor.factory.clock
        // As on the floor, every device's last load is in the window: a millisecond between readings.
        func show(_ device: String, _ grams: Int64, stable: Bool = true) throws {
            clock.set(Timestamp(microsecondsSinceEpoch: clock.now().microsecondsSinceEpoch + 1_000))
            try floor.factory.reading(device, kg: grams, stable: stable)
        }
        // Each press notes the writer's round trips so far when it starts and once it is answered.
        final class Press: @unchecked Sendable {
            var sent: Later<Package>?
            var package: Package?
            var exchangesAtStart = 0
            var exchangesAnswered = 0
        }
        func pressAll() -> (members: [GroupMember], presses: [Press]) {
            let presses = Self.stations.map { _ in Press() }
            let members = zip(Self.stations, presses).map { n, press in
                var connection: (any SQLConnection)?
                return GroupMember({ db in
                    connection = db
                    press.exchangesAtStart = db.exchanges
                    press.sent = try floor.services.packages.send(db, by: aziz, .init(session: session.id, scale: "scale-E1-st\(n)",
                                                                                       length: .counter(device: "len-E1-st\(n)")))
                }, answered: {
                    press.package = try press.sent!.get()
                    press.exchangesAnswered = connection!.exchanges
                })
            }
            return (members, presses)
        }
        for n in Self.stations {
            try show("scale-E1-st\(n)", 29_000)
            try show("len-E1-st\(n)", 250_000)
        }
        // The first round also prepares the statements on the writer's connection.
        #expect(floor.services.performEach(pressAll().members).allSatisfy { $0 == nil })
        for n in Self.stations {
            for device in ["scale-E1-st\(n)", "len-E1-st\(n)"] { try show(device, 0, stable: false) }
            try show("scale-E1-st\(n)", 30_000 + Int64(n))
            try show("len-E1-st\(n)", 250_000)
        }
        let (members, presses) = pressAll()
        #expect(floor.services.performEach(members).allSatisfy { $0 == nil })
        let packages = presses.compactMap(\.package)
        #expect(packages.map(\.qrCode) == (21...40).map { QRCode(day: "2026-11-25", number: $0).text })
        #expect(packages.map(\.weight) == Self.stations.map { Grams(30_000 + Int64($0)) })
        // From the first press's first statement to the last press's answer.
        #expect(presses[presses.count - 1].exchangesAnswered - presses[0].exchangesAtStart == (backend == .postgres ? 21 : 0))
        #expect(try floor.factory.audit.verify(floor.factory.db).isIntact)
    }
}
