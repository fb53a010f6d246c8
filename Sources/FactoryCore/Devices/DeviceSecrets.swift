import Crypto
import Foundation

/// The signing keys of the scale gateways. Ingest must check an HMAC, so the server needs the
/// key itself, not a hash of it: it is stored sealed (AES-GCM under a key derived from
/// SERVER_SECRET), shown once when issued, and opened only to check a signature.
public struct DeviceSecrets: Sendable {
    private let sealingKey: SymmetricKey
    public let audit: AuditLog

    public init(serverSecret: Data, audit: AuditLog) {
        sealingKey = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: serverSecret), info: Data("isocom-device-secret-v1".utf8), outputByteCount: 32)
        self.audit = audit
    }

    /// Issues a new secret for a device (replacing any earlier one) and returns it in clear,
    /// once, for the gateway's configuration. The audit row keeps only its fingerprint.
    public func issue(_ db: any SQLConnection, by source: AuditSource, deviceCode: String) throws -> String {
        guard let device = try db.queryOne("SELECT id FROM devices WHERE code = ?", deviceCode) else {
            throw FactoryError.notFound("device", deviceCode)
        }
        let deviceID = try device.string("id")
        var generator = SystemRandomNumberGenerator()
        let secret = Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let sealed = try AES.GCM.seal(Data(secret.utf8), using: sealingKey, authenticating: Data(deviceID.utf8))
        guard let combined = sealed.combined else {
            throw FactoryError.unavailable("sealing_failed", "could not seal the device secret")
        }
        let fingerprint = Self.fingerprint(secret)
        let previous = try db.queryOne("SELECT key_version FROM device_secrets WHERE device_id = ?", deviceID)
        let version = (try previous?.int("key_version") ?? 0) + 1
        try db.execute("DELETE FROM device_secrets WHERE device_id = ?", deviceID)
        try db.execute("""
            INSERT INTO device_secrets (device_id, key_version, sealed_secret, fingerprint, created_at) VALUES (?, ?, ?, ?, ?)
            """, deviceID, version, combined.base64EncodedString(), fingerprint, audit.clock.now())
        try audit.record(db, by: source, action: "device.secret_issued", object: AuditObject("device", deviceID),
                         new: ["key_version": .int(version), "fingerprint": .string(fingerprint)])
        return secret
    }

    /// The device's key for checking ingest signatures, or nil when none was issued.
    public func key(_ db: any SQLConnection, deviceID: String) throws -> SymmetricKey? {
        guard let row = try db.queryOne("SELECT sealed_secret FROM device_secrets WHERE device_id = ?", deviceID) else { return nil }
        guard let combined = Data(base64Encoded: try row.string("sealed_secret")),
              let box = try? AES.GCM.SealedBox(combined: combined),
              let secret = try? AES.GCM.open(box, using: sealingKey, authenticating: Data(deviceID.utf8))
        else {
            throw FactoryError.unavailable("device_secret_unreadable",
                                           "the secret of device \(deviceID) cannot be opened: SERVER_SECRET changed or the row was edited")
        }
        return SymmetricKey(data: secret)
    }

    /// The first 16 hex digits of SHA-256: enough to tell two secrets apart in a log.
    public static func fingerprint(_ secret: String) -> String {
        Hex.encode(SHA256.hash(data: Data(secret.utf8)).prefix(8))
    }
}
