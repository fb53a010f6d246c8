/// A user's position: the role the permission matrix knows (spec §23 plus `drabilka`, B4).
public enum Position: String, DomainEnum {
    case direktor, texnolog
    case sexBoshligi = "sex_boshligi"
    case `operator`
    case shopOp = "shop_op"
    case mainOmbor = "main_ombor"
    case fgOmbor = "fg_ombor"
    case otk, moliya, integrator
    /// The grinder operator, which the seed's enum forgot.
    case drabilka
    public static let domainName = "position"
}

/// Operator grade, lowest first.
public enum Grade: String, DomainEnum, Comparable {
    case stajor, kichik, katta, starshiy
    public static let domainName = "grade"

    public static func < (a: Grade, b: Grade) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Only senior operators may hold two lines at once (DECISIONS B2).
    public var maximumOpenLines: Int { self >= .katta ? 2 : 1 }
}

public enum UserStatus: String, DomainEnum {
    case active, disabled
    public static let domainName = "user.status"
}
