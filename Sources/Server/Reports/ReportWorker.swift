import FactoryCore
import Foundation
import Logging
import NIOPosix
import ServiceLifecycle

/// The report side of `factory serve`: it runs queued report jobs one at a time on a thread
/// of its own, so a million-row export takes one reader connection and one core, never a
/// thread the API answers on; at startup it queues again the jobs a stop cut short, and every
/// hour it deletes the files past `EXPORT_RETENTION_DAYS`.
public struct ReportWorker: Service {
    let runner: ReportRunner
    let logger: Logger
    var pollMilliseconds: Int64 = 1000
    var pruneEverySeconds: Int64 = 3600

    let thread = NIOThreadPool(numberOfThreads: 1)

    public init(runner: ReportRunner, logger: Logger) { (self.runner, self.logger) = (runner, logger) }

    public func run() async throws {
        thread.start()
        let runner = runner
        do {
            let requeued = try await thread.runIfActive { try runner.services.database.write { try runner.services.reports.requeueInterrupted($0) } }
            if requeued > 0 { logger.warning("report jobs cut short by a stop are queued again", metadata: ["jobs": "\(requeued)"]) }
        } catch {
            logger.error("report jobs could not be requeued", metadata: ["error": "\(error)"])
        }
        logger.info("report worker started", metadata: ["directory": "\(runner.directory.path)"])
        await cancelWhenGracefulShutdown {
            var lastPrune: ContinuousClock.Instant?
            while !Task.isCancelled {
                if lastPrune.map({ $0.duration(to: .now) >= .seconds(pruneEverySeconds) }) ?? true {
                    lastPrune = .now
                    do {
                        let pruned = try await thread.runIfActive { try runner.pruneExpired() }
                        if pruned > 0 { logger.info("expired report files deleted", metadata: ["files": "\(pruned)"]) }
                    } catch {
                        logger.error("expired report files could not be deleted", metadata: ["error": "\(error)"])
                    }
                }
                if await runOne() { continue }
                try? await Task.sleep(for: .milliseconds(pollMilliseconds))
            }
        }
        try? await thread.shutdownGracefully()
    }

    /// Runs the oldest queued job, if one waits; answers whether one did.
    func runOne() async -> Bool {
        let runner = runner
        do {
            guard let job = try await thread.runIfActive({ try runner.runNext() }) else { return false }
            let metadata: Logger.Metadata = ["id": "\(job.id)", "type": "\(job.request.type.rawValue)", "format": "\(job.request.format.rawValue)",
                                             "rows": "\(job.rows ?? 0)", "bytes": "\(job.bytes ?? 0)", "status": "\(job.status.rawValue)"]
            if job.status == .failed {
                logger.error("report failed", metadata: metadata.merging(["error": "\(job.error ?? "")"]) { $1 })
            } else {
                logger.info("report done", metadata: metadata)
            }
            return true
        } catch {
            logger.error("the report queue could not be read", metadata: ["error": "\(error)"])
            return false
        }
    }
}
