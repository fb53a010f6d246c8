import FactoryCore
import FactoryTestSupport
import Foundation
import Testing

@Suite struct TestEnvironment {
    @Test func postgresIsPresentWhenTheTestCommandPromisedIt() {
        let required = ProcessInfo.processInfo.environment["FACTORY_TEST_REQUIRE_PG"] == "1"
        #expect(!required || TestBackends.all.contains(.postgres),
                "FACTORY_TEST_REQUIRE_PG=1 but FACTORY_TEST_PG_DSN is not set: the PostgreSQL leg would not run")
    }
}
