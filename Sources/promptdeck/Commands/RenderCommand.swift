import ArgumentParser
import Foundation
import PromptDeckCore

/// `promptdeck render PROMPT`: the exact request a run would send, secrets masked. Sends nothing,
/// except for a Portkey-hosted prompt, which Portkey renders (`/prompts/:id/render`).
struct RenderCommand: DirectlyParsedCommand {
    static let commandConfiguration = CommandConfiguration(
        commandName: "render", abstract: "Print the exact request a run would send (method, URL, headers, body).")

    @Argument(help: "The prompt id.")
    var prompt: String

    @OptionGroup var runOptions: RunOptions
    @OptionGroup var location: LocationOptions

    @Flag(help: "Print {\"success\": true, \"data\": <body>}, like Portkey's /prompts/:id/render.")
    var json = false

    func run() throws {
        let context = try CommandContext(location: location)
        let prepared: PreparedRun
        do {
            prepared = try context.planner.prepare(try runOptions.inputs(promptID: prompt), requireKeys: false)
        } catch {
            throw DiagnosticPrinter.fail(error.diagnostics)
        }
        DiagnosticPrinter.print(prepared.warnings)
        for variable in prepared.request.unsetKeyVariables {
            StandardError.write("note: \(variable) is not set; a run would fail until it is\n")
        }
        if prepared.prompt.portkeyPromptID != nil, prepared.profile.type == .portkeyHosted {
            try renderHosted(prepared)
            return
        }
        let spec = prepared.request.spec
        if json {
            let envelope = JSONValue.object(["success": true, "data": prepared.request.body])
            StandardOutput.write(envelope.serialized(pretty: true) + "\n")
            return
        }
        var text = "\(spec.method) \(spec.url)\n"
        for header in spec.maskedHeaders { text += "\(header.name): \(header.value)\n" }
        text += "\n" + prepared.request.body.serialized(pretty: true) + "\n"
        StandardOutput.write(StandardOutput.isTerminal ? TerminalSafeText.make(text) : text)
    }

    /// Asks Portkey to render a hosted prompt and prints its answer.
    private func renderHosted(_ prepared: PreparedRun) throws {
        let request: BuiltRequest
        do {
            request = try RequestBuilder().buildHostedRender(
                prompt: prepared.prompt, variables: prepared.record.variables.objectValue ?? [:],
                parameters: prepared.parameters, profile: prepared.profile)
        } catch {
            throw DiagnosticPrinter.fail([error])
        }
        let response = BlockingRequest.perform(
            request.spec, transport: TransportRegistry().transport(for: prepared.profile),
            options: TransferOptions(totalTimeout: 30))
        if case .failed(let error) = response.outcome {
            StandardError.write("error: \(request.spec.url): \(error.localizedDescription)\n")
            throw ExitCode(ExitStatus.requestFailed)
        }
        guard response.status < 400 else {
            let error = ChunkDecoder.decodeHTTPError(
                status: response.status, body: response.body, contentType: response.headers.value(for: "content-type"))
            StandardError.write(TerminalSafeText.make("error: HTTP \(response.status): \(error.message)") + "\n")
            throw ExitCode(ExitStatus.requestFailed)
        }
        let value = (try? JSONValue.parse(response.body)) ?? .string(String(decoding: response.body, as: UTF8.self))
        let output = json ? value : (value["data"] ?? value)
        let text = output.serialized(pretty: true) + "\n"
        StandardOutput.write(StandardOutput.isTerminal ? TerminalSafeText.make(text) : text)
    }
}
