import HummingbirdBcrypt

/// Hashes passwords and kiosk PINs with bcrypt. Production uses cost 12 (~0.3 s, on purpose);
/// tests pass a low cost so suites stay fast. Nothing here logs or returns a clear credential.
public struct CredentialHasher: Sendable {
    public let cost: UInt8

    public static let production = CredentialHasher(cost: 12)

    public init(cost: UInt8) { self.cost = cost }

    public func hash(_ secret: String) -> String { Bcrypt.hash(secret, cost: cost) }

    public func verify(_ secret: String, against hash: String) -> Bool { Bcrypt.verify(secret, hash: hash) }

    /// Passwords: at least 10 characters, not all one kind.
    public static func checkPassword(_ password: String) throws {
        guard password.count >= 10 else {
            throw FactoryError.validation(field: "password", reason: "weak_password", "the password needs at least 10 characters")
        }
        guard Set(password).count >= 4 else {
            throw FactoryError.validation(field: "password", reason: "weak_password", "the password repeats too few characters")
        }
    }

    /// Kiosk PINs: 4 to 8 digits, typed on a numeric pad.
    public static func checkPIN(_ pin: String) throws {
        guard (4...8).contains(pin.count), pin.allSatisfy(\.isASCIIDigitCharacter) else {
            throw FactoryError.validation(field: "pin", reason: "bad_pin", "a PIN is 4 to 8 digits")
        }
    }
}
