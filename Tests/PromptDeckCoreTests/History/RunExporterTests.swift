import Foundation
import Testing

@testable import PromptDeckCore

@Suite struct RunExporterTests {
    static let hostile = "it's $(touch /tmp/pwned) `id` $HOME \\ \" '' \n\nPROMPTDECK_BODY\nEOF\n'\"$'\\n\t✨ \u{1b}[31m"

    func hostileRecord() -> RunRecord {
        var r = HistoryFixtures.fullRecord()
        r.variables = ["text": .string(Self.hostile)]
        r.requestBody =
            JSONValue.object(["model": "m", "prompt": .string(Self.hostile), "raw": "a'b"]).serialized()
            + "\n" + Self.hostile  // not even JSON: any bytes must survive
        r.endpointURL = "http://127.0.0.1:9/v1/x?q='$(id)'"
        r.requestHeaders = [
            HTTPHeader("Content-Type", "application/json"), HTTPHeader("Authorization", "Bearer ***"),
            HTTPHeader("x-portkey-api-key", "***"), HTTPHeader("x-note", "it's $(id)"),
        ]
        return r
    }

    @Test func curlCommandDeliversTheExactBodyThroughAShell() throws {
        let folder = TemporaryFolder()
        let record = hostileRecord()
        let command = RunExporter.curl(
            record, secretEnvironment: ["authorization": "OPENAI_API_KEY", "x-portkey-api-key": "PORTKEY_API_KEY"])
        // `curl` is replaced by a function that dumps its arguments and standard input.
        let script = """
            curl() { for a in "$@"; do printf '%s\\0' "$a"; done > "$DUMP_DIR/args"; cat > "$DUMP_DIR/body"; }
            \(command)
            """
        let status = try Self.sh(
            script,
            environment: ["DUMP_DIR": folder.path, "OPENAI_API_KEY": "sk-openai", "PORTKEY_API_KEY": "pk-portkey"])
        #expect(status == 0)
        let body = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/body"))
        #expect(body == Data(record.requestBody.utf8))
        let args = try String(contentsOfFile: folder.path + "/args", encoding: .utf8).split(
            separator: "\0", omittingEmptySubsequences: false
        ).map(String.init)
        #expect(args.contains("Authorization: Bearer sk-openai"))
        #expect(args.contains("x-portkey-api-key: pk-portkey"))
        #expect(args.contains("x-note: it's $(id)"))
        #expect(args.contains(record.endpointURL))
        #expect(args.contains("--data-binary") && args.contains("@-"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/pwned"))
    }

    @Test func unknownSecretSourcesUseThePromptDeckVariable() {
        let command = RunExporter.curl(hostileRecord())
        #expect(command.contains(#"-H 'Authorization: Bearer '"$PROMPTDECK_API_KEY""#))
        #expect(!command.contains("***"))
    }

    @Test func jsonHoldsEveryFieldAndEvents() throws {
        let record = HistoryFixtures.fullRecord()
        let text = RunExporter.json(record, events: [RecordedEvent(sequence: 0, offsetMs: 12, choice: 0, text: "Zür")])
        let value = try JSONValue.parse(text)
        #expect(value["requestBody"]?.stringValue == record.requestBody)
        #expect(value["outputs"]?["1"]?.stringValue == "Another ✨ choice")
        #expect(value["usage"]?["totalTokens"]?.intValue == 32)
        #expect(value["events"]?.arrayValue?.first?["offsetMs"]?.intValue == 12)
        #expect(value["responseHeaders"]?.arrayValue?.count == 2)
        #expect(value["parentID"]?.stringValue == "parent1")
    }

    @Test func markdownReportShowsPromptParametersOutputsAndMetrics() {
        var record = HistoryFixtures.fullRecord()
        record.outputs[1] = "has ``` fences ````"
        let text = RunExporter.markdown(record)
        #expect(text.contains("# Run \(record.id): Tagline writer (`tagline`)"))
        #expect(text.contains("| temperature | 0.7 |"))
        #expect(text.contains("## Rendered prompt"))
        #expect(text.contains("## Output (choice 1) (finish: length)"))
        #expect(text.contains("`````\nhas ``` fences ````\n`````"))
        #expect(text.contains("- Time to first token: 120 ms"))
        #expect(text.contains("12 prompt, 20 completion, 32 total"))
    }

    static func sh(_ script: String, environment: [String: String]) throws -> Int32 {
        var pid = pid_t()
        let words: [String] = ["/bin/sh", "-c", script]
        let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
        let env: [UnsafeMutablePointer<CChar>?] =
            environment.map { strdup("\($0.key)=\($0.value)") } + [strdup("PATH=/usr/bin:/bin"), nil]
        defer { (argv + env).forEach { free($0) } }
        #expect(posix_spawn(&pid, "/bin/sh", nil, nil, argv, env) == 0)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return status
    }
}
