import PromptDeckCore

/// Conversations in the playground: after a chat run, `C` takes its reply as the assistant's turn and
/// opens the next user message (or, when the model called tools, the tool results); F5 then sends the
/// whole conversation as a new run whose parent is the last turn, so history holds the chain. `A` asks
/// for the last reply again (a sibling run), and `N` starts over from the prompt's own messages.
extension AppState {
    /// The conversation's last turn (its reply ends the transcript so far).
    public var conversationHead: RunRecord? {
        get { conversationStorage.first }
        set {
            conversationStorage = newValue.map { [$0] } ?? []
            conversationPrompt = newValue.map { Conversation(turns: [$0]).promptMessages } ?? []
            if newValue == nil {
                siblingStorage = []
                siblingIndex = 0
            }
        }
    }

    /// The messages after the prompt's own: earlier turns, the last reply, and the next message typed.
    /// With an earlier message edited (a fork), the messages up to it, changed.
    public var transcript: [ConversationMessage] {
        if let fork = conversationFork { return Array(recordedTranscript.prefix(fork.index)) + [fork.message] }
        return recordedTranscript + stagedTurn
    }

    /// A chat run that ended well becomes the conversation's last turn.
    mutating func rememberTurn(_ record: RunRecord) {
        guard record.kind == PromptKind.chat.rawValue, record.status == .ok,
            detail?.prompt.id == record.promptID, detail?.prompt.portkeyPromptID == nil
        else { return }
        if regenerating, let head = conversationHead, record.parentID == head.parentID,
            record.conversation == head.conversation
        {
            // Asked again: a sibling of the reply it replaces, stepped to with ]/[ as between choices.
            if siblingStorage.isEmpty { siblingStorage = [head] }
            siblingStorage.append(record)
            siblingIndex = siblingStorage.count - 1
        } else {
            siblingStorage = []
            siblingIndex = 0
        }
        regenerating = false
        conversationHead = record
        chainStorage = []
        dropStagedTurns()
    }

    /// `]`/`[` with one choice: the next or previous reply asked for again becomes the last turn (C goes
    /// on from it). False when there are no such replies.
    mutating func stepSibling(by step: Int) -> Bool {
        guard siblingStorage.count > 1, run?.isActive != true else { return false }
        let index = min(max(0, siblingIndex + step), siblingStorage.count - 1)
        siblingIndex = index
        let record = siblingStorage[index]
        conversationHead = record
        conversationFork = nil
        transcriptCursor = nil
        output.clear(choiceCount: 1)
        output.append(TerminalSafeText.make(record.outputs[0] ?? ""), choice: 0)
        var extras = RunExtras()
        extras.finalToolCalls = record.toolCalls
        for (choice, text) in record.reasoning { extras.reasoning[choice] = TerminalSafeText.make(text) }
        runExtras = extras
        run?.finish(with: record)
        statusMessage = StatusMessage(
            .info, "reply \(index + 1) of \(siblingStorage.count) (\(record.id)): C goes on from this one")
        return true
    }

    /// `C`: the next user message (or the tool results the reply asked for), in the editor.
    mutating func continueConversation() -> [Effect] {
        guard let head = conversationHead else {
            statusMessage = StatusMessage(.info, "run a chat prompt first: C continues from its reply")
            return []
        }
        if conversationFork != nil {
            statusMessage = StatusMessage(.info, "F5 runs the edited message first (N drops the edit)")
            return []
        }
        let calls = head.toolCalls[0] ?? []
        if let call = calls.first {
            let mock = detail?.prompt.mocks[call.name] ?? ""
            overlay = .say(SayForm(field: TextField(mock, multiline: true), toolCall: call))
        } else {
            overlay = .say(SayForm(field: TextField("", multiline: true), toolCall: nil))
        }
        return []
    }

