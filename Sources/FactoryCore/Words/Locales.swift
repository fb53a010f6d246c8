import Foundation

/// The words the kiosks and the reports show, per language: Uzbek by default, Russian and English beside it.
/// Catalogues are flat JSON files in `locales/` (`uz.json`, `ru.json`, `en.json`).
public struct Locales: Sendable {
    public enum Language: String, Sendable, CaseIterable {
        case uz, ru, en
    }

    private let catalogues: [Language: [String: String]]
    public let language: Language

    public init(directory: URL, language: Language = .uz) throws {
        var catalogues: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let url = directory.appendingPathComponent("\(language.rawValue).json")
            guard let data = FileManager.default.contents(atPath: url.path) else { continue }
            do {
                catalogues[language] = try JSONDecoder().decode([String: String].self, from: data)
            } catch {
                throw FactoryError.validation(field: "locales", reason: "bad_catalogue", "\(url.path) is not a flat JSON object of strings")
            }
        }
        guard catalogues[.uz] != nil else {
            throw FactoryError.validation(field: "locales", reason: "missing_catalogue", "the Uzbek catalogue uz.json is missing in \(directory.path)")
        }
        self.catalogues = catalogues
        self.language = language
    }

    /// No catalogue at all: every text is its key. For a process started without its shipped
    /// files, so that it still answers, visibly unworded.
    public static let keysOnly = Locales(catalogues: [.uz: [:]], language: .uz)

    /// The catalogues shipped with the product (`SharedFiles`), or keys only when absent.
    public static func shipped(language: Language = .uz) -> Locales {
        (try? Locales(directory: URL(fileURLWithPath: SharedFiles.path("locales")), language: language)) ?? keysOnly
    }

    /// The same catalogues read in another language.
    public func speaking(_ language: Language) -> Locales {
        Locales(catalogues: catalogues, language: language)
    }

    private init(catalogues: [Language: [String: String]], language: Language) {
        (self.catalogues, self.language) = (catalogues, language)
    }

    /// The text for `key` in the chosen language, falling back to Uzbek, then to the key itself
    /// so a missing word shows up on screen instead of a blank.
    public func text(_ key: String) -> String {
        catalogues[language]?[key] ?? catalogues[.uz]?[key] ?? key
    }

    /// Whether the chosen language has its own word for `key` (no fallback).
    public func has(_ key: String) -> Bool {
        catalogues[language]?[key] != nil
    }

    /// The text for `key` with its `{name}` places filled from `values`; a place with no value
    /// is left out with the space before it, so a missing fact never shows as braces.
    public func text(_ key: String, filling values: [String: String]) -> String {
        var text = self.text(key)
        while let open = text.firstIndex(of: "{"), let close = text[open...].firstIndex(of: "}") {
            let name = String(text[text.index(after: open)..<close])
            if let value = values[name] {
                text.replaceSubrange(open...close, with: value)
            } else {
                let start = open > text.startIndex && text[text.index(before: open)] == " " ? text.index(before: open) : open
                text.removeSubrange(start...close)
            }
        }
        return text
    }

    /// An amount with its unit in this language ("12.500 kg", "12.500 кг").
    public func kg(_ amount: String) -> String { "\(amount) \(text("unit.kg"))" }
    public func m(_ amount: String) -> String { "\(amount) \(text("unit.m"))" }
}

/// A language is parsed like every other word of the domain (`invalid_enum` naming uz, ru, en).
extension Locales.Language: DomainEnum {
    public static let domainName = "language"
}
