/// What a pull brings from Bitrix24, read off the wire by the server's client and handed to
/// `IntegrationPull` as plain values.

/// An employee from `user.get`, with the names of their departments from `department.get`.
public struct BitrixEmployee: Sendable, Equatable {
    public let externalID: String
    public let fullName: String
    /// Fired people stay in Bitrix24 as inactive: they are disabled here, never deleted.
    public let active: Bool
    /// `WORK_POSITION`: free text typed in Bitrix24.
    public let position: String
    public let department: String

    public init(externalID: String, fullName: String, active: Bool, position: String, department: String) {
        (self.externalID, self.fullName, self.active, self.position, self.department) = (externalID, fullName, active, position, department)
    }
}

/// A deal from `crm.deal.list`: the order a batch (partiya) is made for.
public struct BitrixOrder: Sendable, Equatable {
    public let externalID: String
    public let title: String
    public let stage: String
    /// `OPPORTUNITY` as the portal wrote it (a decimal string).
    public let amount: String
    public let modifiedAt: String

    public init(externalID: String, title: String, stage: String, amount: String, modifiedAt: String) {
        (self.externalID, self.title, self.stage, self.amount, self.modifiedAt) = (externalID, title, stage, amount, modifiedAt)
    }
}

/// One worked day of an employee from `timeman.timecontrol.reports.get`.
public struct BitrixWorkday: Sendable, Equatable {
    public let employeeExternalID: String
    public let start: Timestamp
    public let minutes: Int64

    public init(employeeExternalID: String, start: Timestamp, minutes: Int64) {
        (self.employeeExternalID, self.start, self.minutes) = (employeeExternalID, start, minutes)
    }
}
