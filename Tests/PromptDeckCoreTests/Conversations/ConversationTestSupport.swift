import Foundation

@testable import PromptDeckCore

/// Runs prompts of a temporary library on the echo provider into a temporary history.
struct ConversationBench {
    let folder = TemporaryFolder()
    let prompts: TemporaryPromptFolder
    let store: HistoryStore
    let planner: RunPlanner

    static let chatPrompt = """
        name: Helper
        kind: chat
        variables:
          topic:
            default: tea
        messages:
          - role: system
            content: You talk about {{topic}}.
          - role: user
            content: Tell me about {{topic}}.
        """

    static let toolPrompt = """
        name: Weather
        kind: chat
        tools:
          - name: get_weather
            description: Weather now
            parameters:
              type: object
              properties:
                city: {type: string}
        mock:
          get_weather: {sky: grey}
        messages:
          - role: user
            content: Weather in Oslo?
        """

    init() throws {
        prompts = try TemporaryPromptFolder()
        try prompts.write("helper.yaml", Self.chatPrompt)
        try prompts.write("weather.yaml", Self.toolPrompt)
        store = try HistoryStore.open(path: folder.historyFile)
        var echo = Profile.echo
        echo.echoDelayMs = 0
        let configuration = Configuration(profiles: [echo], defaultProfileName: "echo", file: nil, warnings: [])
        planner = RunPlanner(library: prompts.library, configuration: configuration, environment: [:])
    }

    /// Prepares and runs `inputs` to the end; returns the record as history read it back.
    func run(_ inputs: RunInputs) throws -> RunRecord {
        let prepared = try planner.prepare(inputs)
        let session = RunSession(
            record: prepared.record, request: prepared.request.spec, transport: EchoTransport(wordDelayMs: 0),
            recorder: store)
        session.start()
        return try store.run(prefix: session.waitUntilFinished().id)
    }

    /// The request body's messages as `role: content` (content null as `-`).
    static func messages(_ record: RunRecord) throws -> [String] {
        let body = try JSONValue.parse(record.requestBody)
        return (body["messages"]?.arrayValue ?? []).map {
            "\($0["role"]?.stringValue ?? "?"): \($0["content"]?.stringValue ?? "-")"
        }
    }
}
