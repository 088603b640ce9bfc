import Yams

/// One `key: value` of a mapping, with where its parts are in the text.
struct MappingEntry {
    var key: String
    var keyStart: Int
    /// Just after the `:`.
    var colonEnd: Int
    var value: Node
    /// Where the value's text starts; nil for an empty value (`extra:`).
    var valueStart: Int?
    /// Why the value cannot be spliced (it is an alias, or carries an anchor or a tag), if so.
    var problem: String?
}

extension PromptFileEditor {
    static let indentStep = 2

    /// The entries of the mapping at `start`, and the context its values sit in.
    func entries(of node: Node, at start: Int, field: String) throws(PromptEditError) -> (
        entries: [MappingEntry], context: YAMLContext
    ) {
        guard case .mapping(let mapping) = node else { throw refusal(at: start, field: field, "expected a mapping") }
        try checkProperties(at: start, field: field)
        let flow = source.bytes[start] == UInt8(ascii: "{")
        let context = YAMLContext(flow: flow, indent: source.column(of: start))
        var entries: [MappingEntry] = []
        for (key, value) in mapping {
            guard case .scalar(let keyScalar) = key, let keyStart = source.offset(of: key),
                case .inline(let keyRange)? = source.scalarExtent(keyScalar, at: keyStart, context: context)
            else { throw refusal(at: start, field: field, "a key that is not plain text cannot be located") }
            let colon = source.skippingBlanks(from: keyRange.upperBound)
            guard colon < source.bytes.count, source.bytes[colon] == UInt8(ascii: ":") else {
                throw refusal(at: keyStart, field: field, "explicit keys (`? key`) are not spliced")
            }
            if keyScalar.string == "<<" {
                throw refusal(
                    at: keyStart, field: field,
                    "a merge key (`<<`) brings in values from elsewhere, so editing here could change other fields")
            }
            var entry = MappingEntry(key: keyScalar.string, keyStart: keyStart, colonEnd: colon + 1, value: value)
            if case .scalar(let scalar) = value, scalar.style == .plain || scalar.style == .any, scalar.string.isEmpty {
                entry.valueStart = nil
            } else if let valueStart = source.offset(of: value), valueStart >= entry.colonEnd,
                onlySpaceAndComments(entry.colonEnd..<valueStart)
            {
                entry.valueStart = valueStart
                entry.problem = propertyProblem(at: valueStart)
            } else {
                entry.valueStart = entry.colonEnd
                entry.problem = "the value is an alias (`*name`) of a node elsewhere; editing it would change that node"
            }
            entries.append(entry)
        }
        return (entries, context)
    }

    func propertyProblem(at offset: Int) -> String? {
        switch source.bytes[offset] {
        case UInt8(ascii: "&"): "the value has an anchor (`&name`), so aliases elsewhere would change with it"
        case UInt8(ascii: "!"): "the value has an explicit tag (`!tag`), which a new value might not fit"
        default: nil
        }
    }

    func checkProperties(at offset: Int, field: String) throws(PromptEditError) {
        if let problem = propertyProblem(at: offset) { throw refusal(at: offset, field: field, problem) }
    }

    func onlySpaceAndComments(_ range: Range<Int>) -> Bool {
        var index = range.lowerBound
        while index < range.upperBound {
            let byte = source.bytes[index]
            if byte == UInt8(ascii: "#") {
                index = source.contentEnd(ofLine: source.line(containing: index))
            } else if source.isBlankByte(byte) || source.isBreak(at: index) {
                index += 1
            } else {
                return false
            }
        }
        return true
    }

    /// After the last character of the node at `start`.
    func extentEnd(of node: Node, at start: Int, context: YAMLContext, field: String) throws(PromptEditError) -> Int {
        switch node {
        case .scalar(let scalar):
            guard let extent = source.scalarExtent(scalar, at: start, context: context) else {
                throw refusal(at: start, field: field, "the end of this scalar could not be found with certainty")
            }
            return extent.end
        case .mapping, .sequence:
            let opener = source.bytes[start]
            if opener == UInt8(ascii: "{") || opener == UInt8(ascii: "[") {
                guard let end = source.flowCollectionEnd(from: start)?.end else {
                    throw refusal(at: start, field: field, "the end of this flow collection could not be found")
                }
                return end
            }
            if case .mapping = node {
                let (entries, inner) = try entries(of: node, at: start, field: field)
                guard let last = entries.last else { return start }
                return try valueEnd(of: last, context: inner, field: field)
            }
            let (items, inner) = try sequenceItems(of: node, at: start, field: field)
            guard let last = items.last else { return start }
            return try extentEnd(of: last.node, at: last.start, context: inner, field: field)
        case .alias:
            throw refusal(at: start, field: field, "aliases are not spliced")
        }
    }

