import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `command:` check: `/bin/sh -c COMMAND` with the output on stdin and the run as JSON in
/// `PROMPTDECK_RUN`. Exit 0 passes; its stderr is the message. A command still going at its timeout is
/// killed (its whole process group) and fails.
enum CommandCheck {
    struct Outcome {
        var passed: Bool
        var message: String
    }

    /// At most this much of stderr is kept as the message.
    static let messageLimit = 2000

    static func run(_ command: String, input: String, runJSON: String, timeoutSeconds: Double) -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var environment = ProcessInfo.processInfo.environment
        environment["PROMPTDECK_RUN"] = runJSON
        process.environment = environment
        let stdin = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        process.standardError = stderr
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try process.run()
        } catch {
            return Outcome(passed: false, message: "could not start /bin/sh: \(error.localizedDescription)")
        }
        // Its own process group, so a timeout also stops what the shell started.
        _ = setpgid(process.processIdentifier, process.processIdentifier)
        let collected = Collected()
        let reader = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            collected.data = stderr.fileHandleForReading.readDataToEndOfFile()
            reader.signal()
        }
        DispatchQueue.global().async {
            // A command that does not read its stdin closes the pipe: writing then fails, which is fine.
            signal(SIGPIPE, SIG_IGN)
            try? stdin.fileHandleForWriting.write(contentsOf: Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        let timedOut = exited.wait(timeout: .now() + timeoutSeconds) == .timedOut
        if timedOut {
            kill(-process.processIdentifier, SIGKILL)
            process.terminate()
            _ = exited.wait(timeout: .now() + 2)
        }
        // A grandchild may hold stderr open after the shell is gone: do not wait for it for long.
        _ = reader.wait(timeout: .now() + (timedOut ? 0.5 : 2))
        let text = String(decoding: collected.data.prefix(messageLimit), as: UTF8.self)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        if timedOut {
            return Outcome(
                passed: false,
                message: "timed out after \(Int(timeoutSeconds)) s" + (text.isEmpty ? "" : ": \(text)"))
        }
        let status = process.terminationStatus
        if process.terminationReason == .uncaughtSignal {
            return Outcome(passed: false, message: "killed by signal \(status)" + (text.isEmpty ? "" : ": \(text)"))
        }
        if status == 0 { return Outcome(passed: true, message: text) }
        return Outcome(passed: false, message: "exit \(status)" + (text.isEmpty ? "" : ": \(text)"))
    }

    /// What `PROMPTDECK_RUN` holds: the run's id, prompt, model, variables, this choice's output, usage
    /// and timings.
    static func runJSON(_ record: RunRecord, choice: Int, variables: [String: JSONValue]) -> String {
        var object: [String: JSONValue] = [
            "id": .string(record.id), "prompt_id": .string(record.promptID), "model": .string(record.model),
            "profile": .string(record.profileName), "status": .string(record.status.rawValue),
            "variables": .object(variables), "choice": .int(choice), "output": .string(record.outputs[choice] ?? ""),
            "rendered_prompt": .string(record.renderedPrompt), "parameters": record.parameters,
            "finish_reason": record.finishReasons[choice].map(JSONValue.string) ?? .null,
            "duration_ms": record.durationMs.map(JSONValue.int) ?? .null,
            "ttft_ms": record.timeToFirstTokenMs.map(JSONValue.int) ?? .null,
        ]
        if let usage = record.usage {
            object["usage"] = [
                "prompt_tokens": usage.promptTokens.map(JSONValue.int) ?? .null,
                "completion_tokens": usage.completionTokens.map(JSONValue.int) ?? .null,
                "total_tokens": usage.totalTokens.map(JSONValue.int) ?? .null,
                "estimated": .bool(record.tokensEstimated),
            ]
        }
        return JSONValue.object(object).serialized()
    }

    private final class Collected: @unchecked Sendable {
        var data = Data()
    }
}
