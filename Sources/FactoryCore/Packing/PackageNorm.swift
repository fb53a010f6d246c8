/// How a package's weight stands against its SKU's norm for its length, by the one tolerance
/// rule packing judged it by: what the inspector and the shop head read before deciding.
public struct PackageNorm: Sendable, Equatable {
    public let norm: Grams
    public let deviation: Percent
    /// The SKU's weight tolerance, when it has one.
    public let tolerance: Percent?
    /// The package weighs less than the norm.
    public let below: Bool

    public init(norm: Grams, deviation: Percent, tolerance: Percent?, below: Bool) {
        (self.norm, self.deviation, self.tolerance, self.below) = (norm, deviation, tolerance, below)
    }

    /// Nil when the package has no length or its SKU no usable conversion.
    public static func of(_ package: Package, factors: Tolerance.Factors) -> PackageNorm? {
        guard let length = package.length else { return nil }
        switch Tolerance.check(weight: package.weight, length: length, factors: factors) {
        case .ok(let norm, let deviation), .review(let norm, let deviation):
            return PackageNorm(norm: norm, deviation: deviation, tolerance: factors.toleranceWeight, below: package.weight < norm)
        case .noConversion:
            return nil
        }
    }

    /// The package's norm read from its session's SKU.
    public static func of(_ db: any SQLConnection, _ package: Package) throws -> PackageNorm? {
        of(package, factors: try PackageService.factors(try PackageService.lineRow(db, session: package.sessionID)))
    }
}
