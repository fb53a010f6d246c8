import FactoryCore
import Foundation
import Server
import Testing

@Suite struct ErrorEnvelopeTests {
    @Test(arguments: [
        (FactoryError.validation(field: "gross_kg", reason: "negative_value", "no"), 422),
        (FactoryError(.validationError, reason: "malformed_json", "bad JSON"), 400),
        (FactoryError(.unauthorized, reason: "bad_credentials", "no"), 401),
        (FactoryError.forbidden("no"), 403),
        (FactoryError.notFound("package", "x"), 404),
        (FactoryError.gate(.qrDuplicate, "dup"), 409),
        (FactoryError.conflict("delta_exceeded", "too much"), 409),
        (FactoryError(.payloadTooLarge, reason: "body_too_large", "big"), 413),
        (FactoryError(.rateLimited, reason: "rate_limited", "slow down"), 429),
        (FactoryError.unavailable("database_unreachable", "down"), 503),
    ])
    func everyCodeHasItsStatus(error: FactoryError, status: Int) {
        #expect(ErrorEnvelope.status(for: error) == status)
    }

    @Test func aGateBlockCarriesTheGateInDetails() throws {
        let envelope = ErrorEnvelope(.gate(.degazGate, "degassing pending", details: ["qr_code": "FG-2026-11-25-000001"]),
                                     traceID: "trace-1")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(envelope), as: UTF8.self)
        #expect(json == #"{"error":{"code":"gate_blocked","details":{"gate":"degaz_gate","qr_code":"FG-2026-11-25-000001"},"message":"degassing pending"},"success":false,"trace_id":"trace-1"}"#)
    }

    @Test func aValidationErrorKeepsItsReason() {
        let envelope = ErrorEnvelope(.validation(field: "gross_kg", reason: "too_precise", "3 decimals"), traceID: "t")
        #expect(envelope.error.details == ["field": "gross_kg", "reason": "too_precise"])
    }
}

@Suite struct ServerSettingsTests {
    @Test func theServerNeedsAStrongJWTSecretAndAValidPort() throws {
        #expect(throws: FactoryError.self) { try ServerSettings(configuration: try Configuration(environment: [:])) }
        let configuration = try Configuration(environment: ["JWT_SECRET": String(repeating: "j", count: 32)])
        #expect(throws: FactoryError.self) { try ServerSettings(configuration: configuration, port: 70_000) }
        #expect(try ServerSettings(configuration: configuration, port: 8443).jwtSecret.count == 32)
    }
}
