import FactoryCore
import FactoryTestSupport
import Testing

@Suite struct UserServiceTests {
    @Test(arguments: TestBackends.all)
    func aUserSignsInWithTheirPasswordAndPIN(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let users = factory.services.users
        let user = try factory.db.write { db in
            try users.add(db, by: TestFactory.console, .init(username: "op.test", fullName: "Operator Test", position: .operator,
                                                            grade: .katta, password: "long-enough-1", pin: "4321"))
        }
        let attempts = factory.services.credentialAttempts
        func check(_ name: String, _ kind: CredentialAttempts.Kind, _ secret: String) throws -> CredentialAttempts.Verdict {
            try factory.db.read { try attempts.check($0, .init(username: name, kind: kind, channel: "test"), secret: secret) }.verdict
        }
        guard case .accepted(let signedIn) = try check("op.test", .password, "long-enough-1") else {
            Issue.record("the right password was refused")
            return
        }
        #expect(signedIn.id == user.id)
        #expect(signedIn.grade == .katta)
        #expect(try check("op.test", .pin, "4321") == .accepted(signedIn))
        #expect(try check("op.test", .pin, "0000") == .refused(signedIn, reason: "wrong_secret"))
        #expect(try check("op.test", .password, "wrong-password") == .refused(signedIn, reason: "wrong_secret"))
        #expect(try check("nobody", .password, "long-enough-1") == .refused(nil, reason: "unknown_user"))
        let stored = try factory.db.read { try #require(try $0.queryOne("SELECT password_hash, pin_hash FROM users WHERE id = ?", user.id)) }
        #expect(try stored.string("password_hash").hasPrefix("$2"))
        #expect(try !stored.string("pin_hash").contains("4321"))
        let audit = try factory.db.read { try #require(try $0.queryOne("SELECT old_new_diff_json FROM audit_log WHERE action = 'user.created'")) }
        #expect(try !audit.string("old_new_diff_json").contains("long-enough-1"))
    }

    @Test(arguments: TestBackends.all)
    func usernamesAreUnique(backend: Backend) throws {
        let factory = try TestFactory(backend)
        let new = UserService.NewUser(username: "otk.one", fullName: "OTK", position: .otk)
        _ = try factory.db.write { try factory.services.users.add($0, by: TestFactory.console, new) }
        #expect {
            try factory.db.write { try factory.services.users.add($0, by: TestFactory.console, new) }
        } throws: { ($0 as? FactoryError)?.reason == "username_taken" }
    }

    @Test func weakCredentialsAndBadNamesAreRefused() {
        #expect(throws: FactoryError.self) { try UserService.validate(.init(username: "Op", fullName: "x", position: .otk)) }
        #expect(throws: FactoryError.self) { try UserService.validate(.init(username: "op.one", fullName: "x", position: .operator)) }
        #expect(throws: FactoryError.self) { try UserService.validate(.init(username: "otk.one", fullName: "x", position: .otk, password: "short")) }
        #expect(throws: FactoryError.self) { try UserService.validate(.init(username: "otk.one", fullName: "x", position: .otk, password: "aaaaaaaaaaaa")) }
        #expect(throws: FactoryError.self) { try UserService.validate(.init(username: "otk.one", fullName: "x", position: .otk, pin: "12a4")) }
        #expect(throws: Never.self) { try UserService.validate(.init(username: "otk.one", fullName: "x", position: .otk, password: "long-enough-1", pin: "1234")) }
    }

    @Test(arguments: TestBackends.all)
    func qualificationsExpire(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        let users = factory.services.users
        let aziz = try factory.db.read { try users.find($0, username: "op.aziz") }
        let dilshod = try factory.db.read { try users.find($0, username: "op.dilshod") }
        let now = factory.clock.now()
        #expect(try factory.db.read { try users.isQualified($0, user: aziz.id, workcenter: "E3", at: now) })
        #expect(try !factory.db.read { try users.isQualified($0, user: dilshod.id, workcenter: "E3", at: now) })
        let later = try #require(Timestamp(parsing: "2031-01-01T00:00:00Z"))
        #expect(try !factory.db.read { try users.isQualified($0, user: aziz.id, workcenter: "E3", at: later) })
    }
}
