import ArgumentParser
import PromptDeckCore

/// How runs are delivered, shared by `run`, `compare` and `history rerun`: how long to wait, and
/// whether model output reaches a terminal raw.
struct DeliveryOptions: ParsableArguments {
    @Option(help: "Seconds before a request is abandoned (connect timeout is the lesser of this and 10 s).")
    var timeout: Double?

    @Flag(help: "Write model output exactly as received, even to a terminal.")
    var raw = false

    var transferOptions: TransferOptions {
        TransferOptions(connectTimeout: min(timeout ?? 10, 10), totalTimeout: timeout)
    }

    /// What is wrong with the flags, if anything (reported with exit 2 like every invalid input).
    var problem: Diagnostic? {
        guard let timeout, timeout <= 0 || !timeout.isFinite else { return nil }
        return Diagnostic(file: "--timeout", message: "must be a positive number of seconds")
    }
}
