/// What a KPI snapshot is computed from, as plain values: the rolls packed in the period, the
/// plan norms, the crews' attendance and the configuration. `KPIFacts.load` reads them;
/// `KPICalculation` turns them into shift results without a database.
public struct KPIFacts: Sendable {
    /// One packed roll (or the OK part of a partial one) and where it stands.
    public struct Roll: Sendable, Equatable {
        public let packageID: String
        public let qrCode: String
        public let workcenterID: String
        public let shiftStart: Timestamp
        public let skuID: String
        public let skuCode: String
        public let weight: Grams
        /// Micrometres; a partial's OK part has the parent's length in proportion to its weight.
        public let lengthUM: Int64?
        public let widthUM: Int64?
        public let weightTrusted: Bool
        public let lengthTrusted: Bool
        /// The shop head approved counting this typed weight (`manual_weight_kpi_override`).
        public let overridden: Bool
        public let qcOK: Bool
        public let sessionClosed: Bool

        public init(packageID: String, qrCode: String, workcenterID: String, shiftStart: Timestamp, skuID: String, skuCode: String,
                    weight: Grams, lengthUM: Int64?, widthUM: Int64?, weightTrusted: Bool, lengthTrusted: Bool, overridden: Bool,
                    qcOK: Bool, sessionClosed: Bool) {
            (self.packageID, self.qrCode, self.workcenterID, self.shiftStart, self.skuID, self.skuCode) =
                (packageID, qrCode, workcenterID, shiftStart, skuID, skuCode)
            (self.weight, self.lengthUM, self.widthUM, self.weightTrusted, self.lengthTrusted, self.overridden, self.qcOK, self.sessionClosed) =
                (weight, lengthUM, widthUM, weightTrusted, lengthTrusted, overridden, qcOK, sessionClosed)
        }

        /// The roll in milli-units of a norm's unit: grams, millimetres, or thousandths of a m².
        public func quantity(in uom: UnitOfMeasure) -> Int64 {
            switch uom {
            case .kg: weight.grams
            case .m: (lengthUM ?? 0) / 1000
            case .m2: (lengthUM ?? 0) * (widthUM ?? 0) / 1_000_000_000
            }
        }

        /// Whether the measure the norm counts was typed rather than read from a device.
        public func isManual(in uom: UnitOfMeasure) -> Bool { uom == .kg ? !weightTrusted : !lengthTrusted }
    }

    public struct Norm: Sendable, Equatable {
        public let skuID: String
        public let workcenterID: String
        public let plan24hMilli: Int64
        public let uom: UnitOfMeasure
        public let normCrew: Int64
        public let shiftHours: Int64

        public init(skuID: String, workcenterID: String, plan24hMilli: Int64, uom: UnitOfMeasure, normCrew: Int64, shiftHours: Int64) {
            (self.skuID, self.workcenterID, self.plan24hMilli, self.uom, self.normCrew, self.shiftHours) =
                (skuID, workcenterID, plan24hMilli, uom, normCrew, shiftHours)
        }
    }

    /// One person's hours on a line in one shift.
    public struct Attendance: Sendable, Equatable {
        public let userID: String
        public let username: String
        public let workcenterID: String
        public let shiftStart: Timestamp
        public let minutes: Int64

        public init(userID: String, username: String, workcenterID: String, shiftStart: Timestamp, minutes: Int64) {
            (self.userID, self.username, self.workcenterID, self.shiftStart, self.minutes) = (userID, username, workcenterID, shiftStart, minutes)
        }
    }

    public struct Config: Sendable, Equatable {
        public let bonusAt100: Money
        public let cap: Percent
        public let allowManual: Bool
        /// Penalty kinds and the amount of each (`penalties_json`).
        public let penalties: [String: Money]

        public init(bonusAt100: Money, cap: Percent, allowManual: Bool, penalties: [String: Money] = [:]) {
            (self.bonusAt100, self.cap, self.allowManual, self.penalties) = (bonusAt100, cap, allowManual, penalties)
        }
    }

    public var rolls: [Roll]
    public var norms: [Norm]
    public var attendance: [Attendance]
    public var config: Config

    public init(rolls: [Roll], norms: [Norm], attendance: [Attendance], config: Config) {
        (self.rolls, self.norms, self.attendance, self.config) = (rolls, norms, attendance, config)
    }
}
