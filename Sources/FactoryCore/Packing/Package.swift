/// A packed roll or bale with its QR label (M5).
public struct Package: Sendable, Equatable, Identifiable {
    public typealias ID = TypedID<Package>
    public let id: ID
    public let sessionID: Session.ID
    public let sku: String
    public let parentID: ID?
    public let qrCode: String
    public let weight: Grams
    public let weightTrusted: Bool
    public let length: Length?
    public let lengthMode: LengthMode?
    public let lengthTrusted: Bool?
    public let toleranceStatus: ToleranceStatus
    public let status: PackageStatus
    public let degazStatus: DegazStatus?
    public let createdAt: Timestamp

    init(id: ID, sessionID: Session.ID, sku: String, parentID: ID?, qrCode: String, weight: Grams, weightTrusted: Bool, length: Length?,
         lengthMode: LengthMode?, lengthTrusted: Bool?, toleranceStatus: ToleranceStatus, status: PackageStatus, degazStatus: DegazStatus?,
         createdAt: Timestamp) {
        self.id = id
        self.sessionID = sessionID
        self.sku = sku
        self.parentID = parentID
        self.qrCode = qrCode
        self.weight = weight
        self.weightTrusted = weightTrusted
        self.length = length
        self.lengthMode = lengthMode
        self.lengthTrusted = lengthTrusted
        self.toleranceStatus = toleranceStatus
        self.status = status
        self.degazStatus = degazStatus
        self.createdAt = createdAt
    }

    init(row: Row) throws {
        id = try row.id("id")
        sessionID = try row.id("session_id")
        sku = try row.string("sku_code")
        parentID = try row.optionalID("parent_package_id")
        qrCode = try row.string("qr_code")
        weight = try row.quantity("weight_g")
        weightTrusted = try row.bool("weight_trusted_bool")
        length = try row.optionalQuantity("length_um")
        lengthMode = try row.optionalWord("length_mode")
        lengthTrusted = row.isNull("length_trusted_bool") ? nil : try row.bool("length_trusted_bool")
        toleranceStatus = try row.word("tolerance_status")
        status = try row.word("status")
        degazStatus = try row.optionalWord("degaz_status")
        createdAt = try row.timestamp("created_at")
    }

    static let select = "SELECT p.*, k.code AS sku_code FROM packages p JOIN skus k ON k.id = p.sku_id"

    public static func load(_ db: any SQLConnection, _ id: ID) throws -> Package {
        guard let row = try db.queryOne("\(select) WHERE p.id = ?", id) else { throw FactoryError.notFound("package", id.text) }
        return try Package(row: row)
    }

    public static func find(_ db: any SQLConnection, qrCode: String) throws -> Package? {
        try db.queryOne("\(select) WHERE p.qr_code = ?", qrCode).map(Package.init(row:))
    }

    var auditState: JSONValue {
        ["qr_code": .string(qrCode), "status": .string(status.rawValue), "weight_g": .int(weight.grams),
         "weight_trusted": .bool(weightTrusted), "length_um": JSONValue.from(length?.micrometres),
         "tolerance_status": .string(toleranceStatus.rawValue), "degaz_status": JSONValue.from(degazStatus?.rawValue)]
    }
}
