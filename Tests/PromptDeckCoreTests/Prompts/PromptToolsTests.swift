import Foundation
import Testing

@testable import PromptDeckCore

@Suite("Prompt files: tools, tool_choice and mock; requests with tools and conversation turns")
struct PromptToolsTests {
    static let file = """
        kind: chat
        tools:
          - name: get_weather
            description: Weather now
            parameters:
              type: object
              properties:
                city: {type: string}
          - type: function
            function:
              name: get_time
        tool_choice: get_weather
        mock:
          get_weather: {sky: grey}
          get_time: "12:00"
        messages:
          - role: user
            content: Hi
        """

    @Test("short and OpenAI forms both become OpenAI's; a name as tool_choice picks that function")
    func parsesTools() throws {
        let result = PromptFileParser.parse(Self.file, id: "w", file: "w.yaml")
        let prompt = try #require(result.prompt, "\(result.errors)")
        #expect(result.warnings.isEmpty)
        #expect(prompt.tools.map { $0["type"] } == ["function", "function"])
        #expect(prompt.tools.map { $0["function"]?["name"] } == ["get_weather", "get_time"])
        #expect(prompt.tools[0]["function"]?["parameters"]?["properties"]?["city"]?["type"] == "string")
        #expect(prompt.toolChoice == ["type": "function", "function": ["name": "get_weather"]])
        #expect(prompt.mocks == ["get_weather": #"{"sky":"grey"}"#, "get_time": "12:00"])
    }

    @Test("errors and warnings name the field")
    func problems() {
        let bad = """
            kind: chat
            tools:
              - description: no name
              - name: "has space"
            tool_choice: 3
            mock:
              get_wether: x
            messages:
              - {role: user, content: Hi}
            """
        let result = PromptFileParser.parse(bad, id: "b", file: "b.yaml")
        #expect(
            result.errors.map(\.description) == [
                "b.yaml:3:5: field 'tools[0]': missing field 'name' (the function's name)",
                "b.yaml:4:5: field 'tools[1]': the name 'has space' may hold only letters, digits, _ and - (at most 64)",
                "b.yaml:5:14: field 'tool_choice': expected auto, none, required or a tool's name, got 3",
            ])
        let completion = PromptFileParser.parse("kind: completion\nprompt: x\ntools: []\n", id: "c", file: "c.yaml")
        #expect(completion.errors.map(\.message) == ["tools need a chat prompt (kind: chat)"])
    }

    @Test("the request carries tools, tool_choice (--set wins) and the conversation after the prompt's messages")
    func requestBody() throws {
        let folder = try TemporaryPromptFolder()
        try folder.write("w.yaml", Self.file)
        let configuration = Configuration(profiles: [.echo], defaultProfileName: "echo", file: nil, warnings: [])
        let planner = RunPlanner(library: folder.library, configuration: configuration, environment: [:])
        var inputs = RunInputs(promptID: "w", overrides: ["tool_choice": "none", "temperature": 0.5])
        inputs.conversation = [
            .assistant("", toolCalls: [ToolCall(id: "c1", name: "get_time", arguments: "{}")]),
            .toolResult(callID: "c1", "12:00"), .user("Thanks"),
        ]
        let prepared = try planner.prepare(inputs)
        let body = prepared.request.body
        #expect(body["tool_choice"] == "none" && body["temperature"] == 0.5)
        #expect(body["tools"]?.arrayValue?.count == 2)
        #expect(prepared.record.parameters["tool_choice"] == nil)
        let messages = body["messages"]?.arrayValue ?? []
        #expect(messages.map { $0["role"] } == ["user", "assistant", "tool", "user"])
        #expect(
            messages[1] == [
                "role": "assistant", "content": nil,
                "tool_calls": [
                    ["id": "c1", "type": "function", "function": ["name": "get_time", "arguments": "{}"]]
                ],
            ])
        #expect(messages[2] == ["role": "tool", "content": "12:00", "tool_call_id": "c1"])
        #expect(prepared.record.conversation == inputs.conversation)
        inputs.overrides = ["tools": ["not a tool"]]
        #expect(throws: DiagnosticList.self) { try planner.prepare(inputs) }
    }
}
