import FactoryCore
import Foundation

/// The finance console (M11): a month at a time, its KPI (every line, every shift: plan, fact,
/// achievement, bonus, each person's share, and what was left out and why) and its payroll
/// (base, KPI bonus, advance, penalties, net per person). F2 generates the page's snapshot (a
/// correction of an approved one asks its reason), F5 approves it signed by the PIN, F8 exports
/// it as CSV and XLSX; Tab turns between KPI and payroll, PgUp/PgDn change the month.
public struct FinanceKiosk: Kiosk {
    public let chrome: Chrome

    public init(chrome: Chrome) {
        self.chrome = chrome
    }

    public enum Page: Sendable, Equatable { case kpi, payroll }

    /// What the console knows of a month.
    public struct Month: Sendable, Equatable {
        public var kpi: KPISnapshot?
        public var payroll: PayrollSnapshot?

        public init(kpi: KPISnapshot?, payroll: PayrollSnapshot?) { (self.kpi, self.payroll) = (kpi, payroll) }

        func status(_ page: Page) -> SnapshotStatus? { page == .kpi ? kpi?.status : payroll?.status }
        func version(_ page: Page) -> Int64? { page == .kpi ? kpi?.version : payroll?.version }
    }

    public enum Outcome: Sendable, Equatable {
        case none
        case generated(Page, version: Int64)
        case approved(Page, version: Int64)
        /// The files written, and where the snapshot's push to Bitrix24 stands (nil for a draft).
        case exported([String], bitrix: IntegrationStatus?)
        case refused(Failure)
    }

    /// A decision being signed: an approval, or a correction with its reason.
    public enum Signing: Sendable, Equatable { case approve, correct }

    public struct State: Sendable, Equatable {
        public var user: String
        public var month: String
        public var page = Page.kpi
        public var figures = Month(kpi: nil, payroll: nil)
        public var scroll = 0
        public var prompt: SignPrompt?
        public var signing: Signing?
        public var outcome = Outcome.none
        public var notice: Notice?
        public var busy = false

        public init(user: String, month: String) { (self.user, self.month) = (user, month) }

        var status: SnapshotStatus? { figures.status(page) }
        var version: Int64? { figures.version(page) }
    }

    public enum Event: Sendable {
        case input(KeyInput)
        case loaded(month: String, Month)
        case generated(Page, Month)
        case approved(Page, Month)
        /// The files written, and where the snapshot's push to Bitrix24 stands (nil for a draft).
        case exported([String], bitrix: IntegrationStatus?)
        case refused(Failure)
    }

    public enum Effect: Sendable, Equatable {
        case load(month: String)
        case generate(Page, month: String, reason: String?)
        case approve(Page, month: String, pin: String)
        case export(Page, month: String)
        case logout
        case switchLanguage
    }

    public static func input(_ input: KeyInput) -> Event { .input(input) }

    func actions(_ state: State) -> [KioskAction] {
        state.prompt != nil ? [.confirm, .cancel, .switchLanguage, .logout]
            : [.help, .generate, .approve, .export, .nextPage, .switchLanguage, .logout]
    }

    public func update(_ state: State, _ event: Event) -> (State, [Effect]) {
        var state = state
        if case .input = event { state.notice = nil }
        switch event {
        case .loaded(let month, let figures):
            guard month == state.month else { break }
            state.busy = false
            state.figures = figures
        case .generated(let page, let figures):
            state.busy = false
            state.figures = figures
            state.outcome = .generated(page, version: figures.version(page) ?? 0)
        case .approved(let page, let figures):
            state.busy = false
            state.figures = figures
            state.outcome = .approved(page, version: figures.version(page) ?? 0)
        case .exported(let files, let bitrix):
            state.busy = false
            state.outcome = .exported(files, bitrix: bitrix)
        case .refused(let failure):
            state.busy = false
            state.outcome = .refused(failure)
        case .input(let input):
            guard !state.busy else { break }
            return take(input, state)
        }
        return (state, [])
    }

    func take(_ input: KeyInput, _ state: State) -> (State, [Effect]) {
        var state = state
        let action = input.named.flatMap { chrome.keymap.action(for: $0, offered: actions(state)) }
        if action == .logout { return (state, [.logout]) }
        if action == .switchLanguage { return (state, [.switchLanguage]) }
        if var prompt = state.prompt {
            if action == .cancel { state.prompt = nil; state.signing = nil; return (state, []) }
            let step = prompt.take(input, action: action)
            state.prompt = prompt
            switch step {
            case .typing: break
            case .noteNeeded: state.notice = Notice("kiosk.finance.reason_needed")
            case .signed(let note, let pin):
                let signing = state.signing
                state.prompt = nil
                state.signing = nil
                state.busy = true
                state.outcome = .none
                return (state, signing == .correct ? [.generate(state.page, month: state.month, reason: note)]
                                                   : [.approve(state.page, month: state.month, pin: pin)])
            }
            return (state, [])
        }
        switch (input.named, action) {
        case ("PageUp", _), ("PageDown", _):
            guard let month = PlantCalendar.month(state.month, adding: input.named == "PageUp" ? -1 : 1) else { break }
            state.month = month
            state.figures = Month(kpi: nil, payroll: nil)
            state.scroll = 0
            state.outcome = .none
            state.busy = true
            return (state, [.load(month: month)])
        case ("Up", _): state.scroll = max(0, state.scroll - 1)
        case ("Down", _): state.scroll += 1
        case (_, .nextPage):
            state.page = state.page == .kpi ? .payroll : .kpi
            state.scroll = 0
            state.outcome = .none
        case (_, .generate):
            if state.status == .approved {
                // An approved version is frozen: a correction is a new version with its reason.
                state.prompt = SignPrompt(needsNote: true)
                state.signing = .correct
                state.outcome = .none
            } else {
                state.busy = true
                state.outcome = .none
                return (state, [.generate(state.page, month: state.month, reason: nil)])
            }
        case (_, .approve):
            switch state.status {
            case nil: state.notice = Notice("kiosk.finance.generate_first")
            case .approved?: state.notice = Notice("kiosk.finance.already_approved")
            case .draft?:
                state.prompt = SignPrompt(needsNote: false)
                state.signing = .approve
                state.outcome = .none
            }
        case (_, .export):
            guard state.status != nil else { state.notice = Notice("kiosk.finance.generate_first"); break }
            state.busy = true
            state.outcome = .none
            return (state, [.export(state.page, month: state.month)])
        case (_, .help): state.notice = .help("finance")
        default: state.notice = Notice("kiosk.finance.keys")
        }
        return (state, [])
    }

    public func feedback(_ event: Event) -> Feedback? {
        switch event {
        case .generated, .approved, .exported: .success
        case .refused(let failure): failure.isInformation ? nil : .refusal
        default: nil
        }
    }
}
