import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// Issue 13, structured output: a `json_schema` response format is checked before sending (its schema must
/// compile) and the output is validated when the run ends; violations name their JSON pointer, a parse error
/// its line and column; the finding goes into history and `--json`, and the exit code stays 0.
@Suite("CLI: structured output")
struct CLIStructuredOutputTests {
    static func prompt(schema: String) -> String {
        // The test server answers with the prompt's words reversed: one word is answered as itself.
        """
        name: Person
        kind: chat
        messages:
          - role: user
            content: '{{json}}'
        parameters:
          response_format:
            type: json_schema
            json_schema:
              name: person
              schema: \(schema)
        """
    }

    static let schema = #"{type: object, required: [age], properties: {age: {type: integer}}}"#

    @Test func aViolationIsAFindingWithItsPointer() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(profiles: CLIHarness.profile("s", server: server), defaultProfile: "s")
        try cli.addPrompt("person", Self.prompt(schema: Self.schema))
        let result = try cli.run(["run", "person", "--var", #"json={"age":"thirty"}"#, "--json"])
        #expect(result.exitCode == 0, "a validation failure is a finding: \(result.stderrText)")
        #expect(
            result.stderrText.contains(#"response_format: /age: expected integer, got string "thirty""#),
            "\(result.stderrText)")
        let report = try JSONValue.parse(result.stdoutText)
        #expect(report["promptdeck"]?["checks"] != nil || report["checks"] != nil, "\(result.stdoutText)")
        let run = try #require(try cli.store().list(filter: HistoryFilter(), limit: 1).first)
        let stored = try cli.store().run(prefix: run.id)
        #expect(stored.checkResults.first { $0.name == "response_format" }?.status == .failed)

        let valid = try cli.run(["run", "person", "--var", #"json={"age":30}"#])
        #expect(valid.exitCode == 0)
        #expect(!valid.stderrText.contains("check failed"), "\(valid.stderrText)")

        let notJSON = try cli.run(["run", "person", "--var", "json=thirty"])
        #expect(notJSON.exitCode == 0)
        #expect(notJSON.stderrText.contains("response_format: not JSON: line 1, column 1"), "\(notJSON.stderrText)")
    }

    @Test func aSchemaOutsideTheSubsetIsRefusedBeforeSending() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(profiles: CLIHarness.profile("s", server: server), defaultProfile: "s")
        try cli.addPrompt("person", Self.prompt(schema: #"{type: object, patternProperties: {x: {}}}"#))
        let result = try cli.run(["run", "person", "--var", "json=x"])
        #expect(result.exitCode == 2, "\(result.stderrText)")
        #expect(result.stderrText.contains("response_format"), "\(result.stderrText)")
        #expect(result.stderrText.contains("patternProperties"), "\(result.stderrText)")
    }

    @Test func aSchemaFileIsReadWithSet_andItsProblemsNameTheFile() throws {
        let server = try TestServer.shared()
        let cli = try CLIHarness(profiles: CLIHarness.profile("s", server: server), defaultProfile: "s")
        try cli.addPrompt("plain", "name: Plain\nkind: chat\nmessages:\n  - role: user\n    content: '{{json}}'\n")
        let schema = cli.directory.appendingPathComponent("person.json").path
        try #"{"type": "object", "required": ["age"], "properties": {"age": {"type": "integer"}}}"#.write(
            toFile: schema, atomically: true, encoding: .utf8)
        let result = try cli.run([
            "run", "plain", "--var", #"json={"age":"thirty"}"#, "--set", "response_format=@" + schema,
        ])
        #expect(result.exitCode == 0, "\(result.stderrText)")
        #expect(result.stderrText.contains(#"/age: expected integer, got string "thirty""#), "\(result.stderrText)")
        let sent = try #require(try server.requests().last { $0.body.contains("thirty") })
        let format = try JSONValue.parse(sent.body)["response_format"]
        #expect(format?["type"] == "json_schema" && format?["json_schema"]?["name"] == "person", "\(sent.body)")

        try "{\n  \"type\": \"object\",\n  oops\n}".write(toFile: schema, atomically: true, encoding: .utf8)
        let broken = try cli.run(["run", "plain", "--var", "json=x", "--set", "response_format=@" + schema])
        #expect(broken.exitCode == 2, "\(broken.stderrText)")
        #expect(broken.stderrText.contains(schema + ":3:"), "the file, line and column: \(broken.stderrText)")
    }
}
