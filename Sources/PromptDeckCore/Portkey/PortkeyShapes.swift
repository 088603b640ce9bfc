import Foundation

// The Admin API's shapes (Portkey's OpenAPI spec: PromptSummary, Prompt, PromptVersionSummary, Label,
// PromptPartialSummary, PromptPartial), read leniently: unknown fields are ignored, numbers may come as
// text and text as numbers, and where the spec and the docs disagree both forms are accepted.

/// One entry of `GET /prompts` (`PromptSummary`).
public struct PortkeyPromptSummary: Sendable, Equatable, Codable {
    public var id: String
    public var slug: String
    public var name: String
    public var collectionID: String?
    public var model: String?
    public var status: String?
    public var lastUpdatedAt: String?

    public init(
        id: String, slug: String, name: String, collectionID: String? = nil, model: String? = nil,
        status: String? = nil, lastUpdatedAt: String? = nil
    ) {
        self.id = id
        self.slug = slug
        self.name = name
        self.collectionID = collectionID
        self.model = model
        self.status = status
        self.lastUpdatedAt = lastUpdatedAt
    }

    /// `portkey:<slug>`, the id PromptDeck gives it.
    public var promptID: String { PortkeyPromptID.make(slug: slug) }

    init?(_ value: JSONValue) {
        guard let object = value.objectValue else { return nil }
        let slug = PortkeyJSON.text(object["slug"]) ?? PortkeyJSON.text(object["id"])
        guard let slug, !slug.isEmpty else { return nil }
        self.init(
            id: PortkeyJSON.text(object["id"]) ?? slug, slug: slug, name: PortkeyJSON.text(object["name"]) ?? slug,
            collectionID: PortkeyJSON.text(object["collection_id"]), model: PortkeyJSON.text(object["model"]),
            status: PortkeyJSON.text(object["status"]), lastUpdatedAt: PortkeyJSON.text(object["last_updated_at"]))
    }
}

/// One page of `GET /prompts`: the prompts and the `total` Portkey reports (nil when it sends none).
public struct PortkeyPromptPage: Sendable, Equatable {
    public var prompts: [PortkeyPromptSummary]
    public var total: Int?
}

/// A prompt at one version (`GET /prompts/{id}` or `/versions/{versionId}`: the `Prompt` shape).
public struct PortkeyPromptDetail: Sendable, Equatable {
    public var id: String
    public var slug: String
    public var name: String
    public var collectionID: String?
    /// The template: completion text, or a chat prompt's messages as JSON text.
    public var string: String
    public var parameters: [String: JSONValue]
    public var model: String?
    public var versionNumber: Int?
    public var versionID: String?
    public var versionDescription: String?
    public var versionLabelID: String?
    public var virtualKey: String?
    public var tools: [JSONValue]?
    public var toolChoice: JSONValue?
    public var functions: [JSONValue]?
    public var templateMetadata: [String: JSONValue]?

    public init(
        id: String, slug: String, name: String, collectionID: String? = nil, string: String,
        parameters: [String: JSONValue] = [:], model: String? = nil, versionNumber: Int? = nil,
        versionID: String? = nil, versionDescription: String? = nil, versionLabelID: String? = nil,
        virtualKey: String? = nil, tools: [JSONValue]? = nil, toolChoice: JSONValue? = nil,
        functions: [JSONValue]? = nil, templateMetadata: [String: JSONValue]? = nil
    ) {
        self.id = id
        self.slug = slug
        self.name = name
        self.collectionID = collectionID
        self.string = string
        self.parameters = parameters
        self.model = model
        self.versionNumber = versionNumber
        self.versionID = versionID
        self.versionDescription = versionDescription
        self.versionLabelID = versionLabelID
        self.virtualKey = virtualKey
        self.tools = tools
        self.toolChoice = toolChoice
        self.functions = functions
        self.templateMetadata = templateMetadata
    }

