import Foundation
import PromptDeckCore

/// What each libFuzzer target does with one input (`Tests/Fuzz/<target>/main.swift` calls these), shared
/// with `FuzzRegressionTests`, which replays the committed corpora and regression inputs through them.
///
/// Only public API is used (plain `import`), so the fuzz build needs no `-enable-testing`. An entry
/// returns the invariants the input broke; the fuzz targets trap on any, the tests fail on any. A crash
/// inside the code under test is a crash in both.
enum FuzzEntries {
    /// The targets, by the name `scripts/fuzz --target` uses.
    static let targets = ["sse", "prompt", "config"]

    /// Runs target `name` on `bytes`.
    static func run(_ name: String, _ bytes: [UInt8]) -> [String] {
        switch name {
        case "sse": return sse(bytes)
        case "prompt": return prompt(bytes)
        case "config": return config(bytes)
        default: return ["unknown fuzz target '\(name)'"]
        }
    }

    // MARK: - sse

    /// Bytes -> `SSEParser` (fed whole, and in 1-3 pieces cut where the first two bytes say) -> `ChunkDecoder`;
    /// the same bytes as a non-streamed body, an HTTP error body and JSON.
    ///
    /// Invariant: the events do not depend on where the stream was cut.
    static func sse(_ input: [UInt8]) -> [String] {
        guard input.count >= 2 else { return [] }
        let control0 = Int(input[0])
        let control1 = Int(input[1])
        let bytes = Array(input[2...])
        var problems: [String] = []

        // A high bit in the first byte picks a tiny line limit, so the overflow paths run too.
        let limit = control0 & 0x80 != 0 ? 1 + control1 % 64 : SSEParser.defaultMaximumLineLength
        let cuts = [control1 % (bytes.count + 1), (control0 >> 2) % (bytes.count + 1)].sorted()
        let pieces: [ArraySlice<UInt8>]
        switch control0 % 3 {
        case 0: pieces = [bytes[...]]
        case 1: pieces = [bytes[..<cuts[1]], bytes[cuts[1]...]]
        default: pieces = [bytes[..<cuts[0]], bytes[cuts[0]..<cuts[1]], bytes[cuts[1]...]]
        }

        let whole = parseStream([bytes[...]], limit: limit)
        let split = parseStream(pieces, limit: limit)
        if whole.events != split.events {
            problems.append("SSE events differ when the stream is cut at \(cuts): \(whole.events) vs \(split.events)")
        }
        if whole.stream != split.stream {
            problems.append(
                "stream events differ when the stream is cut at \(cuts): \(whole.stream) vs \(split.stream)")
        }
        // The streaming hot path (events handed over as bytes) decodes as the String path does.
        let raw = parseRawStream(pieces, limit: limit)
        if raw != whole.stream {
            problems.append("raw-path stream events differ (cut at \(cuts)): \(raw) vs \(whole.stream)")
        }
        // And as `RunState` reads: the straight path on the wire, text deltas joined per piece.
        let straight = parseStraightStream(pieces, limit: limit)
        if joiningTextDeltas(straight.events) != joiningTextDeltas(whole.stream)
            || textDeltas(straight.events) + straight.joinedBeyondOne != textDeltas(whole.stream)
        {
            problems.append("straight-path stream events differ (cut at \(cuts)): \(straight) vs \(whole.stream)")
        }

        _ = ChunkDecoder().decodeBody(bytes)
        let contentTypes: [String?] = [nil, "application/json", "text/html; charset=utf-8", "text/plain"]
        let error = ChunkDecoder.decodeHTTPError(
            status: 400 + control1 % 200, body: bytes, contentType: contentTypes[control0 % contentTypes.count])
        _ = ChunkDecoder.displaySafe(error.message, limit: control1)

        if let value = try? JSONValue.parse(bytes) {
            // Serialising and parsing again gives the same value (numbers excepted: they go through Double).
            let text = value.serialized(pretty: control1 & 1 == 1)
            switch Result(catching: { () throws(JSONParseError) in try JSONValue.parse(text) }) {
            case .success(let again):
                if !containsNumbers(value), again != value {
                    problems.append("JSON round trip changed \(value) into \(again)")
                }
            case .failure(let error):
                problems.append("JSON serialised as \(text) does not parse again: \(error)")
            }
        }
        return problems
    }

    /// The stream events of `pieces` through `SSEParser.feed(_:each:)` and `ChunkDecoder.decode(_:into:)`.
    static func parseRawStream(_ pieces: [ArraySlice<UInt8>], limit: Int) -> [StreamEvent] {
        var parser = SSEParser(maximumLineLength: limit)
        var decoder = ChunkDecoder()
        var stream: [StreamEvent] = []
        for piece in pieces {
            piece.withUnsafeBytes { parser.feed($0) { decoder.decode($0, into: &stream) } }
        }
        parser.finish { decoder.decode($0, into: &stream) }
        return stream
    }

