import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

/// The kiosks in a real terminal: tmux runs `factory kiosk`, keys are sent as a person and a
/// scanner send them (a scan is one fast burst plus Enter), and the result is read from the
/// screen and from the database.
@Suite(.serialized) struct KioskTerminalTests {
    /// A tmux session running one kiosk on a test database.
    final class Session {
        let name = "kiosk-\(UUID().uuidString.prefix(8))"
        private(set) var keystrokes = 0

        /// `program` is the kiosk command line's start (`factory kiosk`, or an installed
        /// `factory-kiosk`); without `resourcesGiven` the kiosk finds its words and keys itself.
        init(_ arguments: [String], storage: [String], program: [String] = [FactoryProcess.executable.path, "kiosk"],
             resourcesGiven: Bool = true, workingDirectory: String = FileManager.default.currentDirectoryPath, ready: String = "PIN",
             environment: [String] = []) throws {
            let root = FactoryProcess.repositoryRoot.path
            let resources = resourcesGiven ? ["--locales", "\(root)/locales", "--keymap", "\(root)/keymaps/default.keymap"] : []
            let command = (program + arguments + resources + storage).map { "'\($0)'" }.joined(separator: " ")
            let variables = "env LANG=C.UTF-8 TERM=xterm-256color SERVER_SECRET=\(String(repeating: "s", count: 32)) QC_SECRET=\(String(repeating: "q", count: 32))"
                + environment.map { " \($0)" }.joined()
            try tmux(["new-session", "-d", "-s", name, "-x", "100", "-y", "30", "cd '\(workingDirectory)' && \(variables) \(command); sleep 60"])
            try wait { try self.screen().contains(ready) }
        }

        deinit { _ = try? tmux(["kill-session", "-t", name]) }

