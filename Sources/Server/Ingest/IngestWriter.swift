import FactoryCore
import NIOPosix
import Synchronization

/// Group commit for the ingest: readings of requests that arrive while a transaction is being
/// written wait for the next one, and that one stores them all. At the floor's load each
/// request is its own transaction, as before; under a burst the database sees one commit for
/// many requests instead of one each. Each request still gets its own counts, and a batch that
/// fails is retried request by request, so one bad request never takes others down with it.
final class IngestWriter: Sendable {
    struct Counts: Sendable, Equatable {
        var accepted = 0, duplicates = 0, late = 0
    }

    private struct Pending {
        let device: Device
        let readings: [ScaleReading]
        let answer: CheckedContinuation<Counts, any Error>
    }

    private struct State {
        var pending: [Pending] = []
        var writing = false
    }

    private let state = Mutex(State())
    private let services: FactoryServices
    private let pool: NIOThreadPool

    init(services: FactoryServices, pool: NIOThreadPool) {
        self.services = services
        self.pool = pool
    }

    func store(_ readings: [ScaleReading], from device: Device) async throws -> Counts {
        try await withCheckedThrowingContinuation { answer in
            let start = state.withLock { state in
                state.pending.append(Pending(device: device, readings: readings, answer: answer))
                defer { state.writing = true }
                return !state.writing
            }
            if start { pool.submit { [self] _ in drain() } }
        }
    }

    /// Runs on a database thread until nothing is pending.
    private func drain() {
        while true {
            let batch: [Pending] = state.withLock { state in
                guard !state.pending.isEmpty else {
                    state.writing = false
                    return []
                }
                defer { state.pending = [] }
                return state.pending
            }
            guard !batch.isEmpty else { return }
            do {
                let counts = try services.perform { db in try batch.map { try record($0, db) } }
                for (item, counts) in zip(batch, counts) { item.answer.resume(returning: counts) }
            } catch {
                for item in batch {
                    do { item.answer.resume(returning: try services.perform { try record(item, $0) }) }
                    catch { item.answer.resume(throwing: error) }
                }
            }
        }
    }

    private func record(_ item: Pending, _ db: any SQLConnection) throws -> Counts {
        var counts = Counts()
        for reading in item.readings {
            switch try services.scaleEvents.record(db, device: item.device, reading) {
            case .accepted(_, let late):
                counts.accepted += 1
                if late { counts.late += 1 }
            case .duplicate:
                counts.duplicates += 1
            }
        }
        return counts
    }
}
