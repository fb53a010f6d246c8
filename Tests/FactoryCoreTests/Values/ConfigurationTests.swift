import Foundation
import FactoryCore
import FactoryTestSupport
import Testing

@Suite struct ConfigurationTests {
    @Test func defaultsAreTheSpecs() throws {
        let configuration = try Configuration(environment: [:])
        #expect(configuration.storage == .sqlite(path: "factory.db"))
        #expect(configuration.iotAcceptWindowSeconds == 10)
        #expect(configuration.strictRSOnly)
        #expect(configuration.vtGateHard)
        #expect(configuration.degazGateFG)
        #expect(configuration.bitrixRetryMax == 8)
        #expect(configuration.apiRateLimitRPM == 120)
        #expect(configuration.ingestRateLimitRPM == 600)
        #expect(configuration.plantTimeZone.identifier == "Asia/Tashkent")
        #expect(configuration.transferDifferenceLimit == Percent.whole(2))
        #expect(try Configuration(environment: ["TRANSFER_DIFF_ALERT_PCT": "0.5"]).transferDifferenceLimit == Percent(units: 500))
    }

    @Test func aDSNSelectsPostgreSQL() throws {
        let configuration = try Configuration(environment: ["DB_DSN": "postgresql://factory@127.0.0.1:5432/factory"])
        #expect(configuration.storage == .postgres(dsn: "postgresql://factory@127.0.0.1:5432/factory"))
    }

    @Test(arguments: [
        (["IOT_ACCEPT_WINDOW_SEC": "ten"], "IOT_ACCEPT_WINDOW_SEC"),
        (["STRICT_RS_ONLY": "maybe"], "STRICT_RS_ONLY"),
        (["DB_DSN": "mysql://x"], "DB_DSN"),
        (["API_RATE_LIMIT_RPM": "0"], "API_RATE_LIMIT_RPM"),
        (["PLANT_TZ": "Mars/Olympus"], "PLANT_TZ"),
        (["BITRIX_BASE_URL": "ftp://bitrix"], "BITRIX_BASE_URL"),
        (["TRANSFER_DIFF_ALERT_PCT": "-1"], "TRANSFER_DIFF_ALERT_PCT"),
        (["TRANSFER_DIFF_ALERT_PCT": "101"], "TRANSFER_DIFF_ALERT_PCT"),
    ])
    func aBadValueNamesItsVariable(environment: [String: String], key: String) {
        #expect {
            try Configuration(environment: environment)
        } throws: { error in
            let message = (error as? FactoryError)?.message ?? ""
            return message.hasPrefix(key) && !message.contains("\n")
        }
    }

    @Test func secretsMustBeStrong() throws {
        #expect(throws: FactoryError.self) { try Configuration(environment: [:]).requireServerSecret() }
        #expect {
            try Configuration(environment: ["SERVER_SECRET": "hunter2"]).requireServerSecret()
        } throws: { error in
            ((error as? FactoryError)?.message ?? "").contains("too weak")
        }
        let strong = String(repeating: "k", count: 32)
        #expect(try Configuration(environment: ["SERVER_SECRET": strong]).requireServerSecret().count == 32)
    }
}