        /// The binary the kiosk runs in: the pane's shell started `factory kiosk`, which hands over.
        func program() throws -> String {
            let shell = try tmux(["list-panes", "-t", name, "-F", "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8).split(separator: " ")
            let kiosk = try #require(children.first.map(String.init))
            return URL(fileURLWithPath: try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(kiosk)/exe")).lastPathComponent
        }

        /// A scanner: the whole code and Enter in one burst.
        func scan(_ code: String) throws {
            try tmux(["send-keys", "-t", name, "-l", code])
            try tmux(["send-keys", "-t", name, "Enter"])
            keystrokes += 1
        }

        /// A person: one key at a time.
        func type(_ text: String) throws {
            for character in text {
                try tmux(["send-keys", "-t", name, "-l", String(character)])
                Thread.sleep(forTimeInterval: 0.08)
                keystrokes += 1
            }
        }

        /// A badge scanned, the PIN typed, Enter.
        func signIn(_ badge: String, pin: String) throws {
            try scan(badge)
            try type(pin)
            try press("Enter")
        }

        /// A person's press: the same key twice is never quicker than the kiosk's debounce
        /// (250 ms), which would rightly take it for one press.
        func press(_ key: String) throws {
            if let last = lastPress[key], Date().timeIntervalSince(last) < 0.3 {
                Thread.sleep(forTimeInterval: 0.3 - Date().timeIntervalSince(last))
            }
            try tmux(["send-keys", "-t", name, key])
            lastPress[key] = Date()
            keystrokes += 1
        }

        private var lastPress: [String: Date] = [:]

        func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

        func wait(seconds: Double = 5, _ condition: () throws -> Bool) throws {
            for _ in 0..<Int(seconds * 20) {
                if try condition() { return }
                Thread.sleep(forTimeInterval: 0.05)
            }
            Issue.record("the screen never showed what was expected:\n\(try screen())")
        }

        /// Runs tmux on a socket of the tests' own, through bash (dash cannot name descriptors
        /// above 9), which first closes every descriptor above stderr: the first command starts the tmux server, which keeps what it
        /// inherits, and Foundation's `Process` waits for its child through a socket the child
        /// holds, so an inherited one would make the wait endless.
        @discardableResult
        func tmux(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/bash")
            process.arguments = ["-c", #"for fd in /proc/$$/fd/*; do n=${fd##*/}; [ "$n" -gt 2 ] && eval "exec $n>&-"; done 2>/dev/null; exec tmux -u -L factory-kiosk-tests "$@""#, "bash"] + arguments
            let reads = ["capture-pane", "list-panes"].contains(arguments.first)
            let output = Pipe()
            process.standardOutput = reads ? output : FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let data = reads ? output.fileHandleForReading.readDataToEndOfFile() : Data()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
    }

    @Test func fgReceiveIsOneScanAndNothingElse() throws {
        let floor = try Floor(.sqlite)
        let roll = try floor.qcPassedRoll()
        try floor.givePIN("fg.ombor", "4403")
        let kiosk = try Session(["fg"], storage: floor.factory.storageArguments)
        try kiosk.signIn("fg.ombor", pin: "4403")
        try kiosk.wait { try kiosk.screen().contains("QR skanerlang") }

        let before = kiosk.keystrokes
        try kiosk.scan(roll.qrCode)
        try kiosk.wait { try kiosk.screen().contains("Qabul qilindi") }
        #expect(kiosk.keystrokes - before == 1, "FG receive = 1 scan")
        #expect(try kiosk.program() == "factory-kiosk", "`factory kiosk` hands over to the kiosk binary without the server")
        let status = try floor.factory.db.read { try Package.load($0, roll.id).status }
        #expect(status == .fgReceived)

        // The same roll scanned again at once: already received, in the colour of information,
        // and nothing held.
        try kiosk.scan(roll.qrCode)
        try kiosk.wait { try kiosk.screen().contains("Allaqachon qabul qilingan: \(roll.qrCode)") }
        #expect(try floor.factory.count("on_hold") == 0)

        // The warehouse list: the roll with its lot and production day.
        let lot = try floor.factory.db.read { try FactoryCore.Session.load($0, roll.sessionID).partiyaNo }
        try kiosk.press("F11")
        try kiosk.wait { try kiosk.screen().contains("TM omborida") }
        let screen = try kiosk.screen()
        let line = screen.split(separator: "\n").first { $0.contains(roll.qrCode) && $0.contains(lot) }
        #expect(line?.contains("30.000 kg") == true, "\(screen)")
    }

    /// An installed kiosk (`/usr/local/bin/factory-kiosk` with `/usr/local/share/isocom-factory`)
    /// started from any directory finds its words and keys.
    @Test func anInstalledKioskStartedFromAnywhereOpens() throws {
        let floor = try Floor(.sqlite)
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("factory-install-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let share = prefix.appendingPathComponent("share/isocom-factory")
        try FileManager.default.createDirectory(at: prefix.appendingPathComponent("bin"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: share, withIntermediateDirectories: true)
        let installed = prefix.appendingPathComponent("bin/factory-kiosk")
        try FileManager.default.copyItem(at: FactoryProcess.executable.deletingLastPathComponent().appendingPathComponent("factory-kiosk"), to: installed)
        for folder in ["locales", "keymaps"] {
            try FileManager.default.copyItem(at: FactoryProcess.repositoryRoot.appendingPathComponent(folder), to: share.appendingPathComponent(folder))
        }
        let kiosk = try Session(["fg", "--lang", "ru"], storage: floor.factory.storageArguments, program: [installed.path], resourcesGiven: false,
                                workingDirectory: "/")
        try kiosk.wait { try kiosk.screen().contains("Вход") }
    }

    @Test func aPersonWithoutTheRightIsNotLetIn() throws {
        let floor = try Floor(.sqlite)
        try floor.givePIN("op.aziz", "1101")
        let kiosk = try Session(["fg", "--lang", "en"], storage: floor.factory.storageArguments)
        try kiosk.signIn("op.aziz", pin: "1101")
        try kiosk.wait { try kiosk.screen().contains("This kiosk is not for your role") }
        try kiosk.type("9999")
        try kiosk.press("Enter")
        try kiosk.wait { try kiosk.screen().contains("Wrong name or PIN") }
    }

    @Test func aRunOfWrongPINsLocksTheKioskSignInAndEveryAttemptIsAudited() throws {
        let floor = try Floor(.sqlite)
        try floor.givePIN("fg.ombor", "4403")
        let kiosk = try Session(["fg", "--lang", "en"], storage: floor.factory.storageArguments)
        func refusals() throws -> Int64 {
            try floor.factory.db.read { try $0.queryOne("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'auth.sign_in_refused'")?.int("n") ?? 0 }
        }
        try kiosk.signIn("fg.ombor", pin: "9999")
        try kiosk.wait { try refusals() == 1 }
        // The answer is drawn once the kiosk has it, a moment after its audit row is written.
        try kiosk.wait { try kiosk.screen().contains("Wrong name or PIN") }
        for n in 2...5 {
            try kiosk.type("9999")
            try kiosk.press("Enter")
            try kiosk.wait { try refusals() == n }
        }
        try kiosk.wait { try kiosk.screen().contains("sign-in locked for 15 min") }
        // The right PIN is refused too while the lock lasts.
        try kiosk.type("4403")
        try kiosk.press("Enter")
        try kiosk.wait { try refusals() == 6 }
        #expect(!(try kiosk.screen().contains("Scan QR")), "still on the sign-in screen")
        let rows = try floor.factory.db.read { db in
            try db.query("SELECT action, old_new_diff_json FROM audit_log WHERE action LIKE 'auth.%' ORDER BY seq").map {
                (try $0.string("action"), try $0.string("old_new_diff_json"))
            }
        }
        #expect(rows.map(\.0).filter { $0 == "auth.locked" }.count == 1)
        #expect(rows.allSatisfy { $0.1.contains("kiosk:fg") })
    }

    @Test(arguments: TestBackends.all)
    func packingIsOneKeyWhenTheWeightIsStableAndInTolerance(backend: Backend) throws {
        let floor = try Floor(backend)
        // The kiosk judges readings on the wall clock: the test's clock follows it here.
        floor.factory.clock.set(Timestamp(Date()))
        let session = try floor.start("E1", operators: ["op.aziz"])
        try floor.givePIN("op.aziz", "1101")
        let labels = NSTemporaryDirectory() + "labels-\(UUID().uuidString).zpl"
        defer { try? FileManager.default.removeItem(atPath: labels) }
        let kiosk = try Session(["pack", "--device", "scale-E1-pack-01", "--printer", "file:\(labels)"], storage: floor.factory.storageArguments)
        try kiosk.signIn("op.aziz", pin: "1101")
        try kiosk.wait { try kiosk.screen().contains("P-E1-1") }

        // A 30.2 kg roll of 250 m settles on the scale; its big digits appear.
        floor.factory.clock.set(Timestamp(Date()))
        try floor.factory.reading("len-E1-01", kg: 250_000)
        let stored = ContinuousClock.now
        try floor.factory.reading("scale-E1-pack-01", kg: 30_200)
        try kiosk.wait { try kiosk.screen().contains("barqaror") }
        // Not a pass/fail: the figure goes to the kiosks' measurements (the screen is read
        // through tmux every 50 ms, so this is an upper bound).
        print("measured: scale reading to screen on \(backend.rawValue): \(ContinuousClock.now - stored)")
        let before = kiosk.keystrokes
        try kiosk.press("F2")
        try kiosk.wait { try kiosk.screen().contains("Qadoqlandi: FG-") }
        #expect(kiosk.keystrokes - before == 1, "pack a package = 1 key")
        let packed = try floor.factory.db.read {
            try $0.queryOne("SELECT weight_g, status FROM packages WHERE session_id = ?", session.id)
        }
        #expect(try packed?.int("weight_g") == 30_200)
        #expect(packed?.optionalString("status") == "awaiting_qc")
        let qr = try floor.factory.db.read { try $0.queryOne("SELECT qr_code FROM packages WHERE session_id = ?", session.id)?.string("qr_code") }
        let label = try String(contentsOfFile: labels, encoding: .utf8)
        #expect(label.contains("^FDMA,\(try #require(qr))^FS"), "the label went to the printer with the package's QR")

        // The counter slips: the length switched to Manual, the metres and the reason typed.
        try kiosk.press("F3")
        try kiosk.wait { try kiosk.screen().contains("Uzunlik: qo‘lda") }
        try kiosk.type("249,5")
        try kiosk.press("Enter")
        try kiosk.type("counter slips")
        // The first roll is lifted off (the scale reads empty), the next is put on.
        floor.factory.clock.set(Timestamp(Date()))
        try floor.factory.reading("scale-E1-pack-01", kg: 0)
        try floor.factory.reading("len-E1-01", kg: 0)
        Thread.sleep(forTimeInterval: 0.05)
        floor.factory.clock.set(Timestamp(Date()))
        try floor.factory.reading("len-E1-01", kg: 249_800)
        try floor.factory.reading("scale-E1-pack-01", kg: 30_100)
        try kiosk.press("F2")
        try kiosk.wait { try kiosk.screen().contains("30.100 kg  249.500 m") }
        let typed = try floor.factory.db.read {
            try $0.queryOne("SELECT length_um, length_mode FROM packages WHERE session_id = ? AND weight_g = 30100", session.id)
        }
        #expect(try typed?.int("length_um") == 249_500_000)
        #expect(typed?.optionalString("length_mode") == "manual")
    }

    @Test func qcOKIsOneKeyThePinAndEnter() throws {
        let floor = try Floor(.sqlite)
        let session = try floor.start("E1", operators: ["op.aziz"])
        let roll = try floor.pack(session, grams: 30_000, by: try floor.uatUser("op.aziz"))
        try floor.degassed(roll)
        try floor.givePIN("otk", "3301")
        let kiosk = try Session(["otk"], storage: floor.factory.storageArguments)
        try kiosk.signIn("otk", pin: "3301")
        try kiosk.wait { try kiosk.screen().contains(roll.qrCode) }
        let before = kiosk.keystrokes
        try kiosk.press("F5")
        try kiosk.type("3301")
        try kiosk.press("Enter")
        try kiosk.wait { try kiosk.screen().contains("e-muhr") }
        #expect(kiosk.keystrokes - before == 6, "QC OK = 1 key + the 4-digit PIN + Enter")
        let decided = try floor.factory.db.read { try Package.load($0, roll.id) }
        #expect(decided.status == .qcOK)
        #expect(try floor.factory.db.read { try floor.services.qc.verify($0, package: roll.id) }, "the e-seal verifies")
    }

    /// The grinder signs out with an order open; whoever signs in at the line next sees it and
    /// weighs its VT out, nothing re-scanned.
    @Test func anOpenGrinderOrderIsResumedAfterSignOut() throws {
        let floor = try Floor(.sqlite)
        try floor.givePIN("drabilka", "5505")
        let kiosk = try Session(["rework", "--device", "scale-RW-IN-01"], storage: floor.factory.storageArguments)
        try kiosk.signIn("drabilka", pin: "5505")
        try kiosk.wait { try kiosk.screen().contains("Ochiq buyurtma yo‘q") }
        floor.factory.clock.set(Timestamp(Date()).adding(seconds: -6))
        try floor.weigh("scale-RW-IN-01", 12_000)
        try kiosk.scan("S-77")
        try kiosk.type("0,5")
        try kiosk.press("Enter")
        try kiosk.wait { try kiosk.screen().contains("✔ KIRISH S-77: 11.500 kg") }

        try kiosk.press("F10")
        try kiosk.wait { try kiosk.screen().contains("PIN") }
        try kiosk.signIn("drabilka", pin: "5505")
        try kiosk.wait { try kiosk.screen().contains("KIRISH 11.500 kg · 1 idish") }
        #expect(try kiosk.screen().contains("S-77                     11.500 kg"), "the order's containers are listed again")
        floor.factory.clock.set(Timestamp(Date()).adding(seconds: -6))
        try floor.weigh("scale-RW-OUT-01", 11_000)
        try kiosk.press("F3")
        try kiosk.press("Enter")
        try kiosk.wait { try kiosk.screen().contains("CHIQISH 11.000 kg / KIRISH 11.500 kg") }
        #expect(try floor.factory.db.read { try $0.queryOne("SELECT status FROM rework_orders")?.string("status") } == "closed")
    }

    @Test func theGrinderTakesARejectedRollInAndWeighsVTOut() throws {
        let floor = try Floor(.sqlite)
        let session = try floor.start("E1", operators: ["op.aziz"])
        let roll = try floor.pack(session, grams: 30_000, by: try floor.uatUser("op.aziz"))
        try floor.degassed(roll)
        _ = try floor.decide(roll, .reject, by: try floor.inspector())
        try floor.givePIN("drabilka", "5505")
        let kiosk = try Session(["rework", "--device", "scale-RW-IN-01"], storage: floor.factory.storageArguments)
        try kiosk.signIn("drabilka", pin: "5505")
        try kiosk.wait { try kiosk.screen().contains("Ochiq buyurtma yo‘q") }

        // The kiosk binds on its own clock: the readings are from a few seconds ago.
        floor.factory.clock.set(Timestamp(Date()).adding(seconds: -6))
        try floor.weigh("scale-RW-IN-01", 30_000)
        var before = kiosk.keystrokes
        try kiosk.scan(roll.qrCode)
        try kiosk.type("0")
        try kiosk.press("Enter")
        try kiosk.wait { try kiosk.screen().contains("✔ KIRISH \(roll.qrCode): 30.000 kg") }
        #expect(kiosk.keystrokes - before == 3, "a container in = its scan, the tare, Enter")

        floor.factory.clock.set(Timestamp(Date()).adding(seconds: -6))
        try floor.weigh("scale-RW-OUT-01", 28_800)
        before = kiosk.keystrokes
        try kiosk.press("F3")
        try kiosk.press("Enter")
        try kiosk.wait { try kiosk.screen().contains("✔ CHIQISH 28.800 kg / KIRISH 30.000 kg") }
        #expect(kiosk.keystrokes - before == 2, "weigh OUT = one key and Enter for the usual VT SKU")
        let order = try floor.factory.db.read { try $0.queryOne("SELECT status, in_total_g, out_total_g, loss_mpct FROM rework_orders") }
        #expect(order?.optionalString("status") == "closed")
        #expect(try order?.int("loss_mpct") == 4_000)
        #expect(try floor.factory.db.read { try Package.load($0, roll.id).status } == .reworked)
        let vt = try floor.factory.db.read { try $0.queryOne("SELECT SUM(qty_g) AS qty FROM vt_batches")?.int("qty") }
        #expect(vt == 28_800, "the VT is in MAIN")
    }

    /// B17 at the SHOP scale: 25 kg sent, 22 kg on the scale. The kiosk books nothing until
    /// the storekeeper accepts the difference with Enter; then the shop head has an alert.
    @Test func aShipmentFarFromWhatWasSentIsConfirmedAndTheShopHeadIsTold() throws {
        let floor = try Floor(.sqlite)
        floor.factory.clock.set(Timestamp(Date()).adding(seconds: -60))
        try floor.weigh("scale-MAIN-01", 400_000)
        _ = try floor.services.perform { db in
            try floor.services.stock.receiveIntoMain(db, by: floor.storekeeper, .init(material: "PVD-PE", batchNo: "B-001", device: "scale-MAIN-01"))
        }
        try floor.weigh("scale-MAIN-01", 25_000)
        _ = try floor.services.perform { db in
            try floor.services.stock.ship(db, by: floor.storekeeper, direction: .mainToShop,
                                          lines: [.init(material: "PVD-PE", batchNo: "B-001", device: "scale-MAIN-01")])
        }
        try floor.givePIN("shop.op", "7707")
        let shop = try Session(["warehouse", "--device", "scale-SHOP-01"], storage: floor.factory.storageArguments)
        try shop.signIn("shop.op", pin: "7707")
        try shop.wait { try shop.screen().contains("Jo‘natmani qabul qilish") }
        floor.factory.clock.set(Timestamp(Date()).adding(seconds: -6))
        try floor.weigh("scale-SHOP-01", 22_000)
        try shop.press("Enter")
        try shop.wait { try shop.screen().contains("B-001") }
        try shop.press("F2")
        try shop.wait { try shop.screen().contains("Og‘irlik yuborilganidan farq qiladi: PVD-PE B-001") }
        let asking = try shop.screen()
        #expect(asking.contains("−3.000 kg (−12.0 %") && asking.contains("chegara 2 %"), "\(asking)")
        #expect(try floor.factory.db.read { try floor.services.stock.onHand($0, .shop, material: "PVD-PE", batch: "B-001") } == .zero,
                "nothing is booked before the storekeeper's word")
        try shop.press("Enter")
        try shop.wait { try shop.screen().contains("✔ Qabul qilindi: PVD-PE B-001 22.000 kg · yuborildi 25.000 kg") }
        #expect(try floor.factory.db.read { try floor.services.stock.onHand($0, .shop, material: "PVD-PE", batch: "B-001") } == Grams(22_000))
        let alert = try floor.factory.db.read { try $0.queryOne("SELECT metric_code, value_milli FROM alerts") }
        #expect(try alert?.string("metric_code") == "transfer_difference_pct")
        #expect(try alert?.int("value_milli") == 12_000)
        let accepted = try floor.factory.db.read {
            try $0.queryOne("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'stock.difference_accepted'")?.int("n")
        }
        #expect(accepted == 1)
    }

    @Test func twoLoadsShippedAtMainAsOneShipmentAreReceivedAtShop() throws {
        let floor = try Floor(.sqlite)
        floor.factory.clock.set(Timestamp(Date()).adding(seconds: -60))
        try floor.weigh("scale-MAIN-01", 400_000)
        try floor.services.perform { db in
            _ = try floor.services.stock.receiveIntoMain(db, by: floor.storekeeper, .init(material: "PVD-PE", batchNo: "B-OLD", device: "scale-MAIN-01"))
        }
        try floor.givePIN("main.ombor", "6606")
        try floor.givePIN("shop.op", "7707")
        let main = try Session(["warehouse", "--device", "scale-MAIN-01"], storage: floor.factory.storageArguments)
        try main.signIn("main.ombor", pin: "6606")
        try main.wait { try main.screen().contains("Jo‘natish MAIN → SHOP") }
        floor.factory.clock.set(Timestamp(Date()).adding(seconds: -6))
        try floor.weigh("scale-MAIN-01", 25_000)
        var before = main.keystrokes
        try main.press("Enter")
        try main.scan("PVD-PE")
        try main.wait { try main.screen().contains("B-OLD") }
        try main.press("F2")
        try main.wait { try main.screen().contains("✔ SHOPga yo‘lda: PVD-PE B-OLD 25.000 kg") }
        #expect(main.keystrokes - before == 3, "a line shipped = Enter, the material's scan, F2")
        // A second load onto the same shipment: lifted off, the next weighed.
        floor.factory.clock.set(Timestamp(Date()).adding(seconds: -7))
        try floor.weigh("scale-MAIN-01", 0)
        try floor.weigh("scale-MAIN-01", 10_000)
        before = main.keystrokes
        try main.scan("PVD-PE")
        try main.wait { try main.screen().contains("B-OLD") }
        try main.press("F2")
        try main.wait { try main.screen().contains("2 × · 35.000 kg") }
        #expect(main.keystrokes - before == 2, "the next line = the material's scan, F2")

        let shop = try Session(["warehouse", "--device", "scale-SHOP-01"], storage: floor.factory.storageArguments)
        try shop.signIn("shop.op", pin: "7707")
        try shop.wait { try shop.screen().contains("Jo‘natmani qabul qilish") }
        floor.factory.clock.set(Timestamp(Date()).adding(seconds: -6))
        try floor.weigh("scale-SHOP-01", 24_950)
        before = shop.keystrokes
        try shop.press("Enter")
        try shop.wait { try shop.screen().contains("B-OLD") }
        try shop.press("F2")
        try shop.wait { try shop.screen().contains("✔ Qabul qilindi: PVD-PE B-OLD 24.950 kg") }
        #expect(shop.keystrokes - before == 2, "a line received = Enter, F2")
        // The other load of the shipment, on the same scale once the first is lifted off.
        floor.factory.clock.set(Timestamp(Date()).adding(seconds: -7))
        try floor.weigh("scale-SHOP-01", 0)
        try floor.weigh("scale-SHOP-01", 9_990)
        try shop.press("F2")
        try shop.wait { try shop.screen().contains("✔ Qabul qilindi: PVD-PE B-OLD 9.990 kg") }
        let stock = try floor.factory.db.read { db in
            (try floor.services.stock.onHand(db, .main, material: "PVD-PE", batch: "B-OLD"), try floor.services.stock.onHand(db, .shop, material: "PVD-PE", batch: "B-OLD"))
        }
        #expect(stock.0 == Grams(365_000))
        #expect(stock.1 == Grams(34_940), "SHOP holds what its own scale weighed")
        #expect(try floor.factory.db.read { try $0.queryOne("SELECT status FROM stock_transfers")?.string("status") } == "completed",
                "one shipment, completed with its last line")

        // End of the shift: the batch is counted on the SHOP scale, 150 g short of the book.
        try shop.press("Escape")
        try shop.wait { try shop.screen().contains("Nima qilamiz?") }
        try shop.press("Down")
        try shop.press("Down")
        try shop.press("Enter")
        try shop.wait { try shop.screen().contains("Sanoq: SHOP partiyalari") }
        // The received load is lifted off first: these readings come after the one bound.
        floor.factory.clock.set(Timestamp(Date()).adding(seconds: -3))
        try floor.weigh("scale-SHOP-01", 34_790)
        try shop.press("F2")
        try shop.wait { try shop.screen().contains("✔ Sanaldi: PVD-PE B-OLD 34.790 kg · Δ -0.150 kg") }
        #expect(try floor.factory.db.read { try floor.services.stock.onHand($0, .shop, material: "PVD-PE", batch: "B-OLD") } == Grams(34_790),
                "the count levels SHOP stock to the scale")

        // E1 ran on some of it and used it all up: the line's row is counted as nothing left with one key.
        let session = try floor.start("E1", operators: ["op.aziz"])
        floor.factory.clock.set(Timestamp(Date()).adding(seconds: -2))
        _ = try floor.feed(session, "PVD-PE", batch: "B-OLD", grams: 4_800)
        try shop.press("Escape")
        try shop.wait { try shop.screen().contains("Nima qilamiz?") }
        try shop.press("Down")
        try shop.press("Down")
        try shop.press("Enter")
        try shop.wait { try shop.screen().contains("E1 · P-E1-1 PVD-PE") }
        try shop.press("Down")
        before = shop.keystrokes
        try shop.press("F12")
        try shop.wait { try shop.screen().contains("Hech narsa qolmadi: E1 · P-E1-1 · PVD-PE B-OLD") }
        try shop.press("Enter")
        try shop.wait { try shop.screen().contains("✔ Sanaldi: E1 · P-E1-1 · PVD-PE B-OLD 0.000 kg") }
        #expect(shop.keystrokes - before == 2, "nothing left at a line = F12 and Enter to confirm the write-off")
        let wip = try floor.factory.db.read {
            try $0.queryOne("SELECT qty_milli, scale_event_id FROM stock_txn WHERE type = 'SHOP_SNAPSHOT' AND session_id = ?", session.id)
        }
        #expect(try wip?.int("qty_milli") == 0 && wip?.optionalString("scale_event_id") == nil, "the session's WIP is 0 kg, without a reading")
    }

    @Test func aPartialDecisionSplitsTheRollWithTheWeightTyped() throws {
        let floor = try Floor(.sqlite)
        let session = try floor.start("E1", operators: ["op.aziz"])
        let roll = try floor.pack(session, grams: 30_000, by: try floor.uatUser("op.aziz"))
        try floor.degassed(roll)
        try floor.givePIN("otk", "3301")
        let labels = FileManager.default.temporaryDirectory.appendingPathComponent("otk-labels-\(UUID().uuidString).zpl").path
        defer { try? FileManager.default.removeItem(atPath: labels) }
        let kiosk = try Session(["otk", "--lang", "en", "--printer", "file:\(labels)"], storage: floor.factory.storageArguments)
        try kiosk.signIn("otk", pin: "3301")
        try kiosk.wait { try kiosk.screen().contains(roll.qrCode) }
        try kiosk.press("F4")
        try kiosk.type("21.5")
        try kiosk.press("Enter")
        try kiosk.type("edge")
        try kiosk.press("Enter")
        try kiosk.type("3301")
        try kiosk.press("Enter")
        try kiosk.wait { try kiosk.screen().contains("e-seal") }
        let decided = try floor.factory.db.read { try Package.load($0, roll.id) }
        #expect(decided.status == .qcPartial)
        let part = try floor.factory.db.read { try $0.queryOne("SELECT weight_g, status FROM packages WHERE parent_package_id = ?", roll.id) }
        #expect(try part?.int("weight_g") == 21_500)
        #expect(part?.optionalString("status") == "qc_ok")
        let notes = try floor.factory.db.read { try $0.queryOne("SELECT protocol_json FROM qc_records WHERE package_id = ?", roll.id)?.string("protocol_json") }
        #expect(notes?.contains(#""visual":"edge""#) == true, "what the inspector found is in the protocol")
        // The OK part's new label: on the screen, and sent to the printer.
        let partQR = try #require(try floor.factory.db.read { try $0.queryOne("SELECT qr_code FROM packages WHERE parent_package_id = ?", roll.id)?.string("qr_code") })
        try kiosk.wait { try kiosk.screen().contains("OK part, new label: \(partQR)") }
        let printed = try String(contentsOfFile: labels, encoding: .utf8)
        #expect(printed.contains(partQR) && printed.contains("21.500"))

        // The printed label is what FG scans: the OK part comes into the warehouse by it.
        try floor.givePIN("fg.ombor", "4404")
        let fg = try Session(["fg"], storage: floor.factory.storageArguments)
        try fg.signIn("fg.ombor", pin: "4404")
        try fg.wait { try fg.screen().contains("QR skanerlang") }
        try fg.scan(partQR)
        try fg.wait { try fg.screen().contains("✔ Qabul qilindi") }
        #expect(try fg.screen().contains("QR: \(partQR)"))
        let part2 = try floor.factory.db.read { try $0.queryOne("SELECT status FROM packages WHERE qr_code = ?", partQR)?.string("status") }
        #expect(part2 == "fg_received")
    }

    /// Idle sign-out is announced: a countdown above the key bar, which a key puts away; left
    /// alone, the kiosk signs out to the sign-in screen, where a roll's label is not a badge.
    @Test func theIdleSignOutCountsDownAndAKeyStaysIt() throws {
        let floor = try Floor(.sqlite)
        try floor.givePIN("fg.ombor", "4403")
        let kiosk = try Session(["fg", "--lang", "en", "--idle", "6"], storage: floor.factory.storageArguments)
        try kiosk.signIn("fg.ombor", pin: "4403")
        try kiosk.wait { try kiosk.screen().contains("Scan QR") }
        try kiosk.wait { try kiosk.screen().contains("for lack of activity: press any key to stay") }
        try kiosk.press("Escape")
        try kiosk.wait { try !kiosk.screen().contains("for lack of activity") }
        #expect(try kiosk.screen().contains("Scan QR"), "still signed in")
        try kiosk.wait(seconds: 10) { try kiosk.screen().contains("Signing out in 1 s") }
        try kiosk.wait { try kiosk.screen().contains("PIN") && !kiosk.screen().contains("Scan QR") }
        let roll = try floor.qcPassedRoll()
        try kiosk.scan(roll.qrCode)
        try kiosk.wait { try kiosk.screen().contains("That is a roll's label, not a badge") }
    }

    /// The wall panel needs nobody signed in: it shows each line's session and balance, and a
    /// session's new input reaches the wall within about a second (the figure is printed).
    @Test(arguments: TestBackends.all)
    func theWallPanelShowsWhatWasJustCommitted(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 100_000)
        let session = try floor.start("E1", operators: ["op.aziz"])
        let panel = try Session(["panel", "--lang", "en"], storage: floor.factory.storageArguments, ready: "Shop floor now")
        try panel.wait { try panel.screen().contains("E1     \(session.partiyaNo)") }
        #expect(try panel.screen().contains("no session running"), "the lines with nothing running are there too")
        let committed = ContinuousClock.now
        _ = try floor.feed(session, "PVD-PE", batch: "B-1", grams: 40_000)
        try panel.wait { try panel.screen().contains("40.000") }
        print("measured: committed input to the wall panel on \(backend.rawValue): \(ContinuousClock.now - committed)")
        try panel.press("F9")
        try panel.wait { try panel.screen().contains("Sex hozir") || panel.screen().contains("Цех сейчас") }
    }

    /// A roll out of tolerance is sent for review at the packing kiosk; the shop head approves
    /// it in the inbox with a reason and the PIN, and the roll goes to the OTK queue.
    @Test func aReviewRaisedAtPackingIsApprovedInTheShopHeadsInbox() throws {
        let floor = try Floor(.sqlite)
        floor.factory.clock.set(Timestamp(Date()))
        let session = try floor.start("E1", operators: ["op.aziz"])
        try floor.givePIN("op.aziz", "1101")
        try floor.givePIN("sexboshligi", "2201")
        let packer = try Session(["pack", "--device", "scale-E1-pack-01"], storage: floor.factory.storageArguments)
        try packer.signIn("op.aziz", pin: "1101")
        try packer.wait { try packer.screen().contains(session.partiyaNo) }
        floor.factory.clock.set(Timestamp(Date()))
        try floor.factory.reading("len-E1-01", kg: 250_000)
        try floor.factory.reading("scale-E1-pack-01", kg: 30_900)
        try packer.wait { try packer.screen().contains("barqaror") }
        try packer.press("F2")
        try packer.wait { try packer.screen().contains("Tolerans buzildi") }
        try packer.type("qalin chet")
        try packer.press("F5")
        try packer.wait { try packer.screen().contains("Sex boshlig‘iga yuborildi") }

        let head = try Session(["shophead", "--lang", "ru"], storage: floor.factory.storageArguments)
        try head.signIn("sexboshligi", pin: "2201")
        try head.wait { try head.screen().contains("Ждут согласования: 1") }
        try head.press("F11")
        try head.wait { try head.screen().contains("▶ Вне допуска") }
        #expect(try head.screen().contains("qalin chet"), "the packer's reason is there to decide on")
        let before = head.keystrokes
        try head.press("F5")
        try head.type("klient rozi")
        try head.press("Enter")
        try head.type("2201")
        try head.press("Enter")
        try head.wait { try head.screen().contains("✔ Утверждено") }
        print("measured: keys to approve a review in the shop head's inbox: \(head.keystrokes - before)")
        let package = try floor.factory.db.read { try $0.queryOne("SELECT id, status FROM packages WHERE session_id = ?", session.id) }
        #expect(package?.optionalString("status") == "awaiting_qc", "the roll is in the OTK queue")
        let steps = try floor.factory.db.read { try $0.queryOne("SELECT decision, comment FROM approval_steps")?.string("comment") }
        #expect(steps == "klient rozi")
        try head.wait { try head.screen().contains("Ничего не ждёт вашего решения") }
    }

    /// A session is started on a free line at the shop head's console, fed from SHOP on the
    /// SHOP scale with the oldest batch, paused by the VT gate when recycled material passes the
    /// recipe's limit, released at the technologist's console, and packed at the packing kiosk:
    /// no API call, and the database holds each step.
    @Test(arguments: TestBackends.all)
    func aSessionIsStartedFedPausedByVTReleasedAndPackedThroughTheConsoles(backend: Backend) throws {
        let floor = try Floor(backend)
        // The receipts into SHOP weigh on a clock that moves a second a reading: begun a minute
        // back, they are all behind the readings of the console's weighings, taken now.
        floor.factory.clock.set(Timestamp(Date()).adding(seconds: -60))
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 100_000)
        try floor.stockShop("VT-PE", batch: "VT-1", grams: 100_000)
        for (name, pin) in [("sexboshligi", "2201"), ("texnolog", "5501"), ("op.aziz", "1101")] { try floor.givePIN(name, pin) }
        let head = try Session(["shophead", "--lang", "en"], storage: floor.factory.storageArguments)
        try head.signIn("sexboshligi", pin: "2201")
        try head.wait { try head.screen().contains("▶ E1") && head.screen().contains("free — Enter starts a session") }
        var keys = head.keystrokes
        try head.press("Enter")
        try head.wait { try head.screen().contains("New session on E1") }
        try head.press("Down")
        try head.press("Tab")
        try head.type("P-TMUX-1")
        try head.press("Tab")
        try head.press("Tab")
        try head.press("Down")
        try head.wait { try head.screen().contains("op.aziz") }
        try head.press("Tab")
        try head.wait { try head.screen().contains("Operator not qualified: clear") }
        try head.press("Enter")
        try head.type("2201")
        try head.press("Enter")
        try head.wait { try head.screen().contains("● running") }
        print("measured: keys to start a session at the shop head's console: \(head.keystrokes - keys)")
        let session = try floor.factory.db.read { try #require(try $0.queryOne("SELECT id, status, partiya_no FROM sessions")) }
        #expect(try session.string("partiya_no") == "P-TMUX-1" && session.string("status") == "opened")

        keys = head.keystrokes
        floor.factory.clock.set(Timestamp(Date()))
        try floor.factory.reading("scale-SHOP-01", kg: 60_000)
        try head.press("F2")
        try head.type("PVD-PE")
        try head.press("F11")
        try head.wait { try head.screen().contains("B-1") }
        try head.press("Enter")
        try head.wait { try head.screen().contains("60.000 kg fed into the session") }
        print("measured: keys to feed one bag at the shop head's console: \(head.keystrokes - keys)")
        floor.factory.clock.set(Timestamp(Date()))
        try floor.factory.reading("scale-SHOP-01", kg: 40_000)
        try head.press("BTab")
        for _ in 0..<6 { try head.press("BSpace") }
        try head.type("VT-PE")
        try head.press("F11")
        try head.wait { try head.screen().contains("VT-1") }
        try head.press("Enter")
        try head.wait { try head.screen().contains("over the limit") }
        let paused = try floor.factory.db.read { try $0.queryOne("SELECT status, pause_reason FROM sessions")?.optionalString("pause_reason") }
        #expect(paused == "vt_limit", "the VT gate paused the session")

        let technologist = try Session(["technologist", "--lang", "en"], storage: floor.factory.storageArguments)
        try technologist.signIn("texnolog", pin: "5501")
        try technologist.wait { try technologist.screen().contains("▶ VT limit") }
        keys = technologist.keystrokes
        try technologist.press("F5")
        try technologist.type("trial lot agreed")
        try technologist.press("Enter")
        try technologist.type("5501")
        try technologist.press("Enter")
        try technologist.wait { try technologist.screen().contains("✔ Released: E1 · P-TMUX-1") }
        print("measured: keys to release a VT gate at the technologist's console: \(technologist.keystrokes - keys)")
        let resumed = try floor.factory.db.read { try $0.queryOne("SELECT status FROM sessions")?.string("status") }
        #expect(resumed == "opened", "the release resumed the session")
        let note = try floor.factory.db.read { try $0.queryOne("SELECT release_note FROM gate_log WHERE gate_type = 'vt_limit'")?.optionalString("release_note") }
        #expect(note == "trial lot agreed")
        try head.wait { try head.screen().contains("● running") }

        let packer = try Session(["pack", "--device", "scale-E1-pack-01"], storage: floor.factory.storageArguments)
        try packer.signIn("op.aziz", pin: "1101")
        try packer.wait { try packer.screen().contains("P-TMUX-1") }
        floor.factory.clock.set(Timestamp(Date()))
        try floor.factory.reading("len-E1-01", kg: 250_000)
        try floor.factory.reading("scale-E1-pack-01", kg: 30_000)
        try packer.wait { try packer.screen().contains("barqaror") }
        try packer.press("F2")
        try packer.wait { try packer.screen().contains("FG-") }
        let packed = try floor.factory.db.read { try $0.queryOne("SELECT COUNT(*) AS n FROM packages WHERE session_id = ?", try session.string("id"))?.int("n") }
        #expect(packed == 1, "the roll is packed on the session the shop head started")
    }

    /// A session whose balance is off is refused its close with the delta and the limit on the
    /// shop head's screen; with the scrap weighed it closes; its re-open is asked at the card and
    /// approved by the shop head, the technologist and the director in turn, each in their own
    /// inbox: the director has nothing to decide before the technologist's step.
    @Test(arguments: TestBackends.all)
    func aSessionClosesOnItsBalanceAndIsReopenedThroughThreeInboxesInOrder(backend: Backend) throws {
        let floor = try Floor(backend)
        try floor.stockShop("PVD-PE", batch: "B-1", grams: 100_000)
        let session = try floor.start("E1", operators: ["op.aziz"])
        _ = try floor.feed(session, "PVD-PE", batch: "B-1", grams: 40_000)
        for (name, pin) in [("sexboshligi", "2201"), ("texnolog", "5501"), ("direktor", "7701")] { try floor.givePIN(name, pin) }
        func sign(_ kiosk: Session, _ pin: String) throws {
            try kiosk.type(pin)
            try kiosk.press("Enter")
        }
        let head = try Session(["shophead", "--lang", "en"], storage: floor.factory.storageArguments)
        try head.signIn("sexboshligi", pin: "2201")
        try head.wait { try head.screen().contains("▶ E1     \(session.partiyaNo)") }
        try head.press("Enter")
        try head.wait { try head.screen().contains("Delta 40.000 kg · limit 0.400 kg") }
        var keys = head.keystrokes
        try head.press("F7")
        try sign(head, "2201")
        try head.wait { try head.screen().contains("delta 40.000 kg, limit 0.400 kg") }
        #expect(try floor.factory.db.read { try $0.queryOne("SELECT status FROM sessions")?.string("status") } == "opened")

        try floor.weigh("scale-E1-pack-01", 40_000)
        _ = try floor.services.perform { db in
            try floor.services.balance.recordScrap(db, by: floor.shopHead, session: session.id, device: "scale-E1-pack-01", tare: .zero, sealNo: "S-1")
        }
        try head.wait { try head.screen().contains("Delta 0.000 kg") }
        try head.press("F7")
        try sign(head, "2201")
        try head.wait { try head.screen().contains("✔ Session closed") }
        print("measured: keys to close a session at the shop head's console: \(head.keystrokes - keys)")
        #expect(try floor.factory.db.read { try $0.queryOne("SELECT status FROM sessions")?.string("status") } == "closed")

        keys = head.keystrokes
        try head.press("F6")
        try head.type("late count")
        try head.press("Enter")
        try sign(head, "2201")
        try head.wait { try head.screen().contains("Re-open asked") }
        print("measured: keys to ask a re-open at the shop head's console: \(head.keystrokes - keys)")

        let director = try Session(["director", "--lang", "en"], storage: floor.factory.storageArguments)
        try director.signIn("direktor", pin: "7701")
        try director.wait { try director.screen().contains("Waiting for you: 0") }
        try director.press("F11")
        try director.wait { try director.screen().contains("Nothing waits for you") }

        func approve(_ kiosk: Session, _ pin: String, step: String) throws {
            try kiosk.wait { try kiosk.screen().contains("▶ Session re-open \(step)") }
            try kiosk.press("F5")
            try kiosk.type("counted again")
            try kiosk.press("Enter")
            try sign(kiosk, pin)
            try kiosk.wait { try kiosk.screen().contains("✔ Approved") }
        }
        try head.press("Escape")
        try head.wait { try head.screen().contains("Waiting for you: 1") }
        try head.press("F11")
        try approve(head, "2201", step: "1/3")
        let technologist = try Session(["technologist", "--lang", "en"], storage: floor.factory.storageArguments)
        try technologist.signIn("texnolog", pin: "5501")
        try technologist.wait { try technologist.screen().contains("No gate waits for you") }
        try technologist.press("F11")
        try approve(technologist, "5501", step: "2/3")
        #expect(try floor.factory.db.read { try $0.queryOne("SELECT status FROM sessions")?.string("status") } == "closed",
                "two of three approvals re-open nothing")
        try director.wait(seconds: 8) { try director.screen().contains("▶ Session re-open 3/3") }
        keys = director.keystrokes
        try approve(director, "7701", step: "3/3")
        print("measured: keys to approve a re-open step at a console: \(director.keystrokes - keys)")
        #expect(try floor.factory.db.read { try $0.queryOne("SELECT status FROM sessions")?.string("status") } == "opened")
        let steps = try floor.factory.db.read { try $0.queryOne("SELECT COUNT(*) AS n FROM approval_steps")?.int("n") }
        #expect(steps == 3)
    }

    /// The inspector scans a roll that is not in the queue: nothing stays selected, the banner
    /// says so in Russian, and F5 decides nothing until a roll is picked.
    @Test func aWrongOTKScanClearsTheSelection() throws {
        let floor = try Floor(.sqlite)
        let session = try floor.start("E1", operators: ["op.aziz"])
        let roll = try floor.pack(session, grams: 30_000, by: try floor.uatUser("op.aziz"))
        try floor.degassed(roll)
        try floor.givePIN("otk", "3301")
        let kiosk = try Session(["otk", "--lang", "ru"], storage: floor.factory.storageArguments)
        try kiosk.signIn("otk", pin: "3301")
        try kiosk.wait { try kiosk.screen().contains("▶ \(roll.qrCode)") }
        try kiosk.scan("FG-2026-01-01-000042")
        try kiosk.wait { try kiosk.screen().contains("FG-2026-01-01-000042 нет в очереди ОТК") }
        #expect(try !kiosk.screen().contains("▶"), "nothing is selected")
        try kiosk.press("F5")
        try kiosk.wait { try kiosk.screen().contains("Сначала выберите рулон") }
        #expect(try floor.factory.db.read { try Package.load($0, roll.id) }.status == .awaitingQC, "nothing was decided")
        try kiosk.scan(roll.qrCode)
        try kiosk.wait { try kiosk.screen().contains("▶ \(roll.qrCode)") }
    }

    @Test(arguments: TestBackends.all)
    func aMonthsKPIAndPayrollAreGeneratedApprovedAndExportedAtTheFinanceConsole(backend: Backend) throws {
        let floor = try Floor(backend)
        // A closed E1 session with one roll OTK passed: 40 kg in, 30 kg packed, 10 kg of scrap.
        let (session, _) = try floor.fedSessionWithPassedRoll()
        try floor.weigh("scale-E1-pack-01", 10_000)
        let services = floor.services
        _ = try services.perform { db in
            try services.balance.recordScrap(db, by: floor.shopHead, session: session.id, device: "scale-E1-pack-01", tare: .zero, sealNo: "S-1")
            return try services.balance.close(db, by: floor.shopHead, session: session.id)
        }
        let finance = try floor.uatUser("moliya")
        let day = services.calendar.plantDay(of: session.startedAt)
        let month = String(day.prefix(7))
        try services.perform { db in
            try services.kpi.configure(db, by: finance, .init(bonusAt100: Money(minorUnits: 100_000_000), cap: .hundred, allowManual: false))
            try services.attendance.record(db, by: finance, .init(username: "op.aziz", day: day, shift: .day, workcenter: "E1", minutes: 720))
            try services.payroll.setRate(db, by: finance, username: "op.aziz", month: month, base: Money(minorUnits: 300_000_000), advance: .zero)
        }
        try floor.givePIN("moliya", "6601")
        let exports = FileManager.default.temporaryDirectory.appendingPathComponent("exports-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: exports) }

        let kiosk = try Session(["finance", "--lang", "en", "--export-dir", exports.path], storage: floor.factory.storageArguments)
        try kiosk.signIn("moliya", pin: "6601")
        try kiosk.wait { try kiosk.screen().contains("F2 Generate") }
        // The console opens on this month of the wall clock; the floor's facts are in the test clock's.
        let now = services.calendar.plantDay(of: Timestamp(Date()))
        let back = (Int(now.prefix(4))! * 12 + Int(now.dropFirst(5).prefix(2))!) - (Int(month.prefix(4))! * 12 + Int(month.dropFirst(5))!)
        for _ in 0..<back { try kiosk.press("PageUp") }
        try kiosk.wait { try kiosk.screen().contains("Month \(month)") && kiosk.screen().contains("KPI: none yet") }
        try kiosk.press("F2")
        try kiosk.wait { try kiosk.screen().contains("KPI v1 generated") }
        #expect(try kiosk.screen().contains("Aziz Karimov"), "each person's share is on the finance console")
        try kiosk.press("F5")
        try kiosk.type("6601")
        try kiosk.press("Enter")
        try kiosk.wait { try kiosk.screen().contains("KPI v1 approved") }
        try kiosk.press("Tab")
        try kiosk.press("F2")
        try kiosk.wait { try kiosk.screen().contains("Payroll v1 generated") }
        try kiosk.press("F5")
        try kiosk.type("6601")
        try kiosk.press("Enter")
        try kiosk.wait { try kiosk.screen().contains("Payroll v1 approved") }
        try kiosk.press("F8")
        try kiosk.wait { try kiosk.screen().contains("Exported") }

        let statuses = try floor.factory.db.read { db in
            [try db.queryOne("SELECT status FROM kpi_snapshot")?.string("status"), try db.queryOne("SELECT status FROM payroll_snapshot")?.string("status")]
        }
        #expect(statuses == ["approved", "approved"])
        let csv = try String(contentsOf: exports.appendingPathComponent("payroll-\(month)-v1.csv"), encoding: .utf8)
        #expect(csv.contains("payroll \(month) v1 (approved) · exported by moliya (Gulnora Saidova)"))
        #expect(csv.contains("op.aziz,Aziz Karimov,3000000.00,"))
        let attributes = try FileManager.default.attributesOfItem(atPath: exports.appendingPathComponent("payroll-\(month)-v1.xlsx").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "personal data readable by the one who exported it")
        #expect(try floor.factory.db.read { try $0.queryOne("SELECT count(*) AS n FROM audit_log WHERE action = 'export.created'")?.int("n") } == 2)
    }

    /// The shop head prints the shift's handover sheet at the console (the PDF handed to the
    /// spooler, here a stand-in `lp` that keeps what it is given), and the director exports the
    /// QC decisions of a day as CSV in Russian: both written, audited in their names.
    @Test(arguments: TestBackends.all)
    func theShopHeadPrintsTheShiftSheetAndTheDirectorExportsAReport(backend: Backend) throws {
        let floor = try Floor(backend)
        let (session, roll) = try floor.fedSessionWithPassedRoll()
        let services = floor.services
        let day = services.calendar.plantDay(of: session.startedAt)
        let shift = services.calendar.shift(at: session.startedAt)
        try floor.givePIN("sexboshligi", "2201")
        try floor.givePIN("direktor", "7701")

        let place = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: place) }
        let (bin, spool, exports) = (place.appendingPathComponent("bin"), place.appendingPathComponent("spool"), place.appendingPathComponent("exports"))
        for directory in [bin, spool] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
        let lp = bin.appendingPathComponent("lp")
        try "#!/bin/sh\necho \"$@\" > '\(spool.path)/arguments'\ncp \"$3\" '\(spool.path)/'\n".write(to: lp, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: lp.path)

        /// Types a date over the one shown in the focused field.
        func retype(_ kiosk: Session, _ date: String) throws {
            for _ in 0..<10 { try kiosk.press("BSpace") }
            try kiosk.type(date)
        }

        let shopHead = try Session(["shophead", "--lang", "en", "--export-dir", exports.path, "--report-printer", "office"],
                                   storage: floor.factory.storageArguments, workingDirectory: place.path, environment: ["PATH=\(bin.path):$PATH"])
        try shopHead.signIn("sexboshligi", pin: "2201")
        try shopHead.wait { try shopHead.screen().contains("F8 Export") }
        try shopHead.press("F8")
        try shopHead.wait { try shopHead.screen().contains("Shift handover report") }
        // The console opens on the wall clock's shift; the floor's facts are in the test clock's.
        try shopHead.press("Tab")
        try retype(shopHead, day)
        try shopHead.press("Tab")
        if !(try shopHead.screen().contains("◀ \(shift.rawValue) ▶")) { try shopHead.press("Down") }
        try shopHead.wait { try shopHead.screen().contains("Day:          \(day)") && shopHead.screen().contains("◀ \(shift.rawValue) ▶") }
        try shopHead.press("Enter")
        try shopHead.wait(seconds: 20) { try shopHead.screen().contains("Report written") && shopHead.screen().contains("printer office") }

        let sheet = exports.appendingPathComponent("shift-\(day)-\(shift.rawValue).pdf")
        #expect((try FileManager.default.attributesOfItem(atPath: sheet.path)[.posixPermissions] as? Int) == 0o600)
        #expect(try String(contentsOf: spool.appendingPathComponent("arguments"), encoding: .utf8) == "-d office \(sheet.path)\n")
        #expect(try Data(contentsOf: spool.appendingPathComponent(sheet.lastPathComponent)) == Data(contentsOf: sheet), "the spooler got the sheet")
        let text = try PDFText.of(sheet)
        #expect(text.contains("Shift handover report") && text.contains(session.partiyaNo), "the sheet names the shift's session")

        let director = try Session(["director", "--lang", "ru", "--export-dir", exports.path], storage: floor.factory.storageArguments,
                                   workingDirectory: place.path)
        try director.signIn("direktor", pin: "7701")
        try director.wait { try director.screen().contains("F8 Выгрузить") }
        try director.press("F8")
        try director.wait { try director.screen().contains("KPI по линиям") || director.screen().contains("Отчёт:") }
        try director.press("Down")
        try director.press("Tab")
        try retype(director, day)
        try director.press("Tab")
        try retype(director, day)
        try director.press("Tab")
        try director.press("Up")
        try director.wait { try director.screen().contains("◀ CSV ▶") && director.screen().contains("Решения ОТК") }
        try director.press("Enter")
        try director.wait(seconds: 20) { try director.screen().contains("Отчёт готов") }
        let csv = try String(contentsOf: exports.appendingPathComponent("qc_defect-\(day).csv"), encoding: .utf8)
        #expect(csv.contains(roll.qrCode), "the day's decision is in the director's export")

        let asked = try floor.factory.db.read { db in
            try db.query("SELECT a.action, u.username FROM audit_log a JOIN users u ON u.id = a.actor_id WHERE a.action = 'report.requested' ORDER BY a.ts")
                .map { "\(try $0.string("username")) \(try $0.string("action"))" }
        }
        #expect(asked == ["sexboshligi report.requested", "direktor report.requested"])
    }
}
