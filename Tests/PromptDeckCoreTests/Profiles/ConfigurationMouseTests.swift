import PromptDeckCore
import Testing

/// `mouse:` at the top of config.yaml: false turns the playground's mouse off; anything but a boolean is
/// an error that names the file, line and column.
@Suite("Configuration: mouse")
struct ConfigurationMouseTests {
    @Test func mouseFalseIsRead() throws {
        let configuration = try Configuration.parse(text: "mouse: false\n", file: "config.yaml")
        #expect(configuration.mouse == false)
        #expect(configuration.warnings.isEmpty, "mouse is a known key")
        #expect(try Configuration.parse(text: "mouse: true\n", file: "config.yaml").mouse == true)
        #expect(try Configuration.parse(text: "theme: light\n", file: "config.yaml").mouse == nil)
    }

    @Test(arguments: ["mouse: sometimes\n", "mouse: [false]\n", "mouse: 0\n"])
    func aValueThatIsNotABooleanIsAnError(text: String) {
        do {
            _ = try Configuration.parse(text: "theme: light\n" + text, file: "config.yaml")
            Issue.record("\(text) should not parse")
        } catch {
            #expect(error.description.hasPrefix("config.yaml:2:8: field 'mouse': "), "\(error.description)")
            #expect(error.description.contains("expected true or false"))
        }
    }
}
