import FactoryCore
import Foundation

/// The packing kiosk's service calls at a packing post (FactoryCore's `PackingPost`: the
/// scale, the counter, the operator's session), turned into the kiosk's events.
struct PackingStation {
    let services: FactoryServices
    let actor: Actor
    let scale: Device
    let counter: Device?
    let session: Session
    let printer: LabelPrinter?

    var title: String { "\(session.workcenter) · \(session.sku) · \(session.partiyaNo) · \(scale.code)" }

    static func find(_ services: FactoryServices, device: String?, operator actor: Actor, printer: LabelPrinter?) throws -> PackingStation {
        guard let device else {
            throw FactoryError.validation(field: "device", reason: "missing_field", "the packing kiosk needs --device (its scale)")
        }
        let post = try services.database.read { try PackingPost.find($0, sessions: services.sessions, scale: device, operator: actor) }
        return PackingStation(services: services, actor: actor, scale: post.scale, counter: post.counter, session: post.session, printer: printer)
    }

    func latest() -> LiveWeight? { LiveWeight.latest(of: scale, in: services) }

    /// Creates the package and prints its label (a package on hold gets none: it is not to ship).
    /// The length is the counter's, or typed with its reason when the switch is on Manual (then
    /// checked against the counter's where the line has one, B10).
    func pack(manual: (metres: String, reason: String)?) -> [PackingKiosk.Event] {
        do {
            let length: PackageService.LengthSource
            if let manual {
                let metres = try Length(parsing: manual.metres.replacingOccurrences(of: ",", with: "."), field: "length_m")
                length = .manual(metres, reason: manual.reason, counter: counter?.code)
            } else {
                guard let counter else {
                    throw FactoryError.validation(field: "length_device_id", reason: "no_counter", "this line has no length counter")
                }
                length = .counter(device: counter.code)
            }
            let package = try services.perform {
                try services.packages.create($0, by: actor, .init(session: session.id, scale: scale.code, length: length))
            }
            let packed = PackingKiosk.Event.packed(.init(id: package.id.text, qrCode: package.qrCode, weight: package.weight.decimalText,
                                                         length: package.length?.metreText, status: package.status.rawValue))
            guard printer != nil, package.status != .onHold else { return [packed] }
            return [packed, print(package)]
        } catch {
            return [.refused(Failure(error))]
        }
    }

    func print(_ id: String) -> PackingKiosk.Event {
        guard let packageID = Package.ID(id), let package = try? services.database.read({ try Package.load($0, packageID) }) else {
            return .printFailed("package \(id) not found")
        }
        return print(package)
    }

    private func print(_ package: Package) -> PackingKiosk.Event {
        guard let printer else { return .printFailed("no label printer configured (--printer)") }
        do {
            try printer.print(.init(qrCode: package.qrCode, sku: package.sku, weight: package.weight.decimalText,
                                    length: package.length?.metreText, lot: session.partiyaNo))
            return .printed
        } catch {
            return .printFailed("\(error)")
        }
    }

    func submitReview(_ id: String, reason: String) -> PackingKiosk.Event {
        do {
            guard let packageID = Package.ID(id) else { throw FactoryError.notFound("package", id) }
            _ = try services.perform { try services.packages.submitReview($0, by: actor, package: packageID, reason: reason) }
            return .submitted
        } catch {
            return .refused(Failure(error))
        }
    }
}
