import FactoryCore
import Foundation
import ScaleGateway

/// A simulated indicator on a pseudo-terminal (`factory simulate --serial`): the same loads as
/// the HTTP simulator, streamed ten frames a second in a real indicator's format (or answered
/// when a Modbus gateway asks), so that a gateway reads them as it would read a scale.
public final class SerialIndicator: @unchecked Sendable {
    public let device: Device
    public let format: String
    public let terminal: PseudoTerminal
    private var simulation: ScaleSimulation
    private var random: SplitMix

    public init(device: Device, format: String, seed: UInt64) throws {
        self.device = device
        self.format = format
        terminal = try PseudoTerminal()
        simulation = ScaleSimulation(profile: .of(device), seed: seed)
        random = SplitMix(state: seed ^ 0x5EED)
    }

    /// Streams until `stop` says so; a thread of its own.
    public func run(until stop: @escaping @Sendable () -> Bool) {
        var reading = simulation.tick()
        var frame = 0
        while !stop() {
            let started = ContinuousClock.now
            if frame.isMultiple(of: 10) { reading = simulation.tick() }
            frame += 1
            // Between the once-a-second readings a settling pan keeps swinging frame by frame.
            let swing = reading.stable ? 0 : max(1, reading.gross.grams / 100)
            let grams = max(0, reading.gross.grams + Int64.random(in: -swing...swing, using: &random))
            if let bytes = IndicatorOutput.frame(format, grams: grams, stable: reading.stable) {
                terminal.write(bytes)
                let elapsed = ContinuousClock.now - started
                if elapsed < .milliseconds(100) { Thread.sleep(forTimeInterval: (.milliseconds(100) - elapsed) / .seconds(1)) }
            } else {
                // A polled indicator answers what it is asked within the frame's 100 ms.
                var question: [UInt8] = []
                while ContinuousClock.now - started < .milliseconds(100) {
                    question += terminal.read(waiting: 20)
                    while question.count >= 8 {
                        // Not a question for this indicator: look for one a byte further on.
                        guard let answer = IndicatorOutput.modbusAnswer(to: Array(question.prefix(8)), grams: grams, stable: reading.stable) else {
                            question.removeFirst()
                            continue
                        }
                        terminal.write(answer)
                        question.removeFirst(8)
                    }
                }
            }
        }
    }
}
