/// Structured output (`response_format`): a `json_schema` or `json_object` format is checked before the run
/// is sent (the schema must compile) and its output is checked when it ends, like a prompt's own checks,
/// under the name `response_format`. A failed one is a finding about the output, not a failed run: `run`
/// still exits 0 for it.
extension CheckSpec {
    /// What results name the checks a `response_format` implies.
    public static let responseFormatName = "response_format"

    /// The checks a run's `response_format` parameter implies: `json_schema` → the output is JSON that the
    /// schema accepts; `json_object` → the output is JSON. None for `text` or no format.
    public static func implied(byResponseFormat format: JSONValue?) -> [CheckSpec] {
        guard let format else { return [] }
        switch format["type"]?.stringValue ?? format.stringValue {
        case "json_object":
            return [CheckSpec(name: responseFormatName, kind: .isJSON)]
        case "json_schema":
            guard let schema = format["json_schema"]?["schema"], let compiled = try? JSONSchema(compiling: schema)
            else { return [] }
            return [CheckSpec(name: responseFormatName, kind: .jsonSchema(compiled))]
        default:
            return []
        }
    }

    /// Why a `json_schema` format cannot be used, or nil: it needs `json_schema.schema`, and the schema must
    /// be in the subset the output is checked with.
    static func problem(inResponseFormat format: JSONValue) -> String? {
        guard format["type"]?.stringValue == "json_schema" else { return nil }
        guard let schema = format["json_schema"]?["schema"] else {
            return "json_schema needs json_schema: {name: …, schema: {…}}"
        }
        do {
            _ = try JSONSchema(compiling: schema)
            return nil
        } catch {
            return "json_schema.schema: \(error)"
        }
    }
}

extension PreparedRun {
    /// The checks a run gets when it ends: the prompt's own, and what its `response_format` implies.
    public var checks: [CheckSpec] {
        prompt.checks + CheckSpec.implied(byResponseFormat: parameters.values["response_format"])
    }
}

extension CheckTally {
    /// The tally that decides `run`'s exit code: the prompt's and the command's checks, not the structured
    /// output's (a schema violation is a finding about the output).
    public init(gating results: [CheckResult]) {
        self.init(results.filter { $0.name != CheckSpec.responseFormatName })
    }
}
