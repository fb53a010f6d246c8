/// The optional per-device allowlist of the ingest (spec §7): exact addresses, or IPv4 ranges
/// in CIDR form (`10.20.0.0/16`). An empty list lets any address through.
public enum IPAllowlist {
    public static func allows(_ address: String?, _ entries: [String]) -> Bool {
        guard !entries.isEmpty else { return true }
        guard let address else { return false }
        return entries.contains { entry in
            guard let slash = entry.firstIndex(of: "/") else { return entry == address }
            guard let network = ipv4(String(entry[..<slash])), let bits = Int(entry[entry.index(after: slash)...]),
                  (0...32).contains(bits), let host = ipv4(address) else { return false }
            let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
            return network & mask == host & mask
        }
    }

    static func ipv4(_ text: String) -> UInt32? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var value: UInt32 = 0
        for part in parts {
            guard let octet = UInt8(part) else { return nil }
            value = value << 8 | UInt32(octet)
        }
        return value
    }
}
