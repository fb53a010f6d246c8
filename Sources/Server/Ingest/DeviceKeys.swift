import Crypto
import FactoryCore
import Synchronization

/// The signing keys of the devices, kept in memory for a short while: every reading would
/// otherwise cost a database read and an AES-GCM unseal. A device switched off stops within
/// `lifetimeSeconds`; a key that fails to verify is looked up again at once, so a secret just
/// re-issued works on the gateway's first try.
final class DeviceKeys: Sendable {
    struct Entry {
        let device: Device
        let key: SymmetricKey
        let fetchedAt: Timestamp
    }

    private let entries = Mutex<[String: Entry]>([:])
    let lifetimeSeconds: Double
    let clock: any WallClock

    init(clock: any WallClock, lifetimeSeconds: Double = 30) {
        self.clock = clock
        self.lifetimeSeconds = lifetimeSeconds
    }

    /// The cached entry of a device code, when still fresh.
    func cached(_ code: String) -> Entry? {
        let now = clock.now()
        return entries.withLock { entries in
            guard let entry = entries[code], now.seconds(since: entry.fetchedAt) < lifetimeSeconds else { return nil }
            return entry
        }
    }

    /// Reads the device and its key from the database; nil when unknown, inactive or keyless.
    func load(_ code: String, api: FactoryAPI) async throws -> Entry? {
        let secrets = api.services.deviceSecrets
        let found = try await api.read { db -> (Device, SymmetricKey)? in
            guard let device = try? Device.find(db, code), device.active, let key = try secrets.key(db, deviceID: device.id.text) else {
                return nil
            }
            return (device, key)
        }
        guard let (device, key) = found else {
            entries.withLock { _ = $0.removeValue(forKey: code) }
            return nil
        }
        let entry = Entry(device: device, key: key, fetchedAt: clock.now())
        entries.withLock { $0[code] = entry }
        return entry
    }
}
