/// The Admin API's writes: a new version, a new prompt, publishing, labels.
extension PortkeyAdminClient {
    /// What `PUT /prompts/{id}` and `POST /prompts` answer: the prompt's ids and the new version's id.
    public struct WriteResult: Sendable, Equatable {
        public var id: String?
        public var slug: String?
        public var versionID: String?
    }

    /// `PUT /prompts/{id}`: a new immutable version with `body` (string, parameters, model, tools,
    /// tool_choice, version_description...).
    public func createVersion(of id: String, body: [String: JSONValue]) throws(PortkeyAdminError) -> WriteResult {
        let value = try send("PUT", "/prompts/" + Self.escape(id), body: .object(body), scope: "prompts.create", id: id)
        return Self.writeResult(value)
    }

    /// `POST /prompts`: a new prompt (name, collection_id, string, parameters, virtual_key are required).
    public func createPrompt(body: [String: JSONValue]) throws(PortkeyAdminError) -> WriteResult {
        let name = body["name"]?.stringValue ?? "prompt"
        let value = try send("POST", "/prompts", body: .object(body), scope: "prompts.create", id: name)
        return Self.writeResult(value)
    }

    /// `PUT /prompts/{id}/makeDefault` with `{"version": N}`: publishes version N.
    public func makeDefault(_ id: String, version: Int) throws(PortkeyAdminError) {
        _ = try send(
            "PUT", "/prompts/" + Self.escape(id) + "/makeDefault", body: ["version": .int(version)],
            scope: "prompts.create", id: id)
    }

    /// `PUT /prompts/{id}/versions/{versionId}` with `{"label_id": …}`: puts a label on a version.
    public func setLabel(_ labelID: String, promptID id: String, versionID: String) throws(PortkeyAdminError) {
        _ = try send(
            "PUT", "/prompts/" + Self.escape(id) + "/versions/" + Self.escape(versionID),
            body: ["label_id": .string(labelID)], scope: "prompts.create", id: id)
    }

    static func writeResult(_ value: JSONValue) -> WriteResult {
        let root = value["data"]?.objectValue.map(JSONValue.object) ?? value
        return WriteResult(
            id: PortkeyJSON.text(root["id"]), slug: PortkeyJSON.text(root["slug"]),
            versionID: PortkeyJSON.text(root["prompt_version_id"] ?? root["version_id"]))
    }
}