    init?(_ value: JSONValue, requested: String) {
        // Some answers wrap the prompt in `data` (the docs' examples); the spec's does not.
        var root = value
        if root["string"] == nil, let inner = root["data"], inner.objectValue != nil { root = inner }
        guard let object = root.objectValue else { return nil }
        let template = object["prompt_template"]?.objectValue ?? [:]
        func field(_ key: String) -> JSONValue? { object[key] ?? template[key] }
        guard let text = PortkeyJSON.templateText(field("string")) else { return nil }
        var parameters = field("parameters")?.objectValue ?? [:]
        // Portkey's UI keeps the model inside `parameters`; the spec has it at the root. Accept both.
        let model = PortkeyJSON.text(field("model")) ?? PortkeyJSON.text(parameters["model"])
        parameters["model"] = nil
        let slug = PortkeyJSON.text(object["slug"]) ?? requested
        self.init(
            id: PortkeyJSON.text(object["id"]) ?? slug, slug: slug, name: PortkeyJSON.text(object["name"]) ?? slug,
            collectionID: PortkeyJSON.text(object["collection_id"]), string: text, parameters: parameters,
            model: model,
            versionNumber: PortkeyJSON.int(object["prompt_version"] ?? object["version"]),
            versionID: PortkeyJSON.text(object["prompt_version_id"] ?? object["version_id"]),
            versionDescription: PortkeyJSON.text(
                object["prompt_version_description"] ?? object["version_description"]
                    ?? object["prompt_description"]),
            versionLabelID: PortkeyJSON.text(object["prompt_version_label_id"] ?? object["label_id"]),
            virtualKey: PortkeyJSON.text(field("virtual_key")), tools: field("tools")?.arrayValue,
            toolChoice: field("tool_choice").flatMap { $0 == .null ? JSONValue?.none : $0 },
            functions: field("functions")?.arrayValue, templateMetadata: field("template_metadata")?.objectValue)
    }
}

/// One entry of `GET /prompts/{id}/versions` (`PromptVersionSummary`).
public struct PortkeyPromptVersionSummary: Sendable, Equatable {
    /// The version's id (a UUID), used by `/versions/{versionId}`.
    public var id: String
    public var number: Int
    public var description: String?
    public var labelID: String?
    public var createdAt: String?
    public var status: String?

    public init(
        id: String, number: Int, description: String? = nil, labelID: String? = nil, createdAt: String? = nil,
        status: String? = nil
    ) {
        self.id = id
        self.number = number
        self.description = description
        self.labelID = labelID
        self.createdAt = createdAt
        self.status = status
    }

    init?(_ value: JSONValue) {
        guard let object = value.objectValue,
            let number = PortkeyJSON.int(object["prompt_version"] ?? object["version"])
        else { return nil }
        let id = PortkeyJSON.text(object["id"] ?? object["prompt_version_id"]) ?? String(number)
        self.init(
            id: id, number: number,
            description: PortkeyJSON.text(
                object["prompt_description"] ?? object["prompt_version_description"] ?? object["description"]
                    ?? object["version_description"]),
            labelID: PortkeyJSON.text(object["label_id"] ?? object["prompt_version_label_id"]),
            createdAt: PortkeyJSON.text(object["created_at"]), status: PortkeyJSON.text(object["status"]))
    }
}

/// One entry of `GET /labels` (`Label`).
public struct PortkeyLabel: Sendable, Equatable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }

    init?(_ value: JSONValue) {
        guard let id = PortkeyJSON.text(value["id"]), let name = PortkeyJSON.text(value["name"]) else { return nil }
        self.init(id: id, name: name)
    }
}

/// A prompt partial (`PromptPartialSummary` in lists, `PromptPartial` with its `string`).
public struct PortkeyPartial: Sendable, Equatable {
    public var id: String
    public var slug: String
    public var name: String
    /// Nil in a list entry.
    public var string: String?
    public var version: Int?

    public init(id: String, slug: String, name: String, string: String? = nil, version: Int? = nil) {
        self.id = id
        self.slug = slug
        self.name = name
        self.string = string
        self.version = version
    }

    init?(_ value: JSONValue) {
        var root = value
        if root["slug"] == nil, let inner = root["data"], inner.objectValue != nil { root = inner }
        guard let object = root.objectValue, let slug = PortkeyJSON.text(object["slug"] ?? object["id"]) else {
            return nil
        }
        self.init(
            id: PortkeyJSON.text(object["id"]) ?? slug, slug: slug, name: PortkeyJSON.text(object["name"]) ?? slug,
            string: PortkeyJSON.text(object["string"]), version: PortkeyJSON.int(object["version"]))
    }
}

/// Lenient readers for the Admin API's JSON.
enum PortkeyJSON {
    /// Text, or a number written as text.
    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return text
        case .number?: return value?.serialized()
        default: return nil
        }
    }

    /// A whole number, or one written as text (`"2"`).
    static func int(_ value: JSONValue?) -> Int? {
        switch value {
        case .number(let number)? where number == number.rounded(): return Int(exactly: number)
        case .string(let text)?: return Int(text.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// `string` as text; an already-parsed messages array (seen in some answers) as its JSON text.
    static func templateText(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?: return text
        case .array?: return value?.serialized()
        default: return nil
        }
    }

    /// The items of a list answer: a bare array (the spec's versions and partials) or `{data: [...]}`.
    static func items(_ value: JSONValue) -> [JSONValue]? {
        if let array = value.arrayValue { return array }
        return value["data"]?.arrayValue
    }
}
