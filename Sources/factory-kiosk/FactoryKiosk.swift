import ArgumentParser
import FactoryCommandLine

/// `factory-kiosk ROLE …`: the kiosks alone, the same command as `factory kiosk`, in a binary
/// without the server's HTTP, TLS and metrics code. A thin terminal runs one kiosk all shift,
/// and what it holds in memory is what it links; `factory kiosk` hands over to this binary
/// when it stands beside it.
@main
struct FactoryKiosk {
    static func main() {
        KioskCommand.main()
    }
}
