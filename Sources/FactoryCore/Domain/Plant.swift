public enum WorkcenterType: String, DomainEnum {
    case extruder, coater, laminator, duplicator, cutter
    case reworkHard = "rework_hard"
    case reworkSoft = "rework_soft"
    public static let domainName = "workcenter.type"
}

public enum DeviceType: String, DomainEnum {
    case scale
    case lengthCounter = "length_counter"
    public static let domainName = "device.type"
}

public enum Shift: String, DomainEnum {
    case day, night
    public static let domainName = "shift"
}