    func valueEnd(of entry: MappingEntry, context: YAMLContext, field: String) throws(PromptEditError) -> Int {
        guard let start = entry.valueStart else { return entry.colonEnd }
        if let problem = entry.problem { throw refusal(at: start, field: field, problem) }
        return try extentEnd(of: entry.value, at: start, context: context, field: field)
    }

    /// The end of the line holding the last character before `end` (after its break).
    func lineEnd(after start: Int, _ end: Int) -> Int {
        source.end(ofLine: source.line(containing: max(start, end - 1)))
    }

    // MARK: - Writing values

    /// `value` written in the style of the entry's current scalar where it fits.
    func scalarText(_ value: String, for entry: MappingEntry, context: YAMLContext) -> ScalarText {
        var style = Node.Scalar.Style.plain
        var contentIndent: Int?
        if let start = entry.valueStart, case .scalar(let scalar) = entry.value {
            style = scalar.style
            if case .block(let layout)? = source.scalarExtent(scalar, at: start, context: context) {
                contentIndent = layout.contentIndent
            }
        }
        return ScalarEmitter.text(value, keeping: style, context: context, contentIndent: contentIndent)
    }

    /// The splices that put `text` in place of the entry's value.
    func replacement(of entry: MappingEntry, context: YAMLContext, with text: ScalarText, field: String)
        throws(PromptEditError) -> [Splice]
    {
        guard let start = entry.valueStart else {
            return place(text, replacing: entry.colonEnd..<entry.colonEnd, prefix: " ")
        }
        if let problem = entry.problem { throw refusal(at: start, field: field, problem) }
        if case .scalar(let scalar) = entry.value {
            switch source.scalarExtent(scalar, at: start, context: context) {
            case .inline(let range)?:
                return place(text, replacing: range, prefix: "")
            case .block(let layout)?:
                let oldEnd = layout.chomping == .keep ? layout.tailEnd : layout.contentEnd
                guard let body = text.body else {
                    return [
                        Splice(layout.start..<layout.headerEnd, text.inline), Splice(layout.bodyStart..<oldEnd, ""),
                    ]
                }
                let lead = layout.headerHasBreak || body.isEmpty ? "" : "\n"
                return [
                    Splice(layout.start..<layout.headerEnd, text.inline),
                    Splice(
                        layout.bodyStart..<(text.isKeepBlock ? layout.tailEnd : oldEnd),
                        lead + body.map { $0 + "\n" }.joined()),
                ]
            case nil:
                throw refusal(at: start, field: field, "the end of this scalar could not be found with certainty")
            }
        }
        // A collection becomes the new value, on the key's line when nothing but spaces lies between.
        let end = try extentEnd(of: entry.value, at: start, context: context, field: field)
        let onKeyLine = source.bytes[entry.colonEnd..<start].allSatisfy {
            source.isBlankByte($0) || $0 == 0x0A || $0 == 0x0D
        }
        let from = onKeyLine ? entry.colonEnd : start
        return place(text, replacing: from..<end, prefix: onKeyLine ? " " : "")
    }

    /// Writes `text` over `range`; a block scalar's lines go after the line the range ends on.
    func place(_ text: ScalarText, replacing range: Range<Int>, prefix: String) -> [Splice] {
        var splices = [Splice(range, prefix + text.inline)]
        guard let body = text.body else { return splices }
        let line = source.line(containing: max(range.lowerBound, range.upperBound - 1))
        let insertAt = source.end(ofLine: line)
        var through = insertAt
        if text.isKeepBlock {
            // Blank lines after a `+` block would join its value.
            var next = line + 1
            while next < source.lineStarts.count, source.lineStarts[next] < source.bytes.count,
                source.isBlank(line: next)
            {
                through = source.end(ofLine: next)
                next += 1
            }
        }
        let lead = source.hasBreak(line: line) ? "" : "\n"
        splices.append(Splice(insertAt..<through, lead + body.map { $0 + "\n" }.joined()))
        return splices
    }

