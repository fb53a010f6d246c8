import FactoryCore
import Foundation

/// The integrator's Bitrix24 console (M10): the queue with each item's status, attempts, next
/// try and last error (F5 retries the chosen one now), the employees pulled from Bitrix24 and the
/// user each is matched to (Enter corrects a wrong match by typing the right username), F2 pulls
/// employees, orders and attendance now, F11 reads everything again. Tab turns between the pages.
public struct IntegratorKiosk: Kiosk {
    public let chrome: Chrome

    public init(chrome: Chrome) { self.chrome = chrome }

    public enum Page: Sendable, Equatable { case queue, employees }

    /// What the console knows: the newest queue items, the employees' matches, the backlog.
    public struct Desk: Sendable, Equatable {
        public var queue: [IntegrationQueue.Entry]
        public var employees: [IntegrationMapping.Entry]
        /// When it was read: the next tries are shown as waits from then.
        public var now: Timestamp
        /// The open alerts that concern the integrator (silent scales, the database, the backlog, calibrations).
        public var alerts: [AlertService.Alert]

        public init(queue: [IntegrationQueue.Entry], employees: [IntegrationMapping.Entry], now: Timestamp, alerts: [AlertService.Alert] = []) {
            (self.queue, self.employees, self.now, self.alerts) = (queue, employees, now, alerts)
        }

        var waiting: Int { queue.filter { $0.status != .sent }.count }
        var escalated: Int { queue.filter(\.escalated).count }
    }

    public enum Outcome: Sendable, Equatable {
        case none
        case retried(IntegrationEntity)
        case pulled
        case relinked(externalID: String, username: String)
        case refused(Failure)
    }

    public struct State: Sendable, Equatable {
        public var user: String
        public var page = Page.queue
        public var desk = Desk(queue: [], employees: [], now: Timestamp(microsecondsSinceEpoch: 0))
        public var selected = 0
        /// The username being typed for the chosen employee.
        public var typing: String?
        public var outcome = Outcome.none
        public var notice: Notice?
        public var busy = false

        public init(user: String) { self.user = user }

        var rows: Int { page == .queue ? desk.queue.count : desk.employees.count }
    }

    public enum Event: Sendable {
        case input(KeyInput)
        case loaded(Desk)
        case done(Outcome, Desk)
        case refused(Failure)
    }

    public enum Effect: Sendable, Equatable {
        case load
        case retry(id: String)
        case pull
        case relink(mappingID: String, username: String)
        case logout
        case switchLanguage
    }

    public static func input(_ input: KeyInput) -> Event { .input(input) }

    func actions(_ state: State) -> [KioskAction] {
        if state.typing != nil { return [.confirm, .cancel, .switchLanguage, .logout] }
        return [.help, .pull, state.page == .queue ? .retry : .confirm, .refresh, .nextPage, .switchLanguage, .logout]
    }

    public func update(_ state: State, _ event: Event) -> (State, [Effect]) {
        var state = state
        if case .input = event { state.notice = nil }
        switch event {
        case .loaded(let desk):
            state.busy = false
            state.desk = desk
        case .done(let outcome, let desk):
            state.busy = false
            state.desk = desk
            state.outcome = outcome
        case .refused(let failure):
            state.busy = false
            state.outcome = .refused(failure)
        case .input(let input):
            guard !state.busy else { break }
            return take(input, state)
        }
        state.selected = min(state.selected, max(0, state.rows - 1))
        return (state, [])
    }

    func take(_ input: KeyInput, _ state: State) -> (State, [Effect]) {
        var state = state
        let action = input.named.flatMap { chrome.keymap.action(for: $0, offered: actions(state)) }
        if action == .logout { return (state, [.logout]) }
        if action == .switchLanguage { return (state, [.switchLanguage]) }
        if var typed = state.typing {
            switch input {
            case .key(.character(let character)): typed.append(character)
            case .scan(let code): typed = code
            case .retract(let text): typed.removeLast(min(text.count, typed.count))
            case .key(.named("Backspace")): if !typed.isEmpty { typed.removeLast() }
            case .key(.named):
                if action == .cancel { state.typing = nil; return (state, []) }
                if action == .confirm {
                    let name = typed.trimmingCharacters(in: .whitespaces)
                    guard !name.isEmpty, state.desk.employees.indices.contains(state.selected) else {
                        state.notice = Notice("kiosk.integrator.username_needed")
                        return (state, [])
                    }
                    state.typing = nil
                    state.busy = true
                    state.outcome = .none
                    return (state, [.relink(mappingID: state.desk.employees[state.selected].id, username: name)])
                }
            }
            state.typing = typed
            return (state, [])
        }
        switch (input.named, action) {
        case ("Up", _): state.selected = max(0, state.selected - 1)
        case ("Down", _): state.selected = min(max(0, state.rows - 1), state.selected + 1)
        case (_, .nextPage):
            state.page = state.page == .queue ? .employees : .queue
            state.selected = 0
            state.outcome = .none
        case (_, .retry):
            guard state.desk.queue.indices.contains(state.selected) else { state.notice = Notice("kiosk.integrator.nothing_chosen"); break }
            let item = state.desk.queue[state.selected]
            guard item.status != .sent else { state.notice = Notice("kiosk.integrator.already_sent"); break }
            state.busy = true
            state.outcome = .none
            return (state, [.retry(id: item.id)])
        case (_, .confirm):
            guard state.page == .employees, state.desk.employees.indices.contains(state.selected) else {
                state.notice = Notice("kiosk.integrator.nothing_chosen")
                break
            }
            state.typing = ""
            state.outcome = .none
        case (_, .pull):
            state.busy = true
            state.outcome = .none
            return (state, [.pull])
        case (_, .refresh):
            state.busy = true
            state.outcome = .none
            return (state, [.load])
        case (_, .help): state.notice = .help("integrator")
        default: state.notice = Notice("kiosk.integrator.keys")
        }
        return (state, [])
    }

    public func feedback(_ event: Event) -> Feedback? {
        switch event {
        case .done: .success
        case .refused(let failure): failure.isInformation ? nil : .refusal
        default: nil
        }
    }
}
