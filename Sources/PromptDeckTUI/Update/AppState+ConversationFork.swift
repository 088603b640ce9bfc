import PromptDeckCore

/// Editing an earlier message of a conversation and running from there: a fork. In the Template pane the
/// cursor goes on past the prompt's own messages into the conversation (j/k); Enter opens the selected
/// message in the editor; Esc keeps the edit, and F5 sends the conversation up to that message, changed,
/// as a new run whose parent is the turn whose reply came just before it. The later turns stay in history
/// as they were (`ConversationChain.forking`, which needs every turn: the runtime reads the chain).
extension AppState {
    /// The edited earlier message F5 runs from (nil: none).
    public var conversationFork: ConversationFork? {
        get { forkStorage.first }
        set { forkStorage = newValue.map { [$0] } ?? [] }
    }

    /// The messages history holds after the prompt's: earlier turns and the last reply.
    var recordedTranscript: [ConversationMessage] {
        guard let head = conversationHead else { return [] }
        return head.conversation + [head.reply]
    }

    /// Drops what was typed for the next run (a staged turn, an edited message) and the cursor over it.
    mutating func dropStagedTurns() {
        stagedTurn = []
        conversationFork = nil
        transcriptCursor = nil
    }

    /// j/k (and G) over the conversation under the prompt's messages: down from the last prompt message
    /// enters it, up from its first goes back. False when the key is not about the conversation.
    mutating func moveTranscriptCursor(_ command: Command, draftCursor: Int, promptMessages: Int) -> Bool {
        let count = transcript.count
        guard count > 0 else {
            transcriptCursor = nil
            return false
        }
        switch (command, transcriptCursor) {
        case (.moveDown, let index?): transcriptCursor = min(count - 1, index + 1)
        case (.moveDown, nil):
            guard draftCursor >= promptMessages - 1 else { return false }
            transcriptCursor = 0
        case (.moveUp, let index?): transcriptCursor = index > 0 ? index - 1 : nil
        case (.bottom, _): transcriptCursor = count - 1
        case (.top, _):
            transcriptCursor = nil
            return false
        default: return false
        }
        if let index = transcriptCursor { transcriptCursor = min(index, count - 1) }
        return true
    }

    /// The conversation's turns as history holds them, when they have been read for the current head.
    var conversationChain: Conversation? {
        chainStorage.first { $0.last?.id == conversationHead?.id }
    }

    /// Enter on a conversation message: it opens in the editor (Esc keeps the edit; F5 runs the fork).
    /// The chain is read meanwhile, so F5 seldom waits for it.
    mutating func editTranscriptMessage(_ index: Int) -> [Effect] {
        let messages = transcript
        guard messages.indices.contains(index), let head = conversationHead else {
            transcriptCursor = nil
            return []
        }
        overlay = .say(SayForm(field: TextField(messages[index].content ?? "", multiline: true), editing: index))
        let staged = conversationFork == nil && index >= recordedTranscript.count  // edited in place, no fork
        return !staged && conversationChain == nil ? [.loadConversation(runID: head.id)] : []
    }

    /// The edit of message `index` kept: a staged message changes in place; an earlier one becomes the fork.
    mutating func keepMessageEdit(_ index: Int, text: String) -> [Effect] {
        let recorded = recordedTranscript
        guard let head = conversationHead else { return [] }
        if conversationFork == nil, index >= recorded.count {
            let staged = index - recorded.count
            guard stagedTurn.indices.contains(staged) else { return [] }
            stagedTurn[staged].content = text
            statusMessage = StatusMessage(.info, "F5 sends the conversation (\(transcript.count) messages)")
            return []
        }
        let base = conversationFork.map { Array(recorded.prefix($0.index)) + [$0.message] } ?? recorded
        guard base.indices.contains(index) else { return [] }
        var message = base[index]
        message.content = text
        stagedTurn = []
        conversationFork = ConversationFork(headID: head.id, index: index, message: message)
        transcriptCursor = index
        statusMessage = StatusMessage(
            .info,
            "F5 runs from the edited message \(index + 1) (a fork: the \(recorded.count - index - 1) after it stay)")
        return conversationChain == nil ? [.loadConversation(runID: head.id)] : []
    }

    /// The chain arrived: a fork waiting for it runs now.
    mutating func receiveConversationChain(_ chain: Conversation) -> [Effect] {
        guard let head = conversationHead, chain.last?.id == head.id else { return [] }
        chainStorage = [chain]
        guard var fork = conversationFork, fork.runWhenRead else { return [] }
        fork.runWhenRead = false
        conversationFork = fork
        return startRun()
    }

    /// History could not give the chain (it is off, or the file failed): the fork is sent with the last
    /// turn's messages, parented to that turn's parent, and the status bar says why.
    mutating func receiveConversationChainFailure(runID: String, reason: String) -> [Effect] {
        guard let head = conversationHead, head.id == runID else { return [] }
        let effects = receiveConversationChain(Conversation(turns: [head]))
        statusMessage = StatusMessage(
            .warning,
            "history could not give the conversation's turns (\(TerminalSafeText.make(reason))): "
                + "the fork's parent is the last turn's")
        return effects
    }

    /// What F5 sends for the fork: `.none` when there is none, `.waiting` while its chain is read (the run
    /// starts when it arrives), `.refused` when it cannot be built (the status bar says why).
    mutating func forkInputs(_ inputs: RunInputs) -> ForkStart {
        guard var fork = conversationFork else { return .none }
        guard let chain = conversationChain else {
            fork.runWhenRead = true
            conversationFork = fork
            statusMessage = StatusMessage(.info, "reading the conversation from history…")
            return .waiting
        }
        do {
            return .ready(
                try ConversationChain.forking(
                    chain, at: fork.index, content: fork.message.content ?? "", inputs: inputs))
        } catch {
            statusMessage = StatusMessage(.error, TerminalSafeText.make(error.localizedDescription))
            return .refused
        }
    }
}

/// What F5 does about an edited earlier message.
enum ForkStart {
    case none, waiting, refused
    case ready(RunInputs)
}

/// An earlier message of the conversation edited: F5 runs the conversation up to it, changed.
public struct ConversationFork: Equatable, Sendable {
    /// The conversation's last turn when the message was edited.
    public var headID: String
    /// The message's index in the transcript (the messages after the prompt's).
    public var index: Int
    /// The message as edited.
    public var message: ConversationMessage
    /// F5 was pressed before the chain arrived: the run starts when it does.
    public var runWhenRead = false

    public init(headID: String, index: Int, message: ConversationMessage) {
        self.headID = headID
        self.index = index
        self.message = message
    }
}
