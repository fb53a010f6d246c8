import FactoryCore
import Foundation

/// A supervisor's reports (M14): the shop head prints the shift's handover sheet, the director
/// takes any report as PDF, XLSX or CSV. Tab walks the form (report, period, format), Up/Down
/// change the field under the cursor (a date by a day), digits type a date; Enter takes the
/// report in the console's language, Esc goes back to the board. The newest reports are listed.
public struct ReportsKiosk: Kiosk {
    public let chrome: Chrome
    /// The reports this console offers: the shop head's shift sheet, or every report.
    public let types: [ReportType]
    /// Whether a PDF is sent to the printer once written.
    public let prints: Bool

    public init(chrome: Chrome, types: [ReportType], prints: Bool = false) {
        self.chrome = chrome
        self.types = types.isEmpty ? [.shift] : types
        self.prints = prints
    }

    /// The reports a station offers.
    public static func types(for station: Station) -> [ReportType] {
        station == .shophead ? [.shift] : ReportType.allCases
    }

    public enum Field: String, Sendable, Equatable { case type, from, to, day, shift, format }

    public struct Form: Sendable, Equatable {
        public var type: ReportType
        public var from: String
        public var to: String
        public var day: String
        public var shift: Shift
        public var format: ReportFormat

        /// Today's shift report, or the period from the month's first day to today.
        public init(type: ReportType, today: String, shift: Shift) {
            (self.type, self.day, self.shift, self.to) = (type, today, shift, today)
            self.from = String(today.prefix(8)) + "01"
            self.format = .pdf
        }

        var fields: [Field] { type == .shift ? [.type, .day, .shift, .format] : [.type, .from, .to, .format] }

        func request(_ language: Locales.Language) -> ReportRequest {
            type == .shift ? ReportRequest(type: type, format: format, day: day, shift: shift, language: language)
                : ReportRequest(type: type, format: format, from: from, to: to, language: language)
        }
    }

    /// A report written: where its copy is, its rows and notes, and the printer it went to.
    public struct Taken: Sendable, Equatable {
        public let file: String
        public let rows: Int
        public let notes: [String]
        public let printedOn: String?

        public init(file: String, rows: Int, notes: [String], printedOn: String?) {
            (self.file, self.rows, self.notes, self.printedOn) = (file, rows, notes, printedOn)
        }
    }

    public enum Outcome: Sendable, Equatable {
        case none
        case taken(Taken)
        /// Older reports were waiting: this one is queued for the server's worker.
        case queued
        case refused(Failure)
    }

    public struct State: Sendable, Equatable {
        public var user: String
        public var form: Form?
        public var field = Field.type
        public var jobs: [ReportJobs.Job] = []
        public var outcome = Outcome.none
        public var notice: Notice?
        public var busy = false

        public init(user: String) { self.user = user }
    }

    public enum Event: Sendable {
        case input(KeyInput)
        /// The newest reports, and the plant's day and shift now.
        case loaded([ReportJobs.Job], today: String, shift: Shift)
        case taken(Taken, [ReportJobs.Job])
        case queued([ReportJobs.Job])
        case refused(Failure)
    }

    public enum Effect: Sendable, Equatable {
        case load
        case take(ReportRequest)
        case back
        case logout
        case switchLanguage
    }

    public static func input(_ input: KeyInput) -> Event { .input(input) }

    var actions: [KioskAction] { [.help, .confirm, .nextField, .previousField, .back, .switchLanguage, .logout] }

    public func update(_ state: State, _ event: Event) -> (State, [Effect]) {
        var state = state
        if case .input = event { state.notice = nil }
        switch event {
        case .loaded(let jobs, let today, let shift):
            state.jobs = jobs
            if state.form == nil { state.form = Form(type: types[0], today: today, shift: shift) }
        case .taken(let taken, let jobs):
            state.busy = false
            state.jobs = jobs
            state.outcome = .taken(taken)
        case .queued(let jobs):
            state.busy = false
            state.jobs = jobs
            state.outcome = .queued
        case .refused(let failure):
            state.busy = false
            state.outcome = .refused(failure)
        case .input(let input):
            guard !state.busy, var form = state.form else { break }
            let fields = form.fields
            switch input {
            case .key(.named(let name)):
                let action = chrome.keymap.action(for: name, offered: actions)
                switch (name, action) {
                case (_, .logout): return (state, [.logout])
                case (_, .switchLanguage): return (state, [.switchLanguage])
                case (_, .back): return (state, [.back])
                case ("Up", _), ("Down", _):
                    form = step(form, state.field, by: name == "Up" ? -1 : 1)
                    if !form.fields.contains(state.field) { state.field = .type }
                case (_, .nextField):
                    state.field = fields[((fields.firstIndex(of: state.field) ?? 0) + 1) % fields.count]
                case (_, .previousField):
                    state.field = fields[((fields.firstIndex(of: state.field) ?? 0) + fields.count - 1) % fields.count]
                case ("Backspace", _):
                    form = typed(form, state.field) { $0.isEmpty ? $0 : String($0.dropLast()) }
                case (_, .confirm):
                    state.busy = true
                    state.outcome = .none
                    state.form = form
                    return (state, [.take(form.request(chrome.locales.language))])
                case (_, .help): state.notice = .help("reports")
                default: state.notice = Notice("kiosk.reports.keys")
                }
            case .key(.character(let character)):
                guard [.from, .to, .day].contains(state.field), character.isNumber || character == "-" else {
                    state.notice = Notice("kiosk.reports.keys")
                    break
                }
                form = typed(form, state.field) { $0.count < 10 ? $0 + String(character) : $0 }
            case .scan, .retract:
                state.notice = Notice("kiosk.reports.scan_not_used")
            }
            state.form = form
        }
        return (state, [])
    }

    /// Up and Down: the previous or next report, shift or format; a date a day back or on.
    func step(_ form: Form, _ field: Field, by delta: Int) -> Form {
        var form = form
        func next<T: Equatable>(_ all: [T], _ value: T) -> T {
            all[((all.firstIndex(of: value) ?? 0) + delta + all.count) % all.count]
        }
        switch field {
        case .type: form.type = next(types, form.type)
        case .shift: form.shift = next(Shift.allCases, form.shift)
        case .format: form.format = next(ReportFormat.allCases, form.format)
        case .from: form.from = PlantCalendar.day(form.from, adding: -delta) ?? form.from
        case .to: form.to = PlantCalendar.day(form.to, adding: -delta) ?? form.to
        case .day: form.day = PlantCalendar.day(form.day, adding: -delta) ?? form.day
        }
        return form
    }

    func typed(_ form: Form, _ field: Field, _ change: (String) -> String) -> Form {
        var form = form
        switch field {
        case .from: form.from = change(form.from)
        case .to: form.to = change(form.to)
        case .day: form.day = change(form.day)
        case .type, .shift, .format: break
        }
        return form
    }

    public func feedback(_ event: Event) -> Feedback? {
        switch event {
        case .taken, .queued: .success
        case .refused(let failure): failure.isInformation ? nil : .refusal
        default: nil
        }
    }
}
