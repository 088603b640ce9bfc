import Foundation
import Yams

/// One row of a dataset: variable values, and the extra checks it carries (`__expected`, `__checks`).
public struct DatasetRow: Sendable, Equatable {
    /// The row's number, from 1, in file order (bad rows count).
    public var number: Int
    /// Where the row starts in the file.
    public var line: Int
    public var values: [String: JSONValue]
    /// The column each value starts at (CSV), for messages about a value.
    public var columns: [String: Int]
    /// `__expected` (an `equals` check) and `__checks`.
    public var checks: [CheckSpec]
    /// Why the row cannot run (a ragged CSV record, a line that is not JSON, a bad `__checks`); the
    /// other rows run all the same.
    public var problem: Diagnostic?

    public init(
        number: Int, line: Int, values: [String: JSONValue] = [:], columns: [String: Int] = [:],
        checks: [CheckSpec] = [], problem: Diagnostic? = nil
    ) {
        self.number = number
        self.line = line
        self.values = values
        self.columns = columns
        self.checks = checks
        self.problem = problem
    }

    /// A diagnostic about this row, pinned to `field`'s column when known.
    public func diagnostic(file: String, field: String?, message: String) -> Diagnostic {
        Diagnostic(file: file, line: line, column: field.flatMap { columns[$0] }, field: field, message: message)
    }
}

/// Rows of variables to run a prompt with: CSV with a header, JSONL, a YAML list (or a JSON array).
public struct Dataset: Sendable, Equatable {
    public enum Format: String, Sendable { case csv, jsonl, yaml, json }

    /// The file as given (messages name it).
    public var file: String
    public var format: Format
    public var rows: [DatasetRow]

    public init(file: String, format: Format, rows: [DatasetRow]) {
        self.file = file
        self.format = format
        self.rows = rows
    }

    /// The columns that carry checks instead of variables.
    public static let expectedKey = "__expected"
    public static let checksKey = "__checks"

    /// The rows for `prompt`: `given` (a path from the working folder) when there is one, else the prompt's
    /// `dataset:` (next to the prompt file).
    public static func load(for prompt: Prompt, given: String?) throws(Diagnostic) -> Dataset {
        if let given { return try load(file: given) }
        guard let named = prompt.dataset else {
            throw Diagnostic(
                file: prompt.sourcePath, field: "dataset",
                message: "no dataset: add dataset: FILE to the prompt or pass --dataset FILE")
        }
        let folder = (prompt.sourcePath as NSString).deletingLastPathComponent
        let path = named.hasPrefix("/") || folder.isEmpty ? named : folder + "/" + named
        return try load(file: path, displayName: path)
    }

