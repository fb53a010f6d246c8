import ArgumentParser
import FactoryCommandLine
import FactoryCore
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load master-data CSV files (skus, materials, recipes, recipe_lines, workcenters, devices, …).",
        discussion: """
            Give CSV files or a directory of them. Known files, in import order: \
            \(MasterDataImporter.fileNames.joined(separator: ", ")). Every file is checked first; \
            if anything is wrong, nothing is written and every bad row and column is listed.
            """)

    @OptionGroup var storage: StorageOptions

    @Argument(help: "CSV files, or one directory holding them.")
    var paths: [String]

    func run() throws {
        try storage.withServices { services in
            var isDirectory: ObjCBool = false
            let report: ImportReport
            if paths.count == 1, FileManager.default.fileExists(atPath: paths[0], isDirectory: &isDirectory), isDirectory.boolValue {
                report = try services.masterData.importDirectory(URL(fileURLWithPath: paths[0]), into: services.database, by: consoleSource)
            } else {
                report = try services.masterData.importFiles(paths.map { URL(fileURLWithPath: $0) }, into: services.database, by: consoleSource)
            }
            print(report)
            if !report.changed { print("nothing changed: the database already holds these records") }
        }
    }
}