    /// Keys in the next-message editor: Esc or Ctrl-S stages it (F5 sends), Enter is a new line.
    mutating func handleSayKey(_ key: Key, form: SayForm) -> [Effect] {
        var form = form
        switch form.field.handle(key) {
        case .committed(let text):
            overlay = nil
            guard let head = conversationHead else { return [] }
            if let index = form.editing { return keepMessageEdit(index, text: text) }
            if let call = form.toolCall {
                var results = form.toolResults
                results[call.id] = text
                // Several calls at once: each one's result is asked for in turn.
                let calls = head.toolCalls[0] ?? []
                if let next = calls.first(where: { results[$0.id] == nil }) {
                    let mock = detail?.prompt.mocks[next.name] ?? ""
                    overlay = .say(
                        SayForm(field: TextField(mock, multiline: true), toolCall: next, toolResults: results))
                    return []
                }
                do {
                    stagedTurn = try ConversationChain.toolResults(
                        for: head, results: results, mocks: detail?.prompt.mocks ?? [:])
                } catch {
                    statusMessage = StatusMessage(.error, TerminalSafeText.make(error.localizedDescription))
                    return []
                }
            } else {
                guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return [] }
                stagedTurn = [.user(text)]
            }
            statusMessage = StatusMessage(
                .info, "F5 sends the conversation (\(transcript.count) messages after the prompt's)")
        case .abandoned, .edited, .ignored:
            overlay = .say(form)
        }
        return []
    }

    /// What F5 sends while a conversation goes on: the edited earlier message (a fork), else the staged
    /// message after the last turn, else the prompt's messages alone (`inputs`). Nil: nothing starts now.
    mutating func conversationInputs(_ inputs: RunInputs) -> RunInputs? {
        switch forkInputs(inputs) {
        case .ready(let forked): return forked
        case .waiting, .refused: return nil
        case .none: break
        }
        guard let head = conversationHead, !stagedTurn.isEmpty else { return inputs }
        return (try? ConversationChain.continuing(head, with: stagedTurn, inputs: inputs)) ?? inputs
    }

    /// `A`: the last turn again, as a sibling of it.
    mutating func regenerateReply() -> [Effect] {
        guard let head = conversationHead, let inputs = runInputs() else {
            statusMessage = StatusMessage(.info, "nothing to regenerate: run a chat prompt first")
            return []
        }
        dropStagedTurns()
        let effects = startRun(with: ConversationChain.regenerating(head, inputs: inputs))
        regenerating = effects.contains { if case .startRun = $0 { true } else { false } }
        return effects
    }

    /// `C` in history: the run becomes the conversation's last turn in the playground (its prompt opens).
    mutating func resumeConversation(_ record: RunRecord) -> [Effect] {
        guard record.kind == PromptKind.chat.rawValue else {
            statusMessage = StatusMessage(.warning, "only a chat run is a conversation (this one is \(record.kind))")
            return []
        }
        closeHistory()
        if isComparing { leaveComparison() }
        focus = .output
        pointPromptList(at: record.promptID)
        pendingResume = record
        // The replies asked for again beside this one, so ]/[ step between them as in the session.
        let siblings: [Effect] = record.parentID == nil ? [] : [.loadSiblings(runID: record.id)]
        if detail?.prompt.id == record.promptID {
            applyPendingResume()
            return siblings
        }
        return [.loadPrompt(id: record.promptID)] + siblings
    }

    /// The replies that answer the same messages as run `runID` (itself among them, oldest first).
    mutating func receiveSiblings(of runID: String, _ records: [RunRecord]) {
        guard records.count > 1, let index = records.firstIndex(where: { $0.id == runID }),
            conversationHead?.id == runID || pendingResume?.id == runID
        else { return }
        siblingStorage = records
        siblingIndex = index
    }

    /// A conversation resumed from history takes over once its prompt is the one shown.
    mutating func applyPendingResume() {
        guard let record = pendingResume, detail?.prompt.id == record.promptID else { return }
        pendingResume = nil
        if let index = siblingStorage.firstIndex(where: { $0.id == record.id }) {
            siblingIndex = index
        } else {
            siblingStorage = []
            siblingIndex = 0
        }
        conversationHead = record
        dropStagedTurns()
        statusMessage = StatusMessage(
            .info, "resumed the conversation at \(record.id) (\(transcript.count) messages): C goes on")
    }

    /// `N`: the conversation is dropped; the next run starts from the prompt's own messages.
    mutating func startConversationOver() -> [Effect] {
        guard conversationHead != nil else { return [] }
        conversationHead = nil
        dropStagedTurns()
        statusMessage = StatusMessage(.info, "conversation dropped: F5 starts from the prompt's messages")
        return []
    }
}

/// The editor for the next turn of a conversation.
public struct SayForm: Equatable, Sendable {
    public var field: TextField
    /// The call whose result is typed (nil: a user message).
    public var toolCall: ToolCall?
    /// The conversation message edited (an index into `AppState.transcript`; nil: the next message).
    public var editing: Int?
    /// Results typed so far for the reply's earlier calls (by call id), when it made several.
    public var toolResults: [String: String]

    public init(
        field: TextField, toolCall: ToolCall? = nil, editing: Int? = nil, toolResults: [String: String] = [:]
    ) {
        self.field = field
        self.toolCall = toolCall
        self.editing = editing
        self.toolResults = toolResults
    }
}
