import Consoles
import FactoryCore
import Foundation
import Testing

@Suite struct CatalogueTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shipped keymap and the words of one language: the frame every kiosk test draws in.
    static func chrome(_ language: Locales.Language) throws -> Chrome {
        let keymap = try Keymap(parsing: String(contentsOf: root.appendingPathComponent("keymaps/default.keymap"), encoding: .utf8))
        return Chrome(locales: try Locales(directory: root.appendingPathComponent("locales"), language: language), keymap: keymap)
    }

    func catalogue(_ language: Locales.Language) throws -> [String: String] {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("locales/\(language.rawValue).json"))
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    @Test(arguments: [Locales.Language.ru, .en])
    func everyLanguageHasEveryUzbekWord(language: Locales.Language) throws {
        let uz = try catalogue(.uz)
        let other = try catalogue(language)
        #expect(Set(other.keys) == Set(uz.keys))
        #expect(other.values.allSatisfy { !$0.isEmpty })
    }

    @Test func everyGateRoleErrorAndActionHasAnUzbekLabel() throws {
        let uz = try catalogue(.uz)
        let keys = GateType.allCases.map { "gate.\($0.rawValue)" } + Position.allCases.map { "role.\($0.rawValue)" }
            + ErrorCode.allCases.map { "error.\($0.rawValue)" } + KioskAction.allCases.map { "action.\($0.rawValue)" }
        for key in keys { #expect(uz[key] != nil, "uz.json lacks \(key)") }
    }

    @Test func aMissingWordFallsBackToUzbekThenToTheKey() throws {
        let locales = try Locales(directory: Self.root.appendingPathComponent("locales"), language: .ru)
        #expect(locales.text("gate.qr_duplicate") == "Повтор QR-кода")
        #expect(locales.text("no.such.key") == "no.such.key")
        #expect(try Locales(directory: Self.root.appendingPathComponent("locales")).text("word.no") == "yo‘q")
    }
}

@Suite struct KeymapTests {
    @Test func theShippedKeymapBindsEveryAction() throws {
        let text = try String(contentsOf: CatalogueTests.root.appendingPathComponent("keymaps/default.keymap"), encoding: .utf8)
        let keymap = try Keymap(parsing: text)
        for action in KioskAction.allCases { #expect(keymap.key(for: action) != nil, "\(action) has no key") }
        #expect(keymap.action(for: "Enter") == .confirm)
        #expect(keymap.action(for: "a") == nil)
    }

    @Test(arguments: [
        ("F1 = help\nF1 = cancel", "bound twice"),
        ("a = help", "printable keys belong to the scanner"),
        ("F2 = explode", "unknown action 'explode'"),
        ("F2 help", "expected 'KEY = action'"),
    ])
    func aBadKeymapNamesItsLine(text: String, message: String) {
        #expect {
            try Keymap(parsing: text, name: "test.keymap")
        } throws: { ($0 as? FactoryError)?.message.contains(message) == true }
    }
}
