import FactoryCore
import FactoryTestSupport
import Testing

/// Spec §19.2 and DECISIONS B10.
@Suite struct ToleranceTests {
    // POL-10: 0.120 kg/m², 1000 mm wide, 2 % tolerance.
    let polotno = Tolerance.Factors(kgPerM2: AreaDensity(units: 120_000), width: .millimetres(1000),
                                    kgPerM: nil, toleranceWeight: .whole(2))
    // SET-05: 0.050 kg/m, 3 % tolerance.
    let setka = Tolerance.Factors(kgPerM2: nil, width: nil, kgPerM: LinearDensity(units: 50_000), toleranceWeight: .whole(3))

    @Test func theNormComesFromAreaOrLength() {
        #expect(Tolerance.norm(polotno, length: .metres(250)) == Grams.kilograms(30))
        #expect(Tolerance.norm(setka, length: .metres(500)) == Grams.kilograms(25))
        #expect(Tolerance.norm(polotno, length: Length(units: 1_500)) == nil, "1.5 mm weighs 0 g: no norm, no division by zero")
    }

    @Test func withinTheToleranceIsOK() {
        #expect(Tolerance.check(weight: Grams(30_600), length: .metres(250), factors: polotno)
                == .ok(norm: Grams(30_000), deviation: .whole(2)))
        #expect(Tolerance.check(weight: Grams(29_400), length: .metres(250), factors: polotno).status == .ok)
    }

    @Test func oneGramOverTheToleranceGoesToReview() {
        let verdict = Tolerance.check(weight: Grams(30_601), length: .metres(250), factors: polotno)
        #expect(verdict.status == .review)
        #expect(verdict == .review(norm: Grams(30_000), deviation: Percent(units: 2_004)))
    }

    @Test func anSKUWithoutAConversionIsHeld() {
        let bare = Tolerance.Factors(kgPerM2: AreaDensity(units: 120_000), width: nil, kgPerM: nil, toleranceWeight: .whole(2))
        #expect(Tolerance.check(weight: Grams(30_000), length: .metres(250), factors: bare).status == nil)
        let noTolerance = Tolerance.Factors(kgPerM2: nil, width: nil, kgPerM: LinearDensity(units: 50_000), toleranceWeight: nil)
        #expect(Tolerance.check(weight: Grams(30_000), length: .metres(250), factors: noTolerance).status == nil)
    }

    @Test func hugeRollsDoNotOverflow() {
        let norm = Tolerance.norm(polotno, length: .metres(1_000_000))
        #expect(norm == Grams(120_000_000))
    }
}
