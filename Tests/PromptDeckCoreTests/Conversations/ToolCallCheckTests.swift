import PromptDeckCore
import Testing

/// Issue 13: each tool call is checked against the parameters schema of the tool it calls.
@Suite("Tool calls against their tool's schema")
struct ToolCallCheckTests {
    static let body = #"""
        {"messages":[],"tools":[{"type":"function","function":{"name":"get_weather","parameters":
        {"type":"object","required":["city"],"properties":{"city":{"type":"string"},"days":{"type":"integer"}}}}}]}
        """#

    @Test func argumentsAreCheckedWithTheirPointers() {
        let good = ToolCall(id: "c1", name: "get_weather", arguments: #"{"city":"Paris","days":2}"#)
        #expect(ToolCallCheck.problems(of: good, requestBody: Self.body).isEmpty)
        let bad = ToolCall(id: "c2", name: "get_weather", arguments: #"{"days":"two"}"#)
        let problems = ToolCallCheck.problems(of: bad, requestBody: Self.body)
        #expect(problems.contains { $0.contains("city") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("/days") }, "\(problems)")
        let broken = ToolCall(id: "c3", name: "get_weather", arguments: #"{"city": "Par"#)
        let brokenProblems = ToolCallCheck.problems(of: broken, requestBody: Self.body)
        #expect(brokenProblems.first?.hasPrefix("arguments are not JSON: line 1") == true, "\(brokenProblems)")
        let unknown = ToolCall(id: "c4", name: "book_flight", arguments: "{}")
        #expect(
            ToolCallCheck.problems(of: unknown, requestBody: Self.body) == [
                "the request offered no tool named book_flight"
            ])
    }
}
