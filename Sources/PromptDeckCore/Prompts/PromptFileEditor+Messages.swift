import Yams

/// One item of a sequence: its node and where its text starts (after the `-` in a block sequence).
struct SequenceItem {
    var node: Node
    var start: Int
    /// The item's `-` (block sequences only).
    var dash: Int?
}

extension PromptFileEditor {
    func sequenceItems(of node: Node, at start: Int, field: String) throws(PromptEditError) -> (
        items: [SequenceItem], context: YAMLContext
    ) {
        guard case .sequence(let sequence) = node else { throw refusal(at: start, field: field, "expected a list") }
        try checkProperties(at: start, field: field)
        let flow = source.bytes[start] == UInt8(ascii: "[")
        let context = YAMLContext(flow: flow, indent: source.column(of: start))
        var items: [SequenceItem] = []
        var previous = start
        for (index, item) in sequence.enumerated() {
            let itemField = "\(field)[\(index)]"
            guard let itemStart = source.offset(of: item), itemStart >= previous else {
                throw refusal(at: previous, field: itemField, "the item is an alias (`*name`) of a node elsewhere")
            }
            try checkProperties(at: itemStart, field: itemField)
            var before = itemStart - 1
            while before > start,
                source.isBlankByte(source.bytes[before]) || source.isBreak(at: before)
                    || source.bytes[before] == 0x0A
            {
                before -= 1
            }
            let indicator = source.bytes[max(before, 0)]
            if flow {
                guard indicator == UInt8(ascii: "[") || indicator == UInt8(ascii: ",") else {
                    throw refusal(at: itemStart, field: itemField, "the item could not be located in the list")
                }
                items.append(SequenceItem(node: item, start: itemStart, dash: nil))
            } else {
                guard indicator == UInt8(ascii: "-") else {
                    throw refusal(at: itemStart, field: itemField, "the item could not be located in the list")
                }
                items.append(SequenceItem(node: item, start: itemStart, dash: before))
            }
            previous = itemStart + 1
        }
        return (items, context)
    }

    /// One message of the file: its item, its `role:` and `content:` entries, and its mapping's context.
    private struct FileMessage {
        var item: SequenceItem
        var role: MappingEntry
        var content: MappingEntry
        var context: YAMLContext
        var value: ChatMessage
    }

    func messagesSplices(_ messages: [ChatMessage]) throws(PromptEditError) -> [Splice] {
        let (entries, context) = try rootEntries(field: "messages")
        guard let entry = entries.first(where: { $0.key == "messages" }), let start = entry.valueStart else {
            // A hosted prompt with no messages yet: add the list after the last field.
            var lines = ["messages:"]
            for message in messages { lines += newMessageLines(message, dashColumn: context.indent + 2, keyOffset: 2) }
            return [try insertion(of: lines, before: [], entries: entries, context: context)]
        }
        if let problem = entry.problem { throw refusal(at: start, field: "messages", problem) }
        let (items, listContext) = try sequenceItems(of: entry.value, at: start, field: "messages")
        var old: [FileMessage] = []
        for (index, item) in items.enumerated() {
            let field = "messages[\(index)]"
            let (fields, itemContext) = try self.entries(of: item.node, at: item.start, field: field)
            guard let role = fields.first(where: { $0.key == "role" }),
                let content = fields.first(where: { $0.key == "content" })
            else { throw refusal(at: item.start, field: field, "expected role: and content:") }
            let value = ChatMessage(role: role.value.scalar?.string ?? "", content: content.value.scalar?.string ?? "")
            old.append(FileMessage(item: item, role: role, content: content, context: itemContext, value: value))
        }
        let origins = Self.match(old.map(\.value), to: messages)
        let inPlace = origins.count == old.count && origins.enumerated().allSatisfy { $0.element == $0.offset }
        var edits: [[Splice]] = []
        for (index, message) in messages.enumerated() {
            guard let from = origins[index] else {
                edits.append([])
                continue
            }
            var splices: [Splice] = []
            let file = old[from]
            if file.value.role != message.role {
                try setValue(
                    .string(message.role), of: file.role, context: file.context, field: "messages[\(index)].role",
                    into: &splices)
            }
            if file.value.content != message.content {
                splices += try replacement(
                    of: file.content, context: file.context,
                    with: scalarText(message.content, for: file.content, context: file.context),
                    field: "messages[\(index)].content")
            }
            edits.append(splices)
        }
        if inPlace { return edits.flatMap { $0 } }
        return listContext.flow
            ? try rewrittenFlowList(start: start, old: old, messages: messages, origins: origins, edits: edits)
            : try rewrittenBlockList(old: old, messages: messages, origins: origins, edits: edits)
    }

