import Testing

@testable import PromptDeckCore

@Suite("Parameters")
struct ParameterSetTests {
    private func validated(_ values: [String: JSONValue], kind: PromptKind) throws -> ParameterSet {
        var set = ParameterSet()
        set.apply(values, source: ParameterSource(layer: .override, file: "--set"))
        try set.validate(for: kind)
        return set
    }

    private func messages(_ values: [String: JSONValue], kind: PromptKind) -> [String] {
        var set = ParameterSet()
        set.apply(values, source: ParameterSource(layer: .override, file: "--set"))
        do {
            try set.validate(for: kind)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test("precedence: prompt < profile < --set, each remembering where it came from")
    func precedence() throws {
        var set = ParameterSet()
        set.apply(
            ["temperature": 0.2, "max_tokens": 64], source: ParameterSource(layer: .prompt, file: "p.yaml"),
            lines: ["temperature": 7])
        set.apply(["temperature": 0.5, "top_p": 0.9], source: ParameterSource(layer: .profile, file: "config.yaml"))
        set.apply(["temperature": 1.1], source: ParameterSource(layer: .override, file: "--set"))
        #expect(set["temperature"] == 1.1)
        #expect(set["max_tokens"] == 64)
        #expect(set["top_p"] == 0.9)
        #expect(set.sources["max_tokens"] == ParameterSource(layer: .prompt, file: "p.yaml"))
        // A lower layer applied later does not win.
        set.apply(["temperature": 0.0], source: ParameterSource(layer: .prompt, file: "p.yaml"))
        #expect(set["temperature"] == 1.1)
    }

    @Test(
        "out-of-range values name the field and the allowed range",
        arguments: [
            (
                ["temperature": 2.5] as [String: JSONValue], PromptKind.completion,
                "--set: field 'temperature': 2.5 is out of range (0 to 2)"
            ),
            (["top_p": -0.1], .chat, "--set: field 'top_p': -0.1 is out of range (0 to 1)"),
            (["presence_penalty": 3], .chat, "--set: field 'presence_penalty': 3 is out of range (-2 to 2)"),
            (["n": 0], .chat, "--set: field 'n': 0 is out of range (1 to 128)"),
            (["logprobs": 6], .completion, "--set: field 'logprobs': 6 is out of range (0 to 5)"),
            (
                ["top_logprobs": 21, "logprobs": true], .chat,
                "--set: field 'top_logprobs': 21 is out of range (0 to 20)"
            ),
            (["max_tokens": "many"], .completion, "--set: field 'max_tokens': expected an integer, got \"many\""),
            (["max_tokens": 1.5], .completion, "--set: field 'max_tokens': expected an integer, got 1.5"),
            (["echo": "maybe"], .completion, "--set: field 'echo': expected true or false, got \"maybe\""),
        ])
    func ranges(values: [String: JSONValue], kind: PromptKind, message: String) {
        #expect(messages(values, kind: kind) == [message])
    }

    @Test("fields that do not fit the kind are refused")
    func kindMismatch() {
        #expect(
            messages(["suffix": "x"], kind: .chat) == [
                "--set: field 'suffix': does not apply to chat prompts (only completion)"
            ])
        #expect(
            messages(["max_completion_tokens": 10], kind: .completion)
                == ["--set: field 'max_completion_tokens': does not apply to completion prompts (only chat)"])
    }

    @Test("best_of must be at least n; five stop strings are too many; top_logprobs needs logprobs")
    func relations() {
        #expect(
            messages(["best_of": 1, "n": 3], kind: .completion) == [
                "--set: field 'best_of': best_of (1) must be >= n (3)"
            ])
        #expect(
            messages(["stop": ["a", "b", "c", "d", "e"]], kind: .chat)
                == ["--set: field 'stop': 5 stop sequences given; at most 4 are allowed"])
        #expect(
            messages(["top_logprobs": 3], kind: .chat) == [
                "--set: field 'top_logprobs': needs logprobs: true on chat prompts"
            ])
    }

    @Test("an unknown parameter suggests the nearest known one and --extra")
    func unknown() {
        #expect(
            messages(["temprature": 1], kind: .chat)
                == [
                    "--set: field 'temprature': unknown parameter; did you mean 'temperature'? (pass provider-specific fields with --extra temprature=<json>)"
                ])
    }

    @Test("every problem is reported at once")
    func allAtOnce() {
        #expect(messages(["temperature": 9, "top_p": 9, "n": 0], kind: .chat).count == 3)
    }

    @Test("response_format json_object becomes an object; chat logprobs is a boolean")
    func normalisation() throws {
        let set = try validated(["response_format": "json_object", "logprobs": true, "top_logprobs": 2], kind: .chat)
        #expect(set["response_format"] == ["type": "json_object"])
        #expect(set["logprobs"] == true)
        #expect(messages(["logprobs": 3], kind: .chat) == ["--set: field 'logprobs': expected true or false, got 3"])
    }

    @Test("extras pass through unchecked and land in the body")
    func extras() throws {
        var set = try validated(["temperature": 0.3], kind: .chat)
        set.applyExtras(["top_k": 40, "mirostat": ["tau": 5]])
        #expect(set.bodyFields["top_k"] == 40)
        #expect(set.bodyFields["mirostat"] == ["tau": 5])
    }

    @Test("--set values are JSON when they parse, text otherwise")
    func setValues() throws {
        #expect(KeyValueArgument.parameterValue("0.7") == 0.7)
        #expect(KeyValueArgument.parameterValue("true") == true)
        #expect(KeyValueArgument.parameterValue(#"["END","STOP"]"#) == ["END", "STOP"])
        #expect(KeyValueArgument.parameterValue("END") == "END")
        #expect(throws: Diagnostic(file: "--set", message: "expected key=value, got 'temperature'")) {
            try KeyValueArgument.split("temperature", flag: "--set")
        }
        #expect(try KeyValueArgument.split("stop==", flag: "--set") == ("stop", "="))
    }
}
