import Foundation
import PromptDeckCore
import Testing

@testable import PromptDeckTUI

/// Issue 13 in the playground: `C` after a chat run takes its reply into the conversation and opens the next
/// user message; F5 sends the whole conversation as a child of the last turn; `A` asks again (a sibling);
/// a reply that called a tool is continued with its result; `N` starts over.
@Suite("Playground: conversations")
struct ConversationTests {
    static func chatState() -> AppState {
        var state = Fixtures.state(rows: 30, columns: 120, promptID: "examples/translate", focus: .output)
        Fixtures.running(&state)
        return state
    }

    static func reply(_ text: String, id: String = "run-1", calls: [ToolCall] = []) -> RunRecord {
        var record = Fixtures.record(status: .ok, outputs: [0: text])
        record.id = id
        record.kind = "chat"
        record.promptID = "examples/translate"
        record.parentID = "run-0"
        record.toolCalls = calls.isEmpty ? [:] : [0: calls]
        return record
    }

    @Test func continueSendsTheWholeConversationAsAChildOfTheLastTurn() throws {
        var state = Self.chatState()
        _ = update(
            &state, .runFinished(id: "run-1", record: Self.reply("Merci pour votre commande !"), historyWarning: nil))
        _ = update(&state, .key(.char("C")))
        #expect(render(state).text.contains("Next message (user)"))
        _ = Fixtures.type("Now in German, please.", into: &state)
        _ = update(&state, .key(.escape))
        let screen = render(state).text
        #expect(screen.contains("── conversation (2 after the prompt's) ──"), "\(screen)")
        #expect(screen.contains("assistant: Merci pour votre commande !"))
        let effects = update(&state, .key(.function(5)))
        guard case .startRun(let inputs)? = effects.first else {
            Issue.record("F5 sends the conversation: \(effects)")
            return
        }
        #expect(inputs.parentID == "run-1")
        #expect(inputs.conversation == [.assistant("Merci pour votre commande !"), .user("Now in German, please.")])
    }

    @Test func regenerateIsASiblingAndStartOverDropsTheConversation() {
        var state = Self.chatState()
        _ = update(&state, .runFinished(id: "run-1", record: Self.reply("Bonjour"), historyWarning: nil))
        let effects = update(&state, .key(.char("A")))
        guard case .startRun(let inputs)? = effects.first else {
            Issue.record("A asks again: \(effects)")
            return
        }
        #expect(inputs.parentID == "run-0", "the same turn again: the last turn's parent")
        _ = update(&state, .runFinished(id: "run-1", record: Self.reply("Salut"), historyWarning: nil))
        _ = update(&state, .key(.char("N")))
        #expect(state.conversationHead == nil)
        #expect(state.transcript.isEmpty)
    }

    @Test func aTurnFromHistoryResumesTheConversation() {
        var state = Fixtures.state(rows: 30, columns: 120, promptID: "examples/tagline")
        let turn = Self.reply("Bonjour", id: "run-7")
        let effects = state.resumeConversation(turn)
        #expect(effects == [.loadPrompt(id: "examples/translate"), .loadSiblings(runID: "run-7")])
        _ = update(&state, .promptLoaded(Fixtures.detail("examples/translate")))
        #expect(state.conversationHead?.id == "run-7")
        #expect(render(state).text.contains("resumed the conversation at run-7"))
        var sibling = turn
        sibling.id = "run-8"
        sibling.outputs = [0: "Salut"]
        _ = update(&state, .siblingsLoaded(runID: "run-7", records: [turn, sibling]))
        state.focus = .output
        _ = update(&state, .key(.char("]")))
        #expect(state.conversationHead?.id == "run-8", "] steps to a reply asked for again in an earlier session")
        _ = update(&state, .key(.char("C")))
        #expect(render(state).text.contains("Next message (user)"))
    }

