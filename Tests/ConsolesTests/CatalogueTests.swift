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
        #expect(keymap.action(for: "F3") == .weighOut, "the grinder's F3")
        #expect(keymap.action(for: "F3", offered: [.weigh, .manualLength]) == .manualLength, "the packer's F3")
        #expect(keymap.key(for: .manualLength) == "F3")
    }

    @Test(arguments: [
        ("F1 = help\nF1 = cancel", "bound twice"),
        ("F1 = help\nF2 = help | cancel", "'help' is bound to a second key"),
        ("F3 = weigh_out | explode", "unknown action 'explode'"),
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

@Suite struct KeyBarTests {
    /// Every screen held to golden text ends with its whole key bar: its last key's word is
    /// read to its end in each language at 80 columns (on a kiosk, F10's sign-out).
    @Test func theKeyBarFitsInEveryLanguage() throws {
        let files = try FileManager.default.contentsOfDirectory(at: Golden.directory, includingPropertiesForKeys: nil)
        var screens = 0
        for file in files where file.pathExtension == "txt" {
            let sections = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "== ").dropFirst()
            for section in sections {
                let lines = section.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                guard let language = Locales.Language(rawValue: String(lines[0].prefix(2))), let bar = lines.dropLast().last else { continue }
                let locales = try CatalogueTests.chrome(language).locales
                let endings = KioskAction.allCases.flatMap { action in
                    ["action.\(action.rawValue)", "action.\(action.rawValue).short"].filter(locales.has).map(locales.text)
                }
                #expect(endings.contains { bar.hasSuffix(" " + $0) }, "\(file.lastPathComponent) \(lines[0]): \(bar)")
                // The sign-in screen and the wall panel have nobody to sign out.
                if !["login.txt", "panel.txt"].contains(file.lastPathComponent) {
                    #expect(bar.hasSuffix("F10 " + locales.text("action.logout")), "\(file.lastPathComponent) \(lines[0]): \(bar)")
                }
                screens += 1
            }
        }
        #expect(screens > 50)
    }

    @Test func aLongBarTightensItsGapsThenUsesShortWords() throws {
        let chrome = try CatalogueTests.chrome(.uz)
        let actions: [KioskAction] = [.weigh, .approve, .printLabel, .cancel, .switchLanguage, .logout]
        #expect(chrome.keyBar(actions, width: 132) == "F2 Tortish  F5 Tasdiqlash  F8 Yorliq chop etish  Esc Bekor qilish  F9 Til  F10 Chiqish")
        #expect(chrome.keyBar(actions, width: 81) == "F2 Tortish F5 Tasdiqlash F8 Yorliq chop etish Esc Bekor qilish F9 Til F10 Chiqish")
        #expect(chrome.keyBar(actions, width: 80) == "F2 Tortish  F5 Tasdiqlash  F8 Yorliq  Esc Bekor  F9 Til  F10 Chiqish")
        #expect(chrome.keyBars(actions, width: 80) == ["F2 Tortish  F5 Tasdiqlash  F8 Yorliq  Esc Bekor  F9 Til  F10 Chiqish"])
        #expect(chrome.keyBars(actions, width: 40) == ["F2 Tortish  F5 Tasdiqlash  F8 Yorliq", "Esc Bekor qilish  F9 Til  F10 Chiqish"],
                "two rows when even the short words do not fit, sign-out last")
    }
}
