import FactoryCore
import FactoryTestSupport
import Testing

/// A packing station names its scale and its length counter by code or by id, and both are
/// found in one query.
@Suite struct DeviceLookupTests {
    @Test(arguments: TestBackends.all)
    func devicesAreFoundByCodeOrIdInTheOrderAsked(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        let counter = try factory.db.read { try Device.find($0, "len-E1-01") }
        let found = try factory.db.read { try Device.find($0, ["scale-E1-pack-01", counter.id.text]) }
        #expect(found.map(\.code) == ["scale-E1-pack-01", "len-E1-01"])
        let reversed = try factory.db.read { try Device.find($0, [counter.id.text, "scale-E1-pack-01"]) }
        #expect(reversed.map(\.code) == ["len-E1-01", "scale-E1-pack-01"])
        let twice = try factory.db.read { try Device.find($0, ["len-E1-01", "len-E1-01"]) }
        #expect(twice.map(\.id) == [counter.id, counter.id])
    }

    @Test(arguments: TestBackends.all)
    func theKeyThatNamesNoDeviceIsTheOneReported(backend: Backend) throws {
        let factory = try TestFactory(backend)
        _ = try factory.loadUAT()
        let unknownID = Device.ID().text
        for (keys, missing) in [(["scale-E1-pack-01", "len-NOPE"], "len-NOPE"), (["scale-NOPE", "len-E1-01"], "scale-NOPE"),
                                (["scale-E1-pack-01", unknownID], unknownID)] {
            let error = try #require(throws: FactoryError.self) { try factory.db.read { try Device.find($0, keys) } }
            #expect(error.code == .notFound)
            #expect(error.details["key"] == missing)
        }
    }
}
