import Mustache

/// Turns `JSONValue`s into the values swift-mustache renders: strings, integers where a number is whole,
/// arrays (iterated by sections), dictionaries (looked up by name).
enum MustacheValue {
    static func convert(_ value: JSONValue) -> Any {
        switch value {
        case .null: return MustacheNull()
        case .bool(let bool): return bool
        case .number(let number):
            if let integer = value.intValue { return integer }
            return number
        case .string(let string): return string
        case .array(let items): return items.map(convert)
        case .object(let object): return object.mapValues(convert)
        }
    }

    /// A `json` variable: `{{name}}` inserts its JSON text, while sections and dotted names still see inside it.
    static func json(_ value: JSONValue, text: String) -> Any {
        switch value {
        case .array(let items): return JSONArrayValue(items: items.map(convert), text: text)
        case .object(let object): return JSONObjectValue(fields: object.mapValues(convert), text: text)
        default: return text
        }
    }
}

/// JSON `null`: renders as nothing and is false in sections.
struct MustacheNull: MustacheCustomRepresentation {
    var representation: Any? { nil }
}

struct JSONObjectValue: MustacheParent, MustacheCustomRenderable {
    var fields: [String: Any]
    var text: String
    func child(named name: String) -> Any? { fields[name] }
    var renderText: String { text }
    var isNull: Bool { false }
}

struct JSONArrayValue: MustacheSequence, MustacheCustomRenderable {
    var items: [Any]
    var text: String
    func makeIterator() -> IndexingIterator<[Any]> { items.makeIterator() }
    var renderText: String { text }
    var isNull: Bool { false }
}
