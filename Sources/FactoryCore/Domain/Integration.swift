public enum IntegrationDirection: String, DomainEnum {
    case pull, push
    public static let domainName = "integration.direction"
}

public enum IntegrationEntity: String, DomainEnum {
    case user, order, attendance, kpi, payroll
    public static let domainName = "integration.entity"
}

public enum IntegrationOperation: String, DomainEnum {
    case upsert, export
    public static let domainName = "integration.operation"
}

public enum IntegrationStatus: String, DomainEnum {
    case pending, sent, error
    public static let domainName = "integration.status"
}

/// KPI and payroll snapshots: generated as draft, approved once.
public enum SnapshotStatus: String, DomainEnum {
    case draft, approved
    public static let domainName = "snapshot.status"
}
