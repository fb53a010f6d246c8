/// The three kinds of stock location; zones (`FG-ZONE-A`) sit inside them.
public enum LocationKind: String, DomainEnum {
    case main = "MAIN", shop = "SHOP", fg = "FG"
    public static let domainName = "location"
}

public enum StockItemType: String, DomainEnum {
    case material, sku, vt
    public static let domainName = "stock_item.type"
}

public enum StockTxnType: String, DomainEnum {
    /// Material weighed into MAIN on a MAIN scale: where the tracked flow starts (inbound
    /// logistics stay outside the product).
    case mainReceive = "MAIN_RECEIVE"
    case mainToShop = "MAIN_TO_SHOP"
    case shopReceive = "SHOP_RECEIVE"
    case shopSnapshot = "SHOP_SNAPSHOT"
    case shopToMain = "SHOP_TO_MAIN"
    case shopToSession = "SHOP_TO_SESSION"
    case fgReceive = "FG_RECEIVE"
    case reworkVTIn = "REWORK_VT_IN"
    case disposeWaste = "DISPOSE_WASTE"
    public static let domainName = "stock_txn.type"
}

/// A shipment between MAIN and SHOP: weighed out, then weighed in (DECISIONS A, B17).
public enum TransferStatus: String, DomainEnum {
    case inTransit = "in_transit"
    case completed, cancelled
    public static let domainName = "transfer.status"
}

public enum TransferDirection: String, DomainEnum {
    case mainToShop = "main_to_shop"
    case shopToMain = "shop_to_main"
    public static let domainName = "transfer.direction"
}
