import Foundation

/// One distinct content of a prompt file plus the partials it used, as history keeps it. Versions are
/// content-addressed (one per distinct content) and numbered 1, 2, 3… per prompt in the order first seen.
public struct PromptVersion: Sendable, Equatable {
    public var promptID: String
    /// 1, 2, 3… per prompt, in the order the contents were first seen.
    public var number: Int
    /// SHA-256 of the canonical encoding of the source and its partials (`contentHash`), 64 hex digits.
    public var hash: String
    /// The prompt file's text (YAML), exactly as used.
    public var source: String
    /// The partials it used, by name.
    public var partials: [String: String]
    /// When this content was first seen (its first run, or its save).
    public var firstSeen: Date
    /// How many runs in history used it.
    public var runCount: Int
    /// Its labels (`production`, `staging`…), sorted.
    public var labels: [String]

    public init(
        promptID: String, number: Int, hash: String, source: String, partials: [String: String], firstSeen: Date,
        runCount: Int = 0, labels: [String] = []
    ) {
        self.promptID = promptID
        self.number = number
        self.hash = hash
        self.source = source
        self.partials = partials
        self.firstSeen = firstSeen
        self.runCount = runCount
        self.labels = labels
    }

    /// The first 8 hex digits of `hash`, as lists show it.
    public var shortHash: String { String(hash.prefix(8)) }

    /// `tagline@2`
    public var reference: String { "\(promptID)@\(number)" }

    /// The content hash of a prompt file's text and its partials: SHA-256 over a length-prefixed encoding
    /// (source, then each partial's name and text in name order), so no two contents can encode alike.
    public static func contentHash(source: String, partials: [String: String]) -> String {
        var bytes: [UInt8] = Array("promptdeck-version-1\n".utf8)
        func field(_ text: String) {
            let utf8 = Array(text.utf8)
            bytes += Array("\(utf8.count):".utf8)
            bytes += utf8
            bytes.append(0x0A)
        }
        field(source)
        for name in partials.keys.sorted() {
            field(name)
            field(partials[name] ?? "")
        }
        return SHA256.hex(bytes)
    }

    /// This version as an explicit run source (its recorded text and partials).
    public func runSource(selectedBy selector: PromptVersionSelector? = nil) -> PromptSource {
        let label: String
        switch selector {
        case .label(let name): label = "\(name) (\(number))"
        case .latest: label = "latest (\(number))"
        case .number, nil: label = String(number)
        }
        return PromptSource(
            text: source, partials: partials, label: label,
            file: "\(promptID).yaml (version \(number), recorded)", versionNumber: number)
    }
}

/// The text a run uses instead of the prompt file on disk: a recorded version, or a draft the playground
/// has not saved. Passed to `RunPlanner` through `RunInputs.source` (or `ComparisonVariant.source`).
public struct PromptSource: Sendable, Equatable {
    /// The prompt file's text (YAML), as a file would hold it.
    public var text: String
    /// The partials to render with, by name; nil renders with the library's partials as they are now.
    public var partials: [String: String]?
    /// What a comparison header shows as `version=…`: `2`, `production (3)`, `draft`.
    public var label: String
    /// How messages name the text: `tagline.yaml (version 2, recorded)`, `tagline.yaml (draft)`.
    public var file: String
    /// The version number, when the text is a recorded version.
    public var versionNumber: Int?

    public init(text: String, partials: [String: String]?, label: String, file: String, versionNumber: Int? = nil) {
        self.text = text
        self.partials = partials
        self.label = label
        self.file = file
        self.versionNumber = versionNumber
    }

    /// Unsaved text from an editor, rendered with the library's partials; headers say `version=draft`.
    public static func draft(_ text: String, promptID: String) -> PromptSource {
        PromptSource(text: text, partials: nil, label: "draft", file: "\(promptID).yaml (draft)")
    }
}