    /// Reads a dataset file; the format comes from its extension (`.csv`, `.jsonl`/`.ndjson`, `.yaml`/`.yml`,
    /// `.json`). Throws only when the file cannot be read at all; bad rows are kept with their problem.
    public static func load(file: String, displayName: String? = nil) throws(Diagnostic) -> Dataset {
        let name = displayName ?? file
        let text: String
        if let data = FileManager.default.contents(atPath: file) {
            guard let decoded = String(validating: Array(data), as: UTF8.self) else {
                throw Diagnostic(file: name, message: "the dataset is not UTF-8 text")
            }
            text = decoded
        } else if let bundled = BundledExamples.dataset(at: file) {
            text = bundled  // a bundled example's dataset (examples/capitals.yaml)
        } else {
            throw Diagnostic(file: name, message: "cannot read the dataset file")
        }
        let lowered = file.lowercased()
        let format: Format
        if lowered.hasSuffix(".csv") {
            format = .csv
        } else if lowered.hasSuffix(".jsonl") || lowered.hasSuffix(".ndjson") {
            format = .jsonl
        } else if lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml") {
            format = .yaml
        } else if lowered.hasSuffix(".json") {
            format = .json
        } else {
            throw Diagnostic(file: name, message: "unknown dataset format: name it .csv, .jsonl, .yaml or .json")
        }
        return try parse(text, format: format, file: name)
    }

    /// Reads dataset text of a known format.
    public static func parse(_ text: String, format: Format, file: String) throws(Diagnostic) -> Dataset {
        let rows: [DatasetRow]
        switch format {
        case .csv: rows = try csvRows(text, file: file)
        case .jsonl: rows = jsonlRows(text, file: file)
        case .yaml, .json: rows = try yamlRows(text, file: file)
        }
        return Dataset(file: file, format: format, rows: rows)
    }

    // MARK: Readers

    static func csvRows(_ text: String, file: String) throws(Diagnostic) -> [DatasetRow] {
        let records: [CSVReader.Record]
        do {
            records = try CSVReader.records(text)
        } catch {
            throw Diagnostic(file: file, line: error.line, column: error.column, message: error.message)
        }
        guard let header = records.first else { return [] }
        let names = header.fields.map { $0.text.trimmingCharacters(in: .whitespaces) }
        if let empty = header.fields.firstIndex(where: { $0.text.trimmingCharacters(in: .whitespaces).isEmpty }) {
            throw Diagnostic(
                file: file, line: header.line, column: header.fields[empty].column,
                message: "header column \(empty + 1) has no name")
        }
        var seen: Set<String> = []
        for (index, name) in names.enumerated() where !seen.insert(name).inserted {
            throw Diagnostic(
                file: file, line: header.line, column: header.fields[index].column,
                message: "the header names '\(name)' twice")
        }
        var rows: [DatasetRow] = []
        for (offset, record) in records.dropFirst().enumerated() {
            var row = DatasetRow(number: offset + 1, line: record.line)
            if record.fields.count != names.count {
                let place =
                    record.fields.count > names.count
                    ? record.fields[names.count].column : (record.fields.last?.column ?? 1)
                row.problem = Diagnostic(
                    file: file, line: record.line, column: place,
                    message:
                        "\(record.fields.count) fields, but the header has \(names.count) (\(names.joined(separator: ", ")))"
                )
                rows.append(row)
                continue
            }
            var object: [String: JSONValue] = [:]
            for (name, field) in zip(names, record.fields) {
                object[name] = .string(field.text)
                row.columns[name] = field.column
            }
            fill(&row, from: object, file: file)
            rows.append(row)
        }
        return rows
    }

    static func jsonlRows(_ text: String, file: String) -> [DatasetRow] {
        var rows: [DatasetRow] = []
        let unmarked = text.unicodeScalars.first == "\u{FEFF}" ? String(text.unicodeScalars.dropFirst()) : text
        for (index, rawLine) in unmarked.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            var row = DatasetRow(number: rows.count + 1, line: index + 1)
            do {
                let value = try JSONValue.parse(String(line))
                guard let object = value.objectValue else {
                    row.problem = Diagnostic(
                        file: file, line: index + 1, column: 1, message: "expected a JSON object of variables")
                    rows.append(row)
                    continue
                }
                fill(&row, from: object, file: file)
            } catch {
                row.problem = Diagnostic(
                    file: file, line: index + 1, column: error.column, message: "not JSON: \(error.message)")
            }
            rows.append(row)
        }
        return rows
    }

    static func yamlRows(_ text: String, file: String) throws(Diagnostic) -> [DatasetRow] {
        guard let root = try YAMLSupport.compose(text, file: file) else { return [] }
        let list = root.mapping?["rows"] ?? root
        guard let items = list.sequence else {
            throw Diagnostic(
                file: file, line: root.mark?.line, column: root.mark?.column,
                message: "expected a list of rows (- city: Paris), or rows: with one")
        }
        var rows: [DatasetRow] = []
        for (index, item) in items.enumerated() {
            var row = DatasetRow(number: index + 1, line: item.mark?.line ?? 1)
            guard let mapping = item.mapping else {
                row.problem = Diagnostic(
                    file: file, line: item.mark?.line, column: item.mark?.column,
                    message: "expected a mapping of variable name to value")
                rows.append(row)
                continue
            }
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard let name = key.string else { continue }
                object[name] = name == checksKey ? CheckParser.json(from: value) : YAMLSupport.json(from: value)
                row.columns[name] = value.mark?.column
            }
            fill(&row, from: object, file: file)
            rows.append(row)
        }
        return rows
    }

    /// Splits the check columns from the variables.
    static func fill(_ row: inout DatasetRow, from object: [String: JSONValue], file: String) {
        var values = object
        // An empty `__expected` cell expects nothing (CSV has no null).
        if let expected = values.removeValue(forKey: expectedKey), expected != .null, expected != .string("") {
            let text = expected.stringValue ?? expected.serialized()
            row.checks.append(CheckSpec(name: "expected", kind: .equals(text, ignoreCase: false), origin: .dataset))
        }
        if var list = values.removeValue(forKey: checksKey) {
            // CSV cells hold the JSON list as text.
            if case .string(let text) = list {
                if text.trimmingCharacters(in: .whitespaces).isEmpty {
                    list = .array([])
                } else {
                    do {
                        list = try JSONValue.parse(text)
                    } catch {
                        row.problem = row.diagnostic(
                            file: file, field: checksKey, message: "not JSON: \(error.message)")
                        return
                    }
                }
            }
            guard let items = list.arrayValue else {
                row.problem = row.diagnostic(file: file, field: checksKey, message: "expected a JSON list of checks")
                return
            }
            for (index, item) in items.enumerated() {
                do {
                    row.checks.append(try CheckParser.parse(item, origin: .dataset))
                } catch {
                    row.problem = row.diagnostic(
                        file: file, field: checksKey, message: "check \(index + 1): \(error.message)")
                    return
                }
            }
        }
        row.values = values
    }
}