    /// For each new message, the file message it continues: equal ones first (so a move keeps the text),
    /// then the remaining ones in order (so an edit changes the text in place).
    static func match(_ old: [ChatMessage], to new: [ChatMessage]) -> [Int?] {
        var source = [Int?](repeating: nil, count: new.count)
        var used = Set<Int>()
        for index in new.indices where index < old.count && old[index] == new[index] {
            source[index] = index
            used.insert(index)
        }
        for index in new.indices where source[index] == nil {
            if let from = old.indices.first(where: { !used.contains($0) && old[$0] == new[index] }) {
                source[index] = from
                used.insert(from)
            }
        }
        var leftovers = old.indices.filter { !used.contains($0) }[...]
        for index in new.indices where source[index] == nil {
            guard let from = leftovers.popFirst() else { break }
            source[index] = from
        }
        return source
    }

    /// Rewrites a block list: kept messages keep their own lines (comments included) with their edits applied,
    /// new ones are written in the list's indentation, and the gaps between items stay where they were.
    private func rewrittenBlockList(
        old: [FileMessage], messages: [ChatMessage], origins: [Int?], edits: [[Splice]]
    ) throws(PromptEditError) -> [Splice] {
        var regions: [Range<Int>] = []
        for (index, message) in old.enumerated() {
            let field = "messages[\(index)]"
            guard let dash = message.item.dash else {
                throw refusal(at: message.item.start, field: field, "no `-` found")
            }
            let dashLine = source.line(containing: dash)
            let lineStart = source.lineStarts[dashLine]
            guard source.bytes[lineStart..<dash].allSatisfy({ $0 == 0x20 }) else {
                throw refusal(at: dash, field: field, "only a list item that starts its line is moved")
            }
            let floor = regions.last?.upperBound ?? 0
            var first = dashLine
            while first > 0, source.lineStarts[first - 1] >= floor, source.isComment(line: first - 1),
                source.indentation(ofLine: first - 1) >= source.column(of: dash)
            {
                first -= 1
            }
            let end = try extentEnd(
                of: message.item.node, at: message.item.start,
                context: YAMLContext(flow: false, indent: source.column(of: dash)), field: field)
            regions.append(source.lineStarts[first]..<lineEnd(after: dash, end))
        }
        guard let firstRegion = regions.first, let lastRegion = regions.last, let firstDash = old.first?.item.dash
        else {
            return []
        }
        let dashColumn = source.column(of: firstDash)
        let keyOffset = max(2, source.column(of: old[0].item.start) - dashColumn)
        var gaps: [String] = []
        for index in regions.indices.dropLast() {
            gaps.append(source.text(regions[index].upperBound..<regions[index + 1].lowerBound))
        }
        var out = ""
        for (index, message) in messages.enumerated() {
            if index > 0 {
                if out.utf8.last != 0x0A { out += source.lineBreak }
                out += gaps.isEmpty ? "" : gaps[min(index - 1, gaps.count - 1)]
            }
            if let from = origins[index] {
                out += String(decoding: try applying(edits[index], to: regions[from]), as: UTF8.self)
            } else {
                out += inFileLineEnds(
                    newMessageLines(message, dashColumn: dashColumn, keyOffset: keyOffset).map { $0 + "\n" }.joined())
            }
        }
        return [Splice(firstRegion.lowerBound..<lastRegion.upperBound, out, verbatim: true)]
    }

    /// Rewrites a flow list (`[{role: user, content: hi}]`) on one line, kept items as they were written.
    private func rewrittenFlowList(
        start: Int, old: [FileMessage], messages: [ChatMessage], origins: [Int?], edits: [[Splice]]
    ) throws(PromptEditError) -> [Splice] {
        guard let (end, hasComment) = source.flowCollectionEnd(from: start), !hasComment else {
            throw refusal(
                at: start, field: "messages", "a flow list with comments inside would lose them when rewritten")
        }
        var items: [String] = []
        for (index, message) in messages.enumerated() {
            if let from = origins[index] {
                let item = old[from].item
                let itemEnd = try extentEnd(
                    of: item.node, at: item.start, context: YAMLContext(flow: true, indent: 0),
                    field: "messages[\(index)]")
                items.append(String(decoding: try applying(edits[index], to: item.start..<itemEnd), as: UTF8.self))
            } else {
                let role = ScalarEmitter.inline(.string(message.role), flow: true)
                items.append("{role: \(role), content: \(ScalarEmitter.inline(.string(message.content), flow: true))}")
            }
        }
        return [Splice(start..<end, "[" + items.joined(separator: ", ") + "]", verbatim: true)]
    }

    /// A new message's lines: `- role: ...` at `dashColumn`, then `content:` with the keys `keyOffset` further in.
    func newMessageLines(_ message: ChatMessage, dashColumn: Int, keyOffset: Int) -> [String] {
        let keyIndent = dashColumn + keyOffset
        var lines =
            blockEntry("role", .string(message.role), indent: keyIndent)
            + blockEntry("content", .string(message.content), indent: keyIndent)
        lines[0] =
            String(repeating: " ", count: dashColumn) + "-" + String(repeating: " ", count: keyOffset - 1)
            + lines[0].dropFirst(keyIndent)
        return lines
    }
}
