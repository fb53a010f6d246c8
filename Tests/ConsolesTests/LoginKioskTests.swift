import Consoles
import FactoryCore
import Foundation
import Testing

/// The sign-in screen every kiosk opens with: a badge scan fills the name, the PIN is typed,
/// a refusal says what to do; a roll's label is not taken for a badge.
@Suite struct LoginKioskTests {
    static func kiosk(_ language: Locales.Language) throws -> LoginKiosk {
        let chrome = try CatalogueTests.chrome(language)
        return LoginKiosk(chrome: chrome, kioskTitle: chrome.locales.text("kiosk.fg.title"))
    }

    @Test func aBadgeFillsTheNameAndARollsLabelDoesNot() throws {
        let kiosk = try Self.kiosk(.en)
        let badge = kiosk.update(.init(), .input(.scan("fg.ombor"))).0
        #expect(badge.username == "fg.ombor" && badge.focus == .pin)
        let label = kiosk.update(.init(), .input(.scan("FG-2026-11-25-000001"))).0
        #expect(label.username.isEmpty && label.focus == .username)
        #expect(label.message?.hasPrefix("That is a roll's label, not a badge") == true)
    }

    /// Every state in Uzbek, Russian and English against `Golden/login.txt`.
    @Test func everyScreenMatchesItsGoldenText() throws {
        var text = ""
        for language in Locales.Language.allCases {
            let kiosk = try Self.kiosk(language)
            let words = try CatalogueTests.chrome(language).locales
            let empty = LoginKiosk.State()
            var typed = kiosk.update(empty, .input(.scan("fg.ombor"))).0
            for digit in "44" { typed = kiosk.update(typed, .input(.key(.character(digit)))).0 }
            let wrong = kiosk.update(typed, .refused(words.text("login.wrong"))).0
            let locked = kiosk.update(typed, .refused(words.text("login.locked"))).0
            let label = kiosk.update(empty, .input(.scan("FG-2026-11-25-000001"))).0
            for (name, state) in [("empty", empty), ("badge and PIN", typed), ("wrong PIN", wrong), ("locked", locked),
                                  ("a roll's label", label)] {
                text += "== \(language.rawValue) \(name)\n" + kiosk.view(state, width: 80, height: 24).text + "\n"
            }
        }
        try Golden.check(text, file: "login.txt")
    }
}