    @Test func theConversationIsSavedAsANewPromptWithItsTurnsAsFewShotMessages() throws {
        var state = Self.chatState()
        var turn = Self.reply("Merci pour votre commande !")
        turn.templateSource = Fixtures.detail("examples/translate").prompt.sourceText
        _ = update(&state, .runFinished(id: "run-1", record: turn, historyWarning: nil))
        _ = update(&state, .key(.char("W")))
        _ = update(&state, .key(.char("c")))
        #expect(render(state).text.contains("Save the conversation as a new prompt"))
        let effects = update(&state, .key(.enter))
        guard case .saveDraft(.asNew(let id, _, let text))? = effects.first else {
            Issue.record("Enter saves the conversation: \(effects)")
            return
        }
        #expect(id == "translate-chat", "a free id (no listed prompt has it)")
        let saved = try PromptLibrary(directory: nil).prompt(recordedSource: text, id: id, file: "x.yaml")
        #expect(saved.messages.last?.role == "assistant")
        #expect(saved.messages.last?.content == "Merci pour votre commande !")
        #expect(saved.variables.map(\.name).contains("language"), "the original variables stay variables")
    }

    @Test func aToolCallIsContinuedWithItsResult() {
        var state = Self.chatState()
        let call = ToolCall(id: "call_1", name: "lookup", arguments: #"{"word":"merci"}"#)
        _ = update(&state, .runFinished(id: "run-1", record: Self.reply("", calls: [call]), historyWarning: nil))
        _ = update(&state, .key(.char("C")))
        #expect(render(state).text.contains("Result of lookup (call_1)"))
        _ = Fixtures.type(#"{"meaning":"thanks"}"#, into: &state)
        _ = update(&state, .key(.escape))
        let effects = update(&state, .key(.function(5)))
        guard case .startRun(let inputs)? = effects.first else {
            Issue.record("F5 sends the result: \(effects)")
            return
        }
        #expect(inputs.conversation.first?.toolCalls == [call])
        #expect(inputs.conversation.last == .toolResult(callID: "call_1", #"{"meaning":"thanks"}"#))
    }

    /// Two turns: the first reply, then the user's next message and the second reply.
    static func twoTurns() -> (state: AppState, first: RunRecord, second: RunRecord) {
        var state = Self.chatState()
        var first = Self.reply("Merci pour votre commande !")
        first.parentID = nil
        _ = update(&state, .runFinished(id: "run-1", record: first, historyWarning: nil))
        var second = Self.reply("Danke für Ihre Bestellung!", id: "run-2")
        second.parentID = "run-1"
        second.conversation = [.assistant("Merci pour votre commande !"), .user("Now in German, please.")]
        let sent = [ConversationMessage.user("Translate into French: Thanks for your order!")] + second.conversation
        second.requestBody = JSONValue.object(["messages": .array(sent.map(\.json))]).serialized()
        _ = update(&state, .key(.function(5)))
        _ = update(
            &state,
            .runStarted(
                RunStart(
                    id: "run-2", model: "gpt-4o-mini", profileName: "local", choiceCount: 1, streamed: true, at: 20)))
        _ = update(&state, .runFinished(id: "run-2", record: second, historyWarning: nil))
        return (state, first, second)
    }

    /// Moves the Template pane's cursor onto conversation message `index` (from the bottom up).
    static func selectTranscriptMessage(_ index: Int, in state: inout AppState) {
        state.focus = .template
        _ = update(&state, .key(.char("G")))
        for _ in 0..<(state.transcript.count - 1 - index) { _ = update(&state, .key(.char("k"))) }
    }

    @Test func anEarlierMessageIsEditedAndRunAsAForkFromTheTurnBeforeIt() throws {
        var (state, first, second) = Self.twoTurns()
        #expect(state.conversationHead?.id == "run-2")
        Self.selectTranscriptMessage(0, in: &state)
        _ = update(&state, .key(.char("k")))
        #expect(state.transcriptCursor == nil)
        #expect(
            render(state).text.contains("▸user · from the prompt: Translate into French: Thanks for your order!"),
            "up from the conversation: the prompt's message as sent, variables filled, marked as the prompt's")
        Self.selectTranscriptMessage(1, in: &state)
        #expect(state.transcriptCursor == 1)
        #expect(render(state).text.contains("▸user: Now in German, please."), "\(render(state).text)")

        let opened = update(&state, .key(.enter))
        #expect(opened == [.loadConversation(runID: "run-2")], "the chain is read while the message is typed")
        #expect(render(state).text.contains("Edit message 2 of the conversation (user)"))
        _ = Fixtures.type(" And in Dutch.", into: &state)
        _ = update(&state, .key(.escape))
        #expect(
            state.transcript == [
                .assistant("Merci pour votre commande !"), .user("Now in German, please. And in Dutch."),
            ])
        let screen = render(state).text
        #expect(screen.contains("F5 runs from the edited message"), "\(screen)")
        #expect(screen.contains("── conversation (2 after the prompt's) ──"), "the turns after it are not in the fork")

        // F5 before the chain arrives waits for it; the run starts when it does.
        #expect(update(&state, .key(.function(5))).isEmpty)
        let effects = update(&state, .conversationChainLoaded(Conversation(turns: [first, second])))
        guard case .startRun(let inputs)? = effects.first else {
            Issue.record("the fork runs once the chain is read: \(effects)")
            return
        }
        #expect(inputs.parentID == "run-1", "a sibling of turn 2: the parent is the turn whose reply came before")
        #expect(
            inputs.conversation == [
                .assistant("Merci pour votre commande !"), .user("Now in German, please. And in Dutch."),
            ])
    }

    @Test func anEditedReplyForksToo_andWithoutHistoryTheLastTurnStandsIn() throws {
        var (state, _, _) = Self.twoTurns()
        Self.selectTranscriptMessage(0, in: &state)
        _ = update(&state, .key(.enter))
        #expect(render(state).text.contains("Edit message 1 of the conversation (assistant)"))
        _ = Fixtures.type(" (edited)", into: &state)
        _ = update(&state, .key(.escape))
        _ = update(&state, .conversationChainFailed(runID: "run-2", reason: "history is off (--no-history)"))
        #expect(state.statusMessage?.text.contains("history could not give the conversation's turns") == true)
        let effects = update(&state, .key(.function(5)))
        guard case .startRun(let inputs)? = effects.first else {
            Issue.record("the fork runs on the last turn's messages: \(effects)")
            return
        }
        #expect(inputs.conversation == [.assistant("Merci pour votre commande ! (edited)")])
        #expect(inputs.parentID == "run-1")
    }

    @Test func aStagedMessageIsEditedInPlace_andTheCursorGoesBackToThePromptsMessages() {
        var (state, _, _) = Self.twoTurns()
        _ = update(&state, .key(.char("C")))
        _ = Fixtures.type("Und auf Englisch?", into: &state)
        _ = update(&state, .key(.escape))
        Self.selectTranscriptMessage(3, in: &state)
        #expect(update(&state, .key(.enter)).isEmpty, "the staged message needs no history")
        _ = Fixtures.type(" Bitte.", into: &state)
        _ = update(&state, .key(.escape))
        #expect(state.conversationFork == nil)
        #expect(state.stagedTurn == [.user("Und auf Englisch? Bitte.")])
        for _ in 0..<4 { _ = update(&state, .key(.char("k"))) }
        #expect(state.transcriptCursor == nil, "up from the first conversation message: the prompt's messages")
        #expect(state.draft?.cursor == (state.draft?.messages.count ?? 0) - 1, "their last one")
        _ = update(&state, .key(.char("x")))
        #expect(state.draft?.messages.count ?? 0 >= 1)
    }

    @Test func aSchemaFileTypedForResponseFormatIsReadThenSent() throws {
        var state = Fixtures.state(rows: 30, columns: 120, promptID: "examples/translate", focus: .parameters)
        let row = try #require(state.parameterSpecs.firstIndex { $0.name == "response_format" })
        state.parameterCursor = row
        _ = update(&state, .key(.enter))
        _ = Fixtures.type("@person.json", into: &state)
        #expect(state.inlineEdit?.error == nil, "a file name is not judged as a value while it is typed")
        let effects = update(&state, .key(.enter))
        guard case .readResponseFormat("examples/translate", "@person.json", _)? = effects.first else {
            Issue.record("Enter reads the file: \(effects)")
            return
        }
        let format: JSONValue = [
            "type": "json_schema", "json_schema": ["name": "person", "schema": ["type": "object"]],
        ]
        _ = update(
            &state, .responseFormatRead(promptID: "examples/translate", reference: "@person.json", value: format))
        #expect(state.parameterValue("response_format").value == format)
        #expect(state.parameterValue("response_format").origin == .typed)
        #expect(state.statusMessage?.text == "response_format: the schema person from @person.json")
    }

    @Test func repliesAskedForAgainAreSteppedBetweenAsChoices_andCGoesOnFromTheOneShown() throws {
        var (state, _, second) = Self.twoTurns()
        state.focus = .output
        let again = update(&state, .key(.char("A")))
        guard case .startRun(let inputs)? = again.first else {
            Issue.record("A asks again: \(again)")
            return
        }
        #expect(inputs.parentID == "run-1")
        _ = update(
            &state,
            .runStarted(
                RunStart(
                    id: "run-3", model: "gpt-4o-mini", profileName: "local", choiceCount: 1, streamed: true, at: 30)))
        var third = second
        third.id = "run-3"
        third.outputs = [0: "Vielen Dank für Ihre Bestellung!"]
        _ = update(&state, .runFinished(id: "run-3", record: third, historyWarning: nil))
        #expect(state.conversationHead?.id == "run-3")

        _ = update(&state, .key(.char("[")))
        #expect(state.conversationHead?.id == "run-2", "[ steps back to the first reply")
        #expect(render(state).text.contains("Danke für Ihre Bestellung!"))
        #expect(state.statusMessage?.text.hasPrefix("reply 1 of 2 (run-2)") == true)
        _ = update(&state, .key(.char("]")))
        #expect(state.conversationHead?.id == "run-3", "] steps forward again")
        _ = update(&state, .key(.char("[")))
        _ = update(&state, .key(.char("C")))
        _ = Fixtures.type("Und jetzt?", into: &state)
        _ = update(&state, .key(.escape))
        let next = update(&state, .key(.function(5)))
        guard case .startRun(let continued)? = next.first else {
            Issue.record("F5 continues from the reply shown: \(next)")
            return
        }
        #expect(continued.parentID == "run-2")
        #expect(continued.conversation.dropLast().last == .assistant("Danke für Ihre Bestellung!"))
    }

    @Test func aPromptsToolsAreInTheParametersPanel_andTypedOnesOverrideTheFile() throws {
        var state = Fixtures.state(rows: 40, columns: 140, promptID: "examples/travel-helper", focus: .parameters)
        _ = update(&state, .promptLoaded(Fixtures.detail("examples/travel-helper")))
        let names = state.parameterSpecs.map(\.name)
        #expect(names.suffix(2) == ["tool_choice", "tools"])
        state.parameterCursor = names.count - 1
        var screen = render(state).text
        #expect(screen.contains("get_weather prompt"), "the tools by name: \(screen)")
        state.parameterCursor = names.count - 2
        #expect(state.parameterValue("tool_choice").value == "auto")
        _ = update(&state, .key(.right))
        #expect(state.parameterValue("tool_choice") == ("none", .typed), "→ steps auto, none, required, each tool")
        _ = update(&state, .key(.enter))
        _ = update(&state, .key(.ctrl("u")))
        _ = Fixtures.type("no_such tool", into: &state)
        screen = render(state).text
        #expect(state.inlineEdit?.error == nil, "a tool's name is a string: fine as typed")
        _ = update(&state, .key(.ctrl("u")))
        _ = Fixtures.type("[1]", into: &state)
        #expect(state.inlineEdit?.error?.contains("expected auto, none, required") == true, "\(screen)")
        _ = update(&state, .key(.escape))
        guard let inputs = state.runInputs() else {
            Issue.record("the prompt runs")
            return
        }
        #expect(inputs.overrides["tool_choice"] == "none", "the typed choice goes with the run (as --set does)")
        // Other parameters are still checked with the tool fields typed.
        #expect(state.parameterProblem("temperature", text: "0.5") == nil)
    }

    @Test func severalCallsAtOnceAreAnsweredEachInTurn() {
        var state = Self.chatState()
        let calls = [
            ToolCall(id: "call_1", name: "lookup", arguments: #"{"word":"merci"}"#),
            ToolCall(id: "call_2", name: "lookup", arguments: #"{"word":"danke"}"#),
        ]
        _ = update(&state, .runFinished(id: "run-1", record: Self.reply("", calls: calls), historyWarning: nil))
        _ = update(&state, .key(.char("C")))
        #expect(render(state).text.contains("Result of lookup (call_1) · 1 of 2"))
        _ = Fixtures.type("thanks", into: &state)
        _ = update(&state, .key(.escape))
        #expect(render(state).text.contains("Result of lookup (call_2) · 2 of 2"), "the second call is asked next")
        _ = Fixtures.type("thanks too", into: &state)
        _ = update(&state, .key(.escape))
        #expect(
            state.stagedTurn == [.toolResult(callID: "call_1", "thanks"), .toolResult(callID: "call_2", "thanks too")])
    }

}

