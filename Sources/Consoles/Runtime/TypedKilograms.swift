import FactoryCore

/// Kilograms as a person types them at a kiosk: with a decimal comma, the habit in Uzbek and
/// Russian, or a point alike ("2,5" and "2.5" are both 2.500 kg). Everything else is the one
/// exact parsing of FactoryCore.
public enum TypedKilograms {
    public static func parse(_ typed: String, field: String) throws -> Grams {
        try Grams(parsing: String(typed.map { $0 == "," ? "." : $0 }), field: field)
    }

    /// A percentage typed the same way ("2,5" and "2.5" are 2.5 %): a recipe's share or limit.
    public static func percent(_ typed: String, field: String) throws -> Percent {
        try Percent(parsing: String(typed.map { $0 == "," ? "." : $0 }), field: field)
    }

    /// The characters a kilogram field takes.
    public static func accepts(_ character: Character) -> Bool {
        character.isNumber || character == "." || character == ","
    }
}
