import ArgumentParser
import FactoryCommandLine
import FactoryCore

struct DeviceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "device",
        abstract: "Manage scales and length counters.",
        subcommands: [Secret.self])

    struct Secret: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Issue a new ingest signing secret for a device and print it once.",
            discussion: "Put the printed secret into the gateway's configuration; the old one stops working at once.")

        @OptionGroup var storage: StorageOptions
        @Argument(help: "The device code, e.g. scale-E1-pack-01.") var device: String

        func run() throws {
            try storage.withServices { services in
                let secret = try services.database.write { db in
                    try services.deviceSecrets.issue(db, by: consoleSource, deviceCode: device)
                }
                print(secret)
            }
        }
    }
}
