@preconcurrency import CNcurses
import Foundation

/// The kiosk's real terminal through ncursesw: wide characters (Uzbek o‘ and g‘ with U+2018),
/// colours with a monochrome fallback, F-keys through keypad mode. It only draws Screens and
/// turns keys into `KeyPress`es.
public final class NcursesTerminal: Terminal {
    private let colours: Bool
    private let glyphs: Glyphs
    private let sounder: Sounder

    public init(sounder: Sounder = .bell) {
        self.sounder = sounder
        // Wide text renders only under the environment's UTF-8 locale (C.UTF-8 at least).
        setlocale(LC_ALL, "")
        glyphs = Glyphs.detect(utf8: String(cString: nl_langinfo(nl_item(CODESET))) == "UTF-8")
        // A hangup ends the kiosk even when whoever started it ignored the signal.
        signal(SIGHUP, SIG_DFL)
        initscr()
        raw()
        noecho()
        keypad(factory_stdscr(), true)
        // ESC arrives alone, never as a prefix of a scanner's code: do not wait long for it.
        set_escdelay(25)
        colours = has_colors()
        if colours {
            start_color()
            use_default_colors()
            init_pair(1, Int16(COLOR_WHITE), Int16(COLOR_BLUE))   // title and key bar
            init_pair(2, Int16(COLOR_BLACK), Int16(COLOR_GREEN))  // good
            init_pair(3, Int16(COLOR_WHITE), Int16(COLOR_RED))    // bad
            init_pair(4, Int16(COLOR_BLACK), Int16(COLOR_YELLOW)) // warn
            init_pair(5, Int16(COLOR_BLACK), Int16(COLOR_WHITE))  // input
            init_pair(6, Int16(COLOR_BLACK), Int16(COLOR_CYAN))   // info
        }
    }

    deinit { endwin() }

    public func sound(_ feedback: Feedback) {
        switch sounder {
        case .silent: return
        case .command(let command): sounder.play(command: command, feedback)
        case .bell:
            for ring in 0..<Sounder.rings(feedback) {
                if ring > 0 { usleep(90_000) }
                beep()
            }
        }
    }

    public var size: (width: Int, height: Int) { (Int(factory_cols()), Int(factory_lines())) }

    public func draw(_ drawn: Screen) {
        let screen = glyphs.apply(drawn)
        erase()
        for row in 0..<min(screen.height, size.height) {
            var column = 0
            var run = ""
            var runStyle = screen.cells[row].first?.style ?? .normal
            func flush() {
                guard !run.isEmpty else { return }
                let attributes = attributes(for: runStyle)
                attron(attributes)
                var wide = Array(run.unicodeScalars.map { wchar_t(bitPattern: $0.value) }) + [0]
                mvaddnwstr(Int32(row), Int32(column), &wide, Int32(wide.count - 1))
                attroff(attributes)
                column += run.count
                run = ""
            }
            for cell in screen.cells[row].prefix(size.width) {
                if cell.style != runStyle { flush(); runStyle = cell.style }
                run.append(cell.character)
            }
            flush()
        }
        if let cursor = screen.cursor {
            curs_set(1)
            move(Int32(cursor.row), Int32(cursor.column))
        } else {
            curs_set(0)
        }
        refresh()
    }

    private func attributes(for style: Screen.Style) -> Int32 {
        guard colours else {
            switch style {
            case .normal, .dim: return 0
            case .title, .bar, .input: return factory_a_reverse()
            case .good, .bad, .warn: return factory_a_bold() | factory_a_reverse()
            case .info: return factory_a_bold()
            }
        }
        switch style {
        case .normal: return 0
        case .dim: return factory_a_dim()
        case .title, .bar: return factory_color_pair(1) | factory_a_bold()
        case .good: return factory_color_pair(2) | factory_a_bold()
        case .bad: return factory_color_pair(3) | factory_a_bold()
        case .warn: return factory_color_pair(4) | factory_a_bold()
        case .info: return factory_color_pair(6)
        case .input: return factory_color_pair(5)
        }
    }

    public func nextKey(timeoutMilliseconds: Int32) -> KeyPress? {
        timeout(timeoutMilliseconds)
        var key: wint_t = 0
        let kind = get_wch(&key)
        switch kind {
        case OK:
            switch key {
            case 10, 13: return .named("Enter")
            case 9: return .named("Tab")
            case 27: return .named("Esc")
            case 127, 8: return .named("Backspace")
            default:
                guard let scalar = Unicode.Scalar(UInt32(key)), key >= 32 else { return nil }
                return .character(Character(scalar))
            }
        case KEY_CODE_YES:
            return Self.named(Int32(key))
        default:
            if Self.terminalHungUp() {
                // The SSH session dropped or the terminal closed: every read would now return
                // at once with nothing, and the kiosk would spin. There is no one to serve.
                endwin()
                exit(0)
            }
            return nil
        }
    }

    private static func terminalHungUp() -> Bool {
        var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0 && descriptor.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }

    static func named(_ code: Int32) -> KeyPress? {
        switch code {
        case KEY_ENTER: return .named("Enter")
        case KEY_BACKSPACE: return .named("Backspace")
        case KEY_BTAB: return .named("Shift-Tab")
        case KEY_UP: return .named("Up")
        case KEY_DOWN: return .named("Down")
        case KEY_NPAGE: return .named("PageDown")
        case KEY_PPAGE: return .named("PageUp")
        case KEY_RESIZE: return .named("Resize")
        case KEY_F0 + 1 ... KEY_F0 + 12: return .named("F\(code - KEY_F0)")
        default: return nil
        }
    }
}