    /// Sets the entry's value to `new`: scalars are spliced in their style, mappings edited key by key,
    /// anything else replaced by its flow form.
    func setValue(
        _ new: JSONValue, of entry: MappingEntry, context: YAMLContext, field: String, into splices: inout [Splice]
    ) throws(PromptEditError) {
        if let problem = entry.problem { throw refusal(at: entry.valueStart ?? entry.colonEnd, field: field, problem) }
        let old = entry.valueStart == nil ? JSONValue.null : YAMLSupport.json(from: entry.value)
        guard old != new else { return }
        switch new {
        case .object(let object) where entry.value.mapping != nil && entry.valueStart != nil && !object.isEmpty:
            try editMapping(
                entry.value, at: entry.valueStart ?? 0, to: object, owner: (entry, context), field: field,
                into: &splices)
        case .string(let text):
            splices += try replacement(
                of: entry, context: context, with: scalarText(text, for: entry, context: context), field: field)
        default:
            splices += try replacement(
                of: entry, context: context, with: ScalarText(inline: ScalarEmitter.inline(new, flow: context.flow)),
                field: field)
        }
    }

    /// Edits the mapping at `start` into `object`: changed values spliced, missing keys removed, new keys added
    /// after the last one (in a flow mapping, the mapping is rewritten on one line).
    func editMapping(
        _ node: Node, at start: Int, to object: [String: JSONValue],
        owner: (entry: MappingEntry, context: YAMLContext)?,
        field: String, into splices: inout [Splice]
    ) throws(PromptEditError) {
        let (entries, context) = try entries(of: node, at: start, field: field)
        let existing = Set(entries.map(\.key))
        let removed = entries.filter { object[$0.key] == nil }
        let added = object.keys.filter { !existing.contains($0) }.sorted()
        if context.flow && !(removed.isEmpty && added.isEmpty) {
            guard let (end, hasComment) = source.flowCollectionEnd(from: start), !hasComment else {
                throw refusal(
                    at: start, field: field, "a flow mapping with comments inside would lose them when rewritten")
            }
            var items: [String] = []
            for entry in entries {
                guard let value = object[entry.key] else { continue }
                let old = entry.valueStart == nil ? JSONValue.null : YAMLSupport.json(from: entry.value)
                if old == value, entry.problem == nil {
                    items.append(
                        source.text(entry.keyStart..<(try valueEnd(of: entry, context: context, field: field))))
                } else {
                    items.append(
                        source.text(entry.keyStart..<entry.colonEnd) + " " + ScalarEmitter.inline(value, flow: true))
                }
            }
            for key in added {
                items.append(
                    ScalarEmitter.key(for: key, flow: true) + ": "
                        + ScalarEmitter.inline(object[key] ?? .null, flow: true))
            }
            splices.append(Splice(start..<end, "{" + items.joined(separator: ", ") + "}", verbatim: true))
            return
        }
        if removed.count == entries.count, added.isEmpty, let owner {
            splices += try replacement(
                of: owner.entry, context: owner.context, with: ScalarText(inline: "{}"), field: field)
            return
        }
        for entry in entries {
            guard let value = object[entry.key] else { continue }
            try setValue(value, of: entry, context: context, field: "\(field).\(entry.key)", into: &splices)
        }
        for entry in removed {
            let lineStart = source.lineStarts[source.line(containing: entry.keyStart)]
            guard source.bytes[lineStart..<entry.keyStart].allSatisfy({ $0 == 0x20 }) else {
                throw refusal(
                    at: entry.keyStart, field: "\(field).\(entry.key)", "only a key that starts its line is removed")
            }
            let end = lineEnd(after: entry.keyStart, try valueEnd(of: entry, context: context, field: field))
            splices.append(Splice(lineStart..<end, ""))
        }
        if let last = entries.last, !added.isEmpty {
            let end = try valueEnd(of: last, context: context, field: field)
            let line = source.line(containing: max(last.keyStart, end - 1))
            var text = source.hasBreak(line: line) ? "" : "\n"
            for key in added {
                text += blockEntry(key, object[key] ?? .null, indent: context.indent).map { $0 + "\n" }.joined()
            }
            let at = source.end(ofLine: line)
            splices.append(Splice(at..<at, text))
        }
    }

    /// The lines of a new `key: value` entry of a block mapping indented by `indent`.
    func blockEntry(_ key: String, _ value: JSONValue, indent: Int) -> [String] {
        let pad = String(repeating: " ", count: indent) + ScalarEmitter.key(for: key, flow: false) + ":"
        switch value {
        case .object(let object) where !object.isEmpty:
            return [pad]
                + object.sorted { $0.key < $1.key }.flatMap {
                    blockEntry($0.key, $0.value, indent: indent + Self.indentStep)
                }
        case .string(let text):
            let written = ScalarEmitter.text(
                text, keeping: .plain, context: YAMLContext(flow: false, indent: indent), contentIndent: nil)
            return [pad + " " + written.inline] + (written.body ?? [])
        default:
            return [pad + " " + ScalarEmitter.inline(value, flow: false)]
        }
    }
}