    /// The stream events of `pieces` as `RunState.receive` reads them: `SSEParser.feed(_:straight:each:)` with
    /// `ChunkDecoder.decodeStraight`, deltas joined per piece; with the deltas joined beyond one each.
    static func parseStraightStream(_ pieces: [ArraySlice<UInt8>], limit: Int) -> (
        events: [StreamEvent], joinedBeyondOne: Int
    ) {
        var parser = SSEParser(maximumLineLength: limit)
        var decoder = ChunkDecoder()
        var events: [StreamEvent] = []
        var joinedBeyondOne = 0
        for piece in pieces {
            var joined = JoinedDeltas()
            piece.withUnsafeBytes { bytes in
                parser.feed(bytes, straight: { decoder.decodeStraight($0, into: &events, joining: &joined) }) {
                    decoder.decode($0, into: &events, joining: &joined)
                }
            }
            joined.flush(into: &events)
            joinedBeyondOne += joined.joinedBeyondOne
        }
        parser.finish { decoder.decode($0, into: &events) }
        return (events, joinedBeyondOne)
    }

    /// Consecutive non-empty plain text deltas of one choice joined into one, as `RunState.apply` does.
    static func joiningTextDeltas(_ events: [StreamEvent]) -> [StreamEvent] {
        var out: [StreamEvent] = []
        for event in events {
            if case .delta(let choice, let text, nil) = event, !text.isEmpty,
                case .delta(choice, let before, nil)? = out.last, !before.isEmpty
            {
                out[out.count - 1] = .delta(choice: choice, text: before + text, logprobs: nil)
            } else {
                out.append(event)
            }
        }
        return out
    }

    static func textDeltas(_ events: [StreamEvent]) -> Int {
        events.count { if case .delta(_, let text, _) = $0 { !text.isEmpty } else { false } }
    }

    static func parseStream(_ pieces: [ArraySlice<UInt8>], limit: Int) -> (
        events: [SSEEvent], stream: [StreamEvent]
    ) {
        var parser = SSEParser(maximumLineLength: limit)
        var decoder = ChunkDecoder()
        var events: [SSEEvent] = []
        for piece in pieces {
            events += piece.withUnsafeBytes { parser.feed($0) }
        }
        _ = parser.hasPendingData
        events += parser.finish()
        let stream = events.flatMap { decoder.decode($0) }
        return (events, stream)
    }

    private static func containsNumbers(_ value: JSONValue) -> Bool {
        switch value {
        case .number: return true
        case .array(let items): return items.contains(where: containsNumbers)
        case .object(let members): return members.values.contains(where: containsNumbers)
        default: return false
        }
    }

    // MARK: - prompt

    /// A library whose folder holds fixed partials, a self-including one among them.
    static let library: PromptLibrary = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "promptdeck-fuzz-\(getpid())/partials")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in partials {
            try? text.write(to: directory.appendingPathComponent("\(name).mustache"), atomically: true, encoding: .utf8)
        }
        return PromptLibrary(directory: directory.deletingLastPathComponent().path)
    }()

    static let partials = [
        "signature": "-- {{author}}{{^author}}the team{{/author}}",
        "self": "{{#items}}[{{name}}{{>self}}]{{/items}}",
        "list": "{{#items}}- {{.}}\n{{/items}}{{^items}}(none){{/items}}",
    ]

    /// Prompt YAML text -> `Prompt` -> `variables(of:)` -> `render` with values chosen from the input,
    /// once with the library's partials and once with recorded ones.
    static func prompt(_ bytes: [UInt8]) -> [String] {
        guard let text = String(bytes: bytes, encoding: .utf8) else { return [] }
        let prompt: Prompt
        do {
            prompt = try library.prompt(recordedSource: text, id: "fuzz/prompt", file: "fuzz/prompt.yaml")
        } catch {
            _ = String(describing: error)
            return []
        }
        let variables: [DiscoveredVariable]
        do {
            variables = try library.variables(of: prompt)
        } catch {
            _ = String(describing: error)
            return []
        }
        let choices: [JSONValue?] = [
            nil, "text", "true", "", "[\"a\", \"b\"]", "{\"name\": \"n\", \"items\": [1, 2]}", "line 1\nline 2",
            .bool(false), .array([.object(["name": "x", "items": .array([])])]), "{{notATag}}",
        ]
        var values: [String: JSONValue] = [:]
        for (index, variable) in variables.enumerated() {
            let seed = (variable.name.utf8.reduce(index) { $0 &* 31 &+ Int($1) } & Int.max) ^ bytes.count
            if let value = choices[seed % choices.count] { values[variable.name] = value }
        }
        for recorded in [nil, partials] {
            do {
                let output = try library.render(prompt, values: values, partials: recorded)
                _ = output.warnings.map(\.description)
            } catch {
                _ = String(describing: error)
            }
        }
        return []
    }

    // MARK: - config

    /// config.yaml text -> `Configuration` -> every profile resolved by name, and the default.
    static func config(_ bytes: [UInt8]) -> [String] {
        guard let text = String(bytes: bytes, encoding: .utf8) else { return [] }
        let environment = bytes.count % 2 == 0 ? [:] : ["OPENAI_API_KEY": "k", "PORTKEY_API_KEY": "k"]
        let configuration: Configuration
        do {
            configuration = try Configuration.parse(text: text, file: "config.yaml", environment: environment)
        } catch {
            _ = String(describing: error)
            return []
        }
        var problems: [String] = []
        _ = configuration.warnings.map(\.description)
        for profile in configuration.profiles {
            if (try? configuration.resolveProfile(profile.name))?.name != profile.name {
                problems.append("profile '\(profile.name)' does not resolve by its own name")
            }
        }
        if (try? configuration.resolveProfile(nil)) == nil {
            problems.append("the default profile '\(configuration.defaultProfileName)' does not resolve")
        }
        return problems
    }
}
