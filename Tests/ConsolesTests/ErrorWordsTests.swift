import Consoles
import FactoryCore
import Foundation
import Testing

/// Every refusal a kiosk can show is in the kiosk's language: each reason FactoryCore or a kiosk
/// raises, each gate and each code, in uz, ru and en, with no English sentence of the service
/// leaking through.
@Suite struct ErrorWordsTests {
    /// The reasons the sources raise, read from them so that a new reason without words fails
    /// here: `reason: "…"`, `.conflict("…"`, `.unavailable("…"`, `notFound("what"` (→
    /// `what_not_found`) and the two branches of a `? "…" : "…"` reason.
    static let raised: Set<String> = {
        let patterns = [
            #"reason:\s*"([a-z0-9_]+)""#,
            #"reason:\s*[^,\n]*\?\s*"([a-z0-9_]+)"\s*:\s*"([a-z0-9_]+)""#,
            #"(?:conflict|unavailable)\(\s*"([a-z0-9_]+)""#,
            #"notFound\(\s*"([a-z0-9_]+)""#,
        ].map { try! NSRegularExpression(pattern: $0) }
        var reasons: Set<String> = []
        for folder in ["Sources/FactoryCore", "Sources/Consoles"] {
            let base = CatalogueTests.root.appendingPathComponent(folder)
            let files = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)!
            for case let file as URL in files where file.pathExtension == "swift" {
                let text = try! String(contentsOf: file, encoding: .utf8)
                let range = NSRange(text.startIndex..., in: text)
                for (index, pattern) in patterns.enumerated() {
                    for match in pattern.matches(in: text, range: range) {
                        for group in 1..<match.numberOfRanges {
                            guard let found = Range(match.range(at: group), in: text) else { continue }
                            reasons.insert(index == 3 ? "\(text[found])_not_found" : String(text[found]))
                        }
                    }
                }
            }
        }
        // Reasons a rule computes rather than writes at the throw.
        let computed = [RSBinding.Refusal.noReadingInWindow, .loadNotRemoved(lastBoundID: "")].map(\.reason)
        return reasons.union(GateType.allCases.map(\.rawValue)).union(computed)
    }()

    func catalogue(_ language: Locales.Language) throws -> [String: String] {
        let data = try Data(contentsOf: CatalogueTests.root.appendingPathComponent("locales/\(language.rawValue).json"))
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    @Test func theSourcesAreReadForTheirReasons() {
        // The reading above works: it finds reasons of every kind the sources raise.
        for reason in ["wrong_pin", "pin_locked", "sign_in_locked", "no_opened_session", "package_not_found", "degaz_gate", "database_busy"] {
            #expect(Self.raised.contains(reason), "\(reason) not found in the sources")
        }
        #expect(Self.raised.count > 100)
    }

    @Test(arguments: Locales.Language.allCases)
    func everyReasonAndCodeHasItsOwnWords(language: Locales.Language) throws {
        let words = try catalogue(language)
        let english = try catalogue(.en)
        let keys = Self.raised.sorted().map { "reason.\($0)" } + ErrorCode.allCases.map { "error.\($0.rawValue).next" }
        for key in keys {
            guard let text = words[key] else {
                Issue.record("\(language.rawValue).json has no \(key)")
                continue
            }
            switch language {
            case .en: break
            case .ru:
                #expect(text != english[key], "\(key) in ru is the English text")
                #expect(text.contains { ("а"..."я").contains($0) || ("А"..."Я").contains($0) }, "\(key) in ru has no Russian word: \(text)")
            case .uz:
                #expect(text != english[key], "\(key) in uz is the English text")
                #expect(!text.contains { ("а"..."я").contains($0) || ("А"..."Я").contains($0) }, "\(key) in uz is not in Latin script: \(text)")
            }
            // Only facts that the raising sites put in the details are named in the words.
            for place in text.split(separator: "{").dropFirst() {
                let name = place.prefix { $0 != "}" }
                #expect(["key", "workcenter", "minutes", "delta_kg", "limit_kg", "sku", "material", "sum_pct", "vt_pct", "limit_pct"].contains(name), "\(key) names {\(name)}, which no detail fills")
            }
        }
    }

    @Test(arguments: Locales.Language.allCases)
    func aBannerShowsNoSentenceOfTheService(language: Locales.Language) throws {
        let chrome = try CatalogueTests.chrome(language)
        for reason in Self.raised.sorted() {
            let gate = GateType(rawValue: reason) != nil ? reason : nil
            let failure = Failure(code: gate == nil ? "business_conflict" : "gate_blocked", gate: gate, reason: reason,
                                  details: ["key": "FG-2026-12-04-000001", "workcenter": "E1"], message: "THE SERVICE'S SENTENCE")
            let banner = chrome.banner(for: failure)
            #expect(!banner.contains("THE SERVICE'S SENTENCE"), "\(reason): \(banner)")
            #expect(!banner.contains("{") && !banner.contains("reason.\(reason)"), "\(reason): \(banner)")
        }
    }

    @Test func aBannerNamesWhoCanHelpWithTheFactsOfTheRefusal() throws {
        let failure = Failure(FactoryError.conflict("no_opened_session", "op.aziz has no opened session at E1", details: ["workcenter": "E1"]))
        #expect(try CatalogueTests.chrome(.uz).banner(for: failure)
            == "Ziddiyat: E1 da ochiq sessiyangiz yo‘q: sex boshlig‘idan sessiya ochishni so‘rang, so‘ng qayta kiring.")
        #expect(try CatalogueTests.chrome(.en).banner(for: failure)
            == "Conflict: You have no opened session on E1: ask the shop head to start one, then sign in again.")
        let locked = Failure(FactoryError(.rateLimited, reason: "pin_locked", "locked", details: ["retry_after_s": "600"]))
        #expect(try CatalogueTests.chrome(.ru).banner(for: locked).contains("заблокирована на 10 мин"))
    }

    @Test func aReasonWithoutWordsGetsItsCodesWayOut() throws {
        let failure = Failure(code: "not_found", reason: "something_new", message: "something new is missing")
        #expect(try CatalogueTests.chrome(.en).banner(for: failure) == "Not found: Not in the system: check the code and scan again.")
    }
}
