public enum MaterialCategory: String, DomainEnum {
    case perv, vt, additiv
    public static let domainName = "material.category"
}

public enum PolymerFamily: String, DomainEnum {
    case pe = "PE", pp = "PP", pvc = "PVC", other = "OTHER"
    public static let domainName = "polymer_family"
}

public enum SKUCategory: String, DomainEnum {
    case polotno, setka, ot, js, profil
    case lamOut = "lam_out"
    case dubl, kesilgan, izdeliya, vt
    public static let domainName = "sku.category"
}

public enum UnitOfMeasure: String, DomainEnum {
    case kg, m, m2
    public static let domainName = "uom"
}

public enum RecipeStatus: String, DomainEnum {
    case draft, published
    public static let domainName = "recipe.status"
}

/// A recipe line's component type; the VT share of a session counts `vt` lines.
public enum ComponentType: String, DomainEnum {
    case perv, vt, additiv
    public static let domainName = "component_type"
}
