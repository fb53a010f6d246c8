import Foundation
import Testing

/// Golden screens kept as files beside the tests (`Tests/ConsolesTests/Golden`), for kiosks with
/// more states than read well inline. GOLDEN_RECORD=1 rewrites a file instead of comparing.
enum Golden {
    static let directory = CatalogueTests.root.appendingPathComponent("Tests/ConsolesTests/Golden")

    static func check(_ text: String, file: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = directory.appendingPathComponent(file)
        if ProcessInfo.processInfo.environment["GOLDEN_RECORD"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        guard expected != text else { return }
        let have = text.components(separatedBy: "\n"), want = expected.components(separatedBy: "\n")
        let line = zip(have, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(have.count, want.count)
        Issue.record("""
            screen differs from \(file) at line \(line + 1):
              expected: \(line < want.count ? want[line] : "<end>")
              actual:   \(line < have.count ? have[line] : "<end>")
            """, sourceLocation: sourceLocation)
    }
}
