import Crypto
import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

@Suite struct DeviceSecretsTests {
    @Test(arguments: TestBackends.all)
    func anIssuedSecretOpensOnlyWithTheServerSecretAndIsNeverStoredInClear(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        let secrets = factory.services.deviceSecrets
        let secret = try factory.db.write { try secrets.issue($0, by: TestFactory.console, deviceCode: "scale-E1-pack-01") }
        #expect(secret.count == 64)
        let deviceID = try factory.db.read { try #require(try $0.queryOne("SELECT id FROM devices WHERE code = 'scale-E1-pack-01'")).string("id") }
        let key = try #require(try factory.db.read { try secrets.key($0, deviceID: deviceID) })
        let body = Data(#"{"events":[]}"#.utf8)
        #expect(HMAC<SHA256>.authenticationCode(for: body, using: key) ==
                HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8))))
        let stored = try factory.db.read { try #require(try $0.queryOne("SELECT * FROM device_secrets WHERE device_id = ?", deviceID)) }
        #expect(try !stored.string("sealed_secret").contains(secret))
        #expect(try stored.string("fingerprint") == DeviceSecrets.fingerprint(secret))
        let audit = try factory.db.read { try #require(try $0.queryOne("SELECT old_new_diff_json FROM audit_log WHERE action = 'device.secret_issued'")) }
        #expect(try !audit.string("old_new_diff_json").contains(secret))

        let stranger = DeviceSecrets(serverSecret: Data(repeating: 3, count: 32), audit: factory.audit)
        #expect(throws: FactoryError.self) { try factory.db.read { try stranger.key($0, deviceID: deviceID) } }
    }

    @Test(arguments: TestBackends.all)
    func reissuingReplacesTheOldSecret(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        let secrets = factory.services.deviceSecrets
        let first = try factory.db.write { try secrets.issue($0, by: TestFactory.console, deviceCode: "scale-MAIN-01") }
        let second = try factory.db.write { try secrets.issue($0, by: TestFactory.console, deviceCode: "scale-MAIN-01") }
        #expect(first != second)
        let row = try factory.db.read { try #require(try $0.queryOne("SELECT key_version FROM device_secrets")) }
        #expect(try row.int("key_version") == 2)
        #expect(throws: FactoryError.self) {
            try factory.db.write { try secrets.issue($0, by: TestFactory.console, deviceCode: "scale-NOPE") }
        }
    }
}
