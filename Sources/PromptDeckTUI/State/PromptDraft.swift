import PromptDeckCore

/// An unsaved edit of the open prompt: the template (or chat messages) as typed, and the prompt file's
/// text with them spliced in (the runtime splices and parses off the key loop, so a big template never
/// stutters typing). A run of a modified draft sends the draft; saving writes `text` to the file.
public struct PromptDraft: Equatable, Sendable {
    public var promptID: String
    public var kind: PromptKind
    /// The prompt file's path, and its text as on disk when the draft began (or was last saved).
    public var path: String
    public var savedText: String
    /// The file's text with the edits spliced in, as of the last analysis (`savedText` until then).
    public var text: String
    /// The completion template as typed.
    public var template: String
    /// The chat messages as typed.
    public var messages: [DraftMessage]
    /// The selected message (chat).
    public var cursor = 0
    /// Bumped on every edit; the analysis of an older one is dropped.
    public var generation = 0
    /// The generation `text` was made from.
    public var analyzedGeneration = 0
    /// Why the last edit does not parse (a broken tag, with its line and column); the last good form stays.
    public var problem: String?

    /// A draft of `detail`'s prompt, unchanged so far.
    public init(of detail: PromptDetail) {
        promptID = detail.prompt.id
        kind = detail.prompt.kind
        path = detail.prompt.sourcePath
        savedText = detail.prompt.sourceText
        text = detail.prompt.sourceText
        template = detail.prompt.template ?? ""
        messages = detail.prompt.messages.map { DraftMessage(role: $0.role, content: $0.content) }
    }

    /// Whether there is anything to save: the edits differ from the file (or are still being spliced).
    public var isModified: Bool { text != savedText || generation != analyzedGeneration }

    /// What the runtime needs to splice and check this draft.
    public var snapshot: DraftSnapshot {
        DraftSnapshot(
            promptID: promptID, kind: kind, path: path, savedText: savedText, template: template,
            messages: messages, generation: generation)
    }

    /// The text of a part being edited.
    public func text(of part: DraftPart) -> String {
        switch part {
        case .template: return template
        case .message(let index): return messages.indices.contains(index) ? messages[index].content : ""
        }
    }

    /// Puts `text` into `part` and bumps the generation when it changed.
    public mutating func set(_ part: DraftPart, to text: String) {
        guard self.text(of: part) != text else { return }
        switch part {
        case .template: template = text
        case .message(let index):
            guard messages.indices.contains(index) else { return }
            messages[index].content = text
        }
        generation += 1
    }

    /// The roles a message steps through.
    public static let roles = ["system", "user", "assistant"]

    /// Message edits: add after the cursor, remove, move, and step the role.
    public mutating func addMessage() {
        let role = messages.last?.role == "user" ? "assistant" : "user"
        let at = messages.isEmpty ? 0 : min(cursor + 1, messages.count)
        messages.insert(DraftMessage(role: role, content: ""), at: at)
        cursor = at
        generation += 1
    }

    public mutating func removeMessage() {
        guard messages.indices.contains(cursor), messages.count > 1 else { return }
        messages.remove(at: cursor)
        cursor = min(cursor, messages.count - 1)
        generation += 1
    }

    public mutating func moveMessage(by offset: Int) {
        let target = cursor + offset
        guard messages.indices.contains(cursor), messages.indices.contains(target) else { return }
        messages.swapAt(cursor, target)
        cursor = target
        generation += 1
    }

    public mutating func cycleRole() {
        guard messages.indices.contains(cursor) else { return }
        let current = Self.roles.firstIndex(of: messages[cursor].role) ?? -1
        messages[cursor].role = Self.roles[(current + 1) % Self.roles.count]
        generation += 1
    }
}

/// One chat message of a draft.
public struct DraftMessage: Equatable, Sendable {
    public var role: String
    public var content: String

    public init(role: String, content: String) {
        self.role = role
        self.content = content
    }
}

/// Which part of a draft an editor has open.
public enum DraftPart: Equatable, Sendable {
    /// A completion prompt's template.
    case template
    /// A chat prompt's message at this index.
    case message(Int)
}

/// A draft as sent to the runtime to splice into the file and check (`Effect.analyzeDraft`).
public struct DraftSnapshot: Equatable, Sendable {
    public var promptID: String
    public var kind: PromptKind
    public var path: String
    public var savedText: String
    public var template: String
    public var messages: [DraftMessage]
    public var generation: Int
}

/// What the runtime found in a draft (`Msg.draftAnalyzed`).
public struct DraftAnalysis: Equatable, Sendable {
    public var promptID: String
    public var generation: Int
    /// The file's text with the edits spliced in (nil when splicing failed: see `problem`).
    public var text: String?
    /// The draft parsed, with its variables, when it parses and its tags are whole.
    public var detail: PromptDetail?
    /// Why not: a broken tag with its line and column, or why splicing was refused.
    public var problem: String?

    public init(promptID: String, generation: Int, text: String?, detail: PromptDetail?, problem: String?) {
        self.promptID = promptID
        self.generation = generation
        self.text = text
        self.detail = detail
        self.problem = problem
    }
}

/// The template editor open in the Template pane.
public struct TemplateEditor: Equatable, Sendable {
    public var part: DraftPart
    public var field: TextField

    public init(part: DraftPart, text: String) {
        self.part = part
        field = TextField(text, multiline: true)
    }
}

/// A prompt file written (`Msg.draftSaved`).
public struct DraftSaved: Equatable, Sendable {
    /// The prompt written (a new id for "save as" and new prompts).
    public var promptID: String
    public var path: String
    public var text: String
    /// The version history recorded for the text, when it could.
    public var version: Int?
    /// What was saved, for the status bar ("saved the draft", "saved the defaults").
    public var what: String

    public init(promptID: String, path: String, text: String, version: Int?, what: String) {
        self.promptID = promptID
        self.path = path
        self.text = text
        self.version = version
        self.what = what
    }
}
