import ArgumentParser
import FactoryCommandLine
import FactoryCore
import Foundation

struct SeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Load a prepared data set; --uat loads the UAT set of spec §24 from demo/.")

    @OptionGroup var storage: StorageOptions

    @Flag(name: .customLong("uat"), help: "Load the UAT data set (workcenters E1–E3, the five scales, POL-10/SET-05, the UAT users with demo credentials).")
    var uat = false

    @Option(name: .customLong("demo-dir"), help: "The demo/ directory (default: found beside the working directory or the executable).")
    var demoDirectory: String?

    func validate() throws {
        guard uat else { throw ValidationError("say which data set to load: --uat") }
    }

    func run() throws {
        try storage.withServices { services in
            guard let demo = UATSeed.locateDemoDirectory(explicit: demoDirectory) else {
                throw FactoryError.validation(field: "demo-dir", reason: "demo_data_missing",
                                              "cannot find demo/uat; pass --demo-dir pointing at the repository's demo/ folder")
            }
            let report = try UATSeed.load(services, demo: demo, by: consoleSource)
            print(report)
            if !report.changed { print("nothing changed: the UAT data set is already loaded") }
        }
    }
}