/// A run that ends well clears only what was said about it, not news of something else done meanwhile.
@Suite("Playground: status messages across a run")
struct StatusAcrossARunTests {
    @Test func anExportMadeDuringARunIsStillSaidWhenItEnds() {
        var state = Fixtures.state(rows: 30, columns: 140, focus: .output)
        Fixtures.running(&state)
        _ = update(&state, .key(.function(5)))
        #expect(state.statusMessage?.text == "a run is going: Esc cancels it")
        _ = update(&state, .runExported(path: "/tmp/run.json"))
        let said = state.statusMessage
        _ = update(&state, .runFinished(id: "run-1", record: Fixtures.record(status: .ok), historyWarning: nil))
        #expect(state.statusMessage == said, "the export's news stays")

        Fixtures.running(&state)
        _ = update(&state, .key(.function(5)))
        _ = update(&state, .runFinished(id: "run-1", record: Fixtures.record(status: .ok), historyWarning: nil))
        #expect(state.statusMessage == nil, "'a run is going' goes with the run")
    }
}

/// Text pasted (bracketed paste) goes where the keys go: the next message, the template editor, the
/// dataset question and the save-as id. It was dropped in all of them.
@Suite("Playground: paste into the newer editors")
struct PasteIntoEditorsTests {
    @Test func pasteGoesIntoTheNextMessageTheTemplateEditorAndTheDatasetQuestion() {
        var state = ConversationTests.chatState()
        _ = update(&state, .runFinished(id: "run-1", record: ConversationTests.reply("Merci"), historyWarning: nil))
        _ = update(&state, .key(.char("C")))
        _ = update(&state, .paste("line one\r\nline two"))
        _ = update(&state, .key(.escape))
        #expect(state.stagedTurn == [.user("line one\nline two")])

        var editing = Fixtures.state(rows: 30, columns: 120, promptID: "examples/tagline", focus: .template)
        _ = update(&editing, .key(.enter))
        let effects = update(&editing, .paste(" {{tone}}"))
        #expect(editing.draft?.template.hasSuffix(" {{tone}}") == true, "the draft follows the paste")
        #expect(effects.contains { if case .analyzeDraft = $0 { true } else { false } })

        var asking = Fixtures.state(rows: 30, columns: 120, promptID: "examples/tagline", focus: .output)
        _ = update(&asking, .key(.char("E")))
        guard case .askingDataset? = asking.evaluation?.phase else {
            Issue.record("tagline has no dataset: E asks for one (\(String(describing: asking.evaluation?.phase)))")
            return
        }
        _ = update(&asking, .paste("rows.csv\n"))
        guard case .askingDataset(let field)? = asking.evaluation?.phase else { return }
        #expect(field.text == "rows.csv")
    }
}
