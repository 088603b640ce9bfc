import Foundation

/// Resolves `@N`, `@latest` and `@LABEL` against a prompt's Portkey versions and labels, and fetches the
/// partials a template uses.
struct PortkeyResolver {
    var client: PortkeyAdminClient

    struct Resolved {
        var detail: PortkeyPromptDetail
        var number: Int?
        var labels: [String]
        var isDefault: Bool
    }

    func resolve(slug: String, selector: PromptVersionSelector?) throws(PortkeyAdminError) -> Resolved {
        guard let selector else {
            let detail = try client.prompt(slug)
            let labels = try labelNames(ids: [detail.versionLabelID].compactMap { $0 })
            return Resolved(detail: detail, number: detail.versionNumber, labels: labels, isDefault: true)
        }
        let rows = try rows(slug: slug)
        let row: PortkeyVersionRow?
        switch selector {
        case .number(let number): row = rows.first { $0.version.number == number }
        case .latest: row = rows.last
        case .label(let name):
            row =
                rows.first { $0.labels.contains(name) }
                ?? rows.first { $0.labels.contains { $0.lowercased() == name.lowercased() } }
        }
        guard let row else {
            let id = PortkeyPromptID.make(slug: slug) + "@\(selector)"
            let numbers = rows.map(\.version.number)
            let have = numbers.isEmpty ? "it has no versions" : "its versions are \(Self.ranges(numbers))"
            switch selector {
            case .label(let name):
                let used = Set(rows.flatMap(\.labels)).sorted()
                throw .unresolved(
                    id: id,
                    reason: "no version has the label '\(name)'"
                        + (used.isEmpty
                            ? " (no version has a label)" : " (labels in use: \(used.joined(separator: ", ")))"))
            default: throw .unresolved(id: id, reason: "Portkey has no such version (\(have))")
            }
        }
        var detail = try client.version(of: slug, versionID: row.version.id)
        if detail.versionNumber == nil { detail.versionNumber = row.version.number }
        if detail.versionID == nil { detail.versionID = row.version.id }
        return Resolved(detail: detail, number: row.version.number, labels: row.labels, isDefault: row.isDefault)
    }

    /// Versions with label names; the default is the version `GET /prompts/{id}` answers with.
    func rows(slug: String) throws(PortkeyAdminError) -> [PortkeyVersionRow] {
        let versions = try client.versions(of: slug)
        let defaultNumber = try client.prompt(slug).versionNumber
        let labels = versions.contains { $0.labelID != nil } ? try client.labels() : []
        return versions.map { version in
            let names = labels.filter { $0.id == version.labelID }.map(\.name)
            return PortkeyVersionRow(version: version, labels: names, isDefault: version.number == defaultNumber)
        }
    }

    func labelNames(ids: [String]) throws(PortkeyAdminError) -> [String] {
        guard !ids.isEmpty else { return [] }
        return try client.labels().filter { ids.contains($0.id) }.map(\.name)
    }

    /// The partials `detail` uses, by name, fetched by slug or name from `GET /prompts/partials`.
    func partials(for detail: PortkeyPromptDetail) throws(PortkeyAdminError) -> [String: String] {
        let text =
            PortkeyPromptFile.messages(of: detail).map { $0.map(\.content).joined(separator: "\n") } ?? detail.string
        let names = PortkeyPromptFile.partialNames(in: text)
        guard !names.isEmpty else { return [:] }
        let listed = try client.partials()
        var result: [String: String] = [:]
        for name in names {
            guard let entry = listed.first(where: { $0.slug == name || $0.name == name }) else {
                throw .unresolved(
                    id: PortkeyPromptID.make(slug: detail.slug),
                    reason: "uses the partial {{>\(name)}}, which Portkey does not list")
            }
            result[name] = try client.partial(entry.id).string ?? ""
        }
        return result
    }

    /// `1–3, 5`.
    static func ranges(_ numbers: [Int]) -> String {
        var parts: [String] = []
        var start: Int?
        var previous: Int?
        for number in numbers.sorted() + [Int.max] {
            if let p = previous, number == p + 1 {
                previous = number
                continue
            }
            if let s = start, let p = previous { parts.append(s == p ? "\(s)" : "\(s)–\(p)") }
            start = number
            previous = number
        }
        return parts.joined(separator: ", ")
    }
}
