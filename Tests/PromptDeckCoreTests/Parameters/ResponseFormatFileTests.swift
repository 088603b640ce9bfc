import Foundation
import Testing

@testable import PromptDeckCore

/// `response_format` from a schema file (`@contact.json`): a bare JSON Schema is sent as a `json_schema`
/// format named after the file, a whole format as it is; every problem names the file and where in it.
@Suite("response_format from a schema file")
struct ResponseFormatFileTests {
    let folder: URL

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pd-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ text: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aBareSchemaIsWrappedAndNamedAfterItsFile() throws {
        let path = try write("contact card.json", #"{"type": "object", "required": ["email"]}"#)
        let format = try ResponseFormatFile.load("@" + path)
        #expect(format["type"] == "json_schema")
        #expect(format["json_schema"]?["name"] == "contact_card")
        #expect(format["json_schema"]?["strict"] == true)
        #expect(format["json_schema"]?["schema"]?["required"] == .array(["email"]))
    }

    @Test func aWholeFormatIsSentAsItIs_andYAMLIsRead() throws {
        let whole = #"{"type": "json_schema", "json_schema": {"name": "p", "schema": {"type": "object"}}}"#
        let json = try write("whole.json", whole)
        #expect(try ResponseFormatFile.load("@" + json) == (try JSONValue.parse(whole)))
        let yaml = try write("person.yaml", "type: object\nproperties:\n  age: {type: integer, minimum: 0}\n")
        let format = try ResponseFormatFile.load("@" + yaml)
        #expect(format["json_schema"]?["schema"]?["properties"]?["age"]?["minimum"] == 0)
    }

    @Test func aRelativePathIsFoundBesideThePrompt() throws {
        _ = try write("beside.json", #"{"type": "object"}"#)
        let prompt = folder.appendingPathComponent("person.yaml").path
        let format = try ResponseFormatFile.load("@beside.json", besides: prompt)
        #expect(format["json_schema"]?["name"] == "beside")
    }

    @Test func problemsNameTheFileAndWhere() throws {
        let broken = try write("broken.json", "{\n  \"type\": \"object\",\n  \"required\": [email]\n}")
        #expect(throws: Diagnostic.self) { try ResponseFormatFile.load("@" + broken) }
        do {
            _ = try ResponseFormatFile.load("@" + broken)
        } catch {
            #expect(error.file == broken && error.line == 3 && error.column != nil, "\(error)")
            #expect(error.description.contains("the schema is not JSON"), "\(error)")
        }
        let outside = try write("outside.json", #"{"type": "object", "patternProperties": {"x": {}}}"#)
        do {
            _ = try ResponseFormatFile.load("@" + outside)
            Issue.record("a keyword outside the subset is refused")
        } catch {
            #expect(error.description.contains("patternProperties"), "\(error)")
        }
        do {
            _ = try ResponseFormatFile.load("@" + folder.appendingPathComponent("missing.json").path)
            Issue.record("a missing file is refused")
        } catch {
            #expect(error.description.contains("no schema file here"), "\(error)")
        }
        let list = try write("list.json", "[1, 2]")
        #expect(throws: Diagnostic.self) { try ResponseFormatFile.load("@" + list) }
    }
}
