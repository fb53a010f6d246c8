import FactoryCore
import FactoryTestSupport
import Testing

@Suite struct QuantityParsingTests {
    @Test(arguments: [("12.345", 12_345), ("0", 0), ("0.001", 1), ("1500", 1_500_000), ("2.5", 2_500), ("+3", 3_000), (" 7.10 ", 7_100)])
    func weightsAreExactGrams(text: String, grams: Int64) throws {
        #expect(try Grams(parsing: text).grams == grams)
    }

    @Test(arguments: [
        ("-1", "negative_value"), ("-0.001", "negative_value"), ("NaN", "not_a_number"), ("nan", "not_a_number"),
        ("inf", "not_a_number"), ("-Infinity", "not_a_number"), ("1.2345", "too_precise"), ("0.0001", "too_precise"),
        ("1e400", "not_a_number"), ("1000001", "out_of_range"), ("99999999999999999999", "out_of_range"),
        ("", "empty_value"), ("abc", "not_a_number"), ("1.2.3", "not_a_number"), ("1,5", "not_a_number"), (".", "not_a_number"),
    ])
    func badWeightsAreRefusedWithTheirReason(text: String, reason: String) {
        #expect {
            try Grams(parsing: text, field: "gross_kg")
        } throws: { error in
            let factoryError = error as? FactoryError
            return factoryError?.code == .validationError && factoryError?.reason == reason
                && factoryError?.details["field"] == "gross_kg"
        }
    }

    @Test func jsonNumbersParseExactly() throws {
        #expect(try Grams(parsing: 12.345).grams == 12_345)
        // A float a client computed is refused, not rounded: 0.1 + 0.2 is not 0.3.
        #expect(throws: FactoryError.self) { try Grams(parsing: 0.1 + 0.2) }
        #expect(try Grams(parsing: 1e3).grams == 1_000_000)
        #expect(throws: FactoryError.self) { try Grams(parsing: Double.nan) }
        #expect(throws: FactoryError.self) { try Grams(parsing: Double.infinity) }
        #expect(throws: FactoryError.self) { try Grams(parsing: -0.5) }
        #expect(throws: FactoryError.self) { try Grams(parsing: 1.0e-7) }
    }

    /// A JSON number parses as its shortest written form would, value for value and refusal
    /// for refusal, whichever way the parser takes.
    @Test func aNumberParsesAsItsWrittenForm() throws {
        func written(_ number: Double) -> Int64? { try? DecimalText.parse("\(number)", scale: 3, max: Grams.maximum, field: "kg") }
        func parsed(_ number: Double) -> Int64? { try? DecimalText.parse(number, scale: 3, max: Grams.maximum, field: "kg") }
        var generator = SystemRandomNumberGenerator()
        var numbers: [Double] = [0, -0.0, 0.001, 0.0005, 30.4, 25, 999_999.999, 1_000_000, 1_000_000.001, 0.1 + 0.2,
                                 Double(Grams.maximum) / 1000, Double(Grams.maximum) / 1000 + 0.001, 1e300, 5e-324]
        for _ in 0..<20_000 {
            let grams = Int64.random(in: 0...2_000_000_000, using: &generator)
            numbers.append(Double(grams) / 1000)
            // Near misses: the neighbouring Doubles of a gram value, and values a client computed.
            numbers.append((Double(grams) / 1000).nextUp)
            numbers.append(Double(grams) / 1000 * 1.1)
            numbers.append(Double.random(in: 0...1_000, using: &generator))
        }
        for number in numbers {
            #expect(parsed(number) == written(number), "\(number)")
        }
        #expect(parsed(30.4) == 30_400)
        #expect(parsed(Double(Grams.maximum) / 1000) == Grams.maximum)
        #expect(parsed(-0.0) == nil)
    }

    @Test func exponentNotationShiftsTheDecimalPoint() throws {
        #expect(try Grams(parsing: "1.5e3").grams == 1_500_000)
        #expect(try Grams(parsing: "1234e-3").grams == 1_234)
        #expect(throws: FactoryError.self) { try Grams(parsing: "1e-4") }
    }

    @Test func formattingShowsEveryDecimal() {
        #expect(Grams(12_345).decimalText == "12.345")
        #expect(Grams(5).decimalText == "0.005")
        #expect(Grams(-1_500).decimalText == "-1.500")
        #expect(Money(minorUnits: 123_456).decimalText == "1234.56")
        #expect(Percent.whole(35).decimalText == "35.000")
    }

    @Test func arithmeticStaysExact() {
        let parts = [Grams(100), Grams(200), Grams(300)]
        #expect(parts.sum { $0 } == Grams(600))
        #expect(Grams.kilograms(5) - Grams(1) == Grams(4_999))
        #expect((Grams(1) - Grams(5)).magnitude == Grams(4))
    }

    @Test func moneyAndPercentHaveTheirOwnPrecision() throws {
        #expect(try Money(parsing: "1500000.50").minorUnits == 150_000_050)
        #expect(throws: FactoryError.self) { try Money(parsing: "1.005") }
        #expect(try Percent(parsing: "2.5").units == 2_500)
        #expect(throws: FactoryError.self) { try Percent(parsing: "35.0001") }
    }

    @Test func lengthsAreTypedToTheMillimetreAndStoredInMicrometres() throws {
        #expect(try Length(parsing: "1250.5").micrometres == 1_250_500_000)
        #expect(throws: FactoryError.self) { try Length(parsing: "1.0001") }
        #expect(try Length(parsingMillimetres: "1000", field: "width_mm").micrometres == 1_000_000)
        #expect(try AreaDensity(parsing: "0.120").units == 120_000)
    }

    @Test func aCountersLengthReadsInMetresToTheMillimetre() {
        #expect(Length(units: 249_943_000).metreText == "249.943")
        #expect(Length(units: 249_943_499).metreText == "249.943")
        #expect(Length(units: 249_943_500).metreText == "249.944", "half a millimetre rounds up")
        #expect(Length.metres(250).metreText == "250.000")
        #expect(Length(units: 400).metreText == "0.000")
    }
}
