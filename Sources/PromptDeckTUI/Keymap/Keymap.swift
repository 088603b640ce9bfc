/// The one table of key bindings. The help overlay, the key-hint line and the README's key table are all
/// generated from it.
public enum Keymap {
    public static let bindings: [Binding] = [
        Binding([.function(5), .ctrl("r")], .run, .global, "Run the prompt", hint: "run"),
        Binding([.escape], .cancel, .global, "Cancel the run (or close an overlay)", hint: "cancel"),
        Binding([.tab], .focusNext, .global, "Focus the next pane", hint: "pane"),
        Binding([.backTab], .focusPrevious, .global, "Focus the previous pane"),
        Binding([.char("s")], .toggleStream, .global, "Toggle streaming", hint: "stream"),
        Binding([.char("p")], .preview, .global, "Preview the request: exact JSON body and headers", hint: "preview"),
        Binding([.char("m")], .pickModel, .global, "Pick or type the model"),
        Binding([.char("P")], .pickProfile, .global, "Pick the profile"),
        Binding([.char("t")], .pickTheme, .global, "Pick a theme"),
        Binding([.char("z")], .zoom, .global, "Zoom the focused pane (again to restore)"),
        Binding([.char("?")], .help, .global, "Show this help", hint: "help"),
        Binding([.char("!")], .showMessages, .global, "Show the last messages in full"),
        Binding([.char("y")], .copy, .global, "Copy the output to the clipboard (OSC 52; works over SSH and in tmux)"),
        Binding([.ctrl("z")], .suspend, .global, "Suspend to the shell (fg comes back; runs keep going)"),
        Binding(
            [.char("c")], .toggleCompare, .global, "Compare mode: variants side by side (again to leave)",
            hint: "compare"),
        Binding([.char("S")], .sweep, .global, "Sweep a parameter into columns (temperature=0,0.5,1), with repeats"),
        Binding([.char("O")], .reopenComparison, .global, "Reopen a comparison from history (group or run id)"),
        Binding(
            [.char("E")], .evaluate, .global, "Evaluate: the prompt over its dataset, the columns as variants"),
        Binding([.char("q")], .quit, .global, "Quit (asks first while a run is going)", hint: "quit"),
        Binding([.ctrl("c")], .forceQuit, .global, "Quit now, cancelling any run"),
        Binding(
            [.char("h"), .char("H")], .openHistory, .global,
            "History: search, replay, re-run, fork, export (H if h steps)", hint: "history"),
        Binding([.up, .char("k")], .moveUp, .global, "Move up / scroll up"),
        Binding([.down, .char("j")], .moveDown, .global, "Move down / scroll down"),
        Binding([.pageUp, .ctrl("b")], .pageUp, .global, "Page up"),
        Binding([.pageDown, .ctrl("f")], .pageDown, .global, "Page down"),
        Binding([.home, .char("g")], .top, .global, "Go to the top"),
        Binding([.end, .char("G")], .bottom, .global, "Go to the bottom (output: follow the stream)"),

        Binding([.char("/")], .filter, .global, "Filter the prompt list (from any pane)", hint: "filter"),
        Binding([.enter], .select, .prompts, "Open the prompt and go to its variables", hint: "open"),
        Binding([.char("n")], .newPrompt, .prompts, "New prompt from a skeleton (chat or completion)"),

        Binding(
            [.enter], .edit, .template, "Edit in place: the template, a message, or a chat turn (a fork)", hint: "edit"),
        Binding([.char("e")], .externalEditor, .template, "Edit the template (or message) in $EDITOR", hint: "$EDITOR"),
        Binding([.char("a")], .addMessage, .template, "Add a message after the selected one (chat)", hint: "add"),
        Binding([.char("x")], .removeMessage, .template, "Remove the selected message (chat)"),
        Binding([.char("r")], .cycleRole, .template, "Step the message's role: system, user, assistant", hint: "role"),
        Binding([.char("K")], .moveMessageUp, .template, "Move the selected message up"),
        Binding([.char("J")], .moveMessageDown, .template, "Move the selected message down"),
        Binding([.char("u")], .revertDraft, .template, "Discard the draft: back to the saved file", hint: "revert"),
        Binding(
            [.char("C")], .continueConversation, .global,
            "Continue the chat: its reply joins, type the next message (F5 sends)"),
        Binding([.char("A")], .regenerate, .global, "Ask for the last reply again (a sibling run)"),
        Binding([.char("N")], .startOver, .global, "Start the conversation over from the prompt's messages"),
        Binding(
            [.char("W")], .saveDraft, .global,
            "Save the draft (or save as, or the values and parameters)"),
        Binding(
            [.char("D")], .compareDraft, .global,
            "Compare the draft against the saved prompt, side by side"),
        Binding([.char("V")], .showVersions, .global, "The prompt's versions: diff, run one, compare, label"),

        Binding([.enter], .edit, .variables, "Edit the field (multi-line fields open an editor)", hint: "edit"),
        Binding([.char(" ")], .toggle, .variables, "Toggle a true/false field", hint: "toggle"),
        Binding([.char("e")], .externalEditor, .variables, "Edit the field in $EDITOR", hint: "$EDITOR"),
        Binding([.char("r")], .resetValue, .variables, "Reset the field to its default", hint: "reset"),

        Binding([.enter], .edit, .parameters, "Type a value", hint: "edit"),
        Binding([.left, .char("h")], .stepDown, .parameters, "Step the value down (temperature by 0.1)", hint: "step"),
        Binding([.right, .char("l")], .stepUp, .parameters, "Step the value up"),
        Binding([.char(" ")], .toggle, .parameters, "Toggle a true/false parameter"),
        Binding([.char("r")], .resetValue, .parameters, "Reset to the default", hint: "reset"),

        Binding([.char("w")], .saveOutput, .output, "Save the output to a file", hint: "save"),
        Binding(
            [.char("]"), .right, .char("l")], .nextChoice, .output,
            "Next choice (n > 1), or the next reply asked for again (A)", hint: "choice"),
        Binding(
            [.char("["), .left, .char("h")], .previousChoice, .output,
            "Previous choice, or the previous reply asked for again"),

        Binding([.char("L")], .tokenCursor, .output, "Token cursor over the logprob heatmap, with alternatives"),
        Binding(
            [.char("J")], .togglePrettyJSON, .output, "Show the output as pretty, coloured JSON (again: raw)"),
        Binding(
            [.char("R")], .toggleReasoning, .output, "Unfold the model's reasoning above the answer (again to fold)"),
        Binding([.char("F")], .showCheckFailures, .output, "List the run's failed checks here (again: the output)"),

        Binding([.char("/")], .filter, .history, "Search (full text; results update as you type)", hint: "search"),
        Binding([.tab], .focusNext, .history, "Switch between the list and the detail pane", hint: "detail"),
        Binding([.char(" ")], .mark, .history, "Mark the run (for compare) and move to the next", hint: "mark"),
        Binding([.char("c")], .compareMarked, .history, "Open the marked runs as compare columns", hint: "compare"),
        Binding([.char("y")], .copy, .history, "Copy the selected run's output to the clipboard"),
        Binding([.char("r")], .replay, .history, "Replay the recorded stream at its pace", hint: "replay"),
        Binding([.char("R")], .rerun, .history, "Re-run the same request (a child run)", hint: "re-run"),
        Binding([.char("e")], .fork, .history, "Edit and resend: load it into the playground as a fork", hint: "fork"),
        Binding(
            [.char("C")], .continueConversation, .history,
            "Resume the chat from this turn in the playground (C goes on)"),
        Binding([.char("x")], .export, .history, "Export as JSON, curl or markdown", hint: "export"),
        Binding([.char("d")], .delete, .history, "Delete the run (asks first)", hint: "delete"),
        Binding([.char("f")], .cycleStatus, .history, "Filter by status (cycles)", hint: "status"),
        Binding([.char("M")], .cycleModel, .history, "Filter by model (cycles)"),
        Binding([.char("p")], .cyclePrompt, .history, "Filter by prompt (cycles)"),
        Binding([.char("P")], .cycleProfile, .history, "Filter by profile (cycles)"),
        Binding([.char("F")], .clearFilters, .history, "Clear the search and filters"),
        Binding([.up, .char("k")], .moveUp, .history, "Previous run (detail: scroll up)"),
        Binding([.down, .char("j")], .moveDown, .history, "Next run (detail: scroll down)"),
        Binding([.pageUp, .ctrl("b")], .pageUp, .history, "Page up"),
        Binding([.pageDown, .ctrl("f")], .pageDown, .history, "Page down"),
        Binding([.home, .char("g")], .top, .history, "Newest run"),
        Binding([.end, .char("G")], .bottom, .history, "Oldest run shown"),
        Binding([.escape, .char("h"), .char("q")], .close, .history, "Close history", hint: "close"),
        Binding([.up], .moveUp, .historySearch, "Previous run (while typing the search)"),
        Binding([.down], .moveDown, .historySearch, "Next run (while typing the search)"),
        Binding([.tab], .switchFormat, .exportForm, "Next format: json, curl, markdown", hint: "format"),

        Binding([.char(" ")], .pauseReplay, .replay, "Pause or resume the replay", hint: "pause"),
        Binding([.char("n"), .char(".")], .stepReplay, .replay, "Step one event (pauses)", hint: "step"),
        Binding([.char("+"), .char(">")], .replaySpeed, .replay, "Speed ×1, ×2, ×10, instant (cycles)", hint: "speed"),
        Binding([.escape], .cancel, .replay, "Stop the replay (output so far stays)", hint: "stop"),

        Binding([.right, .char("l")], .nextToken, .logprobs, "Next token", hint: "next"),
        Binding([.left, .char("h")], .previousToken, .logprobs, "Previous token", hint: "previous"),
        Binding([.escape, .char("L")], .close, .logprobs, "Leave the token cursor", hint: "leave"),

        Binding([.function(5), .ctrl("r")], .run, .compare, "Run every column at once", hint: "run all"),
        Binding([.escape], .cancel, .compare, "Cancel the focused column (or close the reader)", hint: "cancel"),
        Binding([.char("X"), .ctrl("x")], .cancelAll, .compare, "Cancel every column", hint: "cancel all"),
        Binding([.tab, .right, .char("l")], .nextColumn, .compare, "Focus the next column", hint: "column"),
        Binding([.backTab, .left, .char("h")], .previousColumn, .compare, "Focus the previous column"),
        Binding(
            [.char("e")], .editColumn, .compare, "Edit the focused column's parameters (m model, P profile)",
            hint: "edit"),
        Binding([.char("a")], .addColumn, .compare, "Add a column with the playground's settings", hint: "add"),
        Binding([.char("D")], .duplicateColumn, .compare, "Duplicate the focused column", hint: "dup"),
        Binding([.char("x")], .removeColumn, .compare, "Remove the focused column", hint: "remove"),
        Binding([.char("]")], .nextChoice, .compare, "Next choice of the focused column (n > 1)", hint: "choice"),
        Binding([.char("[")], .previousChoice, .compare, "Previous choice of the focused column"),
        Binding([.char("y")], .copy, .compare, "Copy the focused column's output to the clipboard"),
        Binding([.char("d")], .toggleDiff, .compare, "Word diff of each column against column 1", hint: "diff"),
        Binding([.char("S")], .sweep, .compare, "Sweep a parameter into columns", hint: "sweep"),
        Binding(
            [.enter, .char("z")], .read, .compare, "Read the focused variant whole (grid: the selected row)",
            hint: "read"),
        Binding([.char("c")], .toggleCompare, .compare, "Back to the playground (columns are kept)", hint: "back"),

        Binding([.escape, .char("e")], .close, .columnEditor, "Done editing the column", hint: "done"),
        Binding([.char("m")], .pickModel, .columnEditor, "Pick or type the column's model", hint: "model"),
        Binding([.char("P")], .pickProfile, .columnEditor, "Pick the column's profile", hint: "profile"),

        Binding([.left], .cursorLeft, .textField, "Move the cursor left"),
        Binding([.right], .cursorRight, .textField, "Move the cursor right"),
        Binding([.alt("b")], .wordLeft, .textField, "Move a word left"),
        Binding([.alt("f")], .wordRight, .textField, "Move a word right"),
        Binding([.home, .ctrl("a")], .lineStart, .textField, "Go to the start of the line"),
        Binding([.end, .ctrl("e")], .lineEnd, .textField, "Go to the end of the line"),
        Binding([.backspace], .deleteBackward, .textField, "Delete the character before the cursor"),
        Binding([.delete, .ctrl("d")], .deleteForward, .textField, "Delete the character under the cursor"),
        Binding([.ctrl("w")], .deleteWord, .textField, "Delete the word before the cursor"),
        Binding([.ctrl("u")], .deleteToStart, .textField, "Delete to the start of the line"),
        Binding([.ctrl("k")], .deleteToEnd, .textField, "Delete to the end of the line"),
        Binding([.enter], .commit, .textField, "Accept the value", hint: "accept"),
        Binding([.escape], .abandon, .textField, "Discard the edit", hint: "discard"),

        Binding([.enter], .newline, .editor, "New line"),
        Binding([.up], .cursorUp, .editor, "Move the cursor up a line"),
        Binding([.down], .cursorDown, .editor, "Move the cursor down a line"),
        Binding([.escape, .ctrl("s")], .commit, .editor, "Accept the text and close the editor", hint: "done"),
        Binding([.ctrl("o")], .externalEditor, .editor, "Continue in $EDITOR", hint: "$EDITOR"),

        Binding([.char("s")], .commit, .saveMenu, "Save the draft to the prompt file", hint: "save"),
        Binding([.char("a")], .edit, .saveMenu, "Save as a new prompt id", hint: "save as"),
        Binding(
            [.char("d")], .resetValue, .saveMenu, "Save the variable values as the prompt's defaults", hint: "defaults"),
        Binding([.char("p")], .toggle, .saveMenu, "Save the parameters into the prompt", hint: "parameters"),
        Binding(
            [.char("P")], .pushDraft, .saveMenu, "Push it to Portkey as a new version (a pulled prompt)",
            hint: "push"),
        Binding(
            [.char("c")], .continueConversation, .saveMenu, "Save the conversation as a new prompt (few-shot turns)"),
        Binding([.escape], .abandon, .saveMenu, "Close", hint: "close"),

        Binding(
            [.enter], .select, .versionList, "Open the version as a draft (compare mode: add it as a column)",
            hint: "open"),
        Binding(
            [.char("D")], .compareDraft, .versionList, "Compare this version against the file, side by side",
            hint: "compare"),
        Binding(
            [.char("P")], .confirm, .versionList, "Publish the Portkey version (makeDefault; asks first)",
            hint: "publish"),
        Binding([.escape, .char("V")], .close, .versionList, "Close the version list", hint: "close"),

        Binding([.tab, .down], .nextField, .sweepForm, "Next field", hint: "field"),
        Binding([.backTab, .up], .previousField, .sweepForm, "Previous field"),
        Binding([.enter], .commit, .sweepForm, "Make the columns", hint: "make columns"),
        Binding([.escape], .abandon, .sweepForm, "Close without changing the columns", hint: "close"),

        Binding([.char("y"), .enter], .confirm, .sweepQuestion, "Replace the columns with the sweep", hint: "replace"),
        Binding([.char("a")], .addColumn, .sweepQuestion, "Add the sweep's columns to these", hint: "add"),
        Binding([.char("n"), .escape], .deny, .sweepQuestion, "Keep the columns as they are", hint: "keep"),

        Binding([.down], .moveDown, .reopenForm, "Pick a recent comparison", hint: "recent"),
        Binding([.up], .moveUp, .reopenForm, "Back up the list (to the typed id)"),

        Binding([.enter], .select, .picker, "Choose the highlighted item (or the typed text)", hint: "choose"),
        Binding([.escape], .close, .picker, "Close without choosing", hint: "close"),
        Binding([.up], .moveUp, .picker, "Previous item"),
        Binding([.down], .moveDown, .picker, "Next item"),

        Binding([.up, .char("k")], .moveUp, .evaluation, "Previous row (reader: scroll up)"),
        Binding([.down, .char("j")], .moveDown, .evaluation, "Next row (reader: scroll down)"),
        Binding([.tab, .right, .char("l")], .nextColumn, .evaluation, "Next column (variant)", hint: "column"),
        Binding([.backTab, .left, .char("h")], .previousColumn, .evaluation, "Previous column"),
        Binding([.pageUp, .ctrl("b")], .pageUp, .evaluation, "Page up"),
        Binding([.pageDown, .ctrl("f")], .pageDown, .evaluation, "Page down"),
        Binding([.home, .char("g")], .top, .evaluation, "First row"),
        Binding([.end, .char("G")], .bottom, .evaluation, "Last row"),
        Binding(
            [.enter, .char("z")], .read, .evaluation, "Read the cell: output, checks with reasons, variables",
            hint: "read"),
        Binding(
            [.char("F")], .rerunFailed, .evaluation, "Run the failed cells again (same group)", hint: "re-run failed"),
        Binding([.function(5), .ctrl("r")], .run, .evaluation, "Run the whole evaluation again (a new group)"),
        Binding([.char("X"), .ctrl("x")], .cancelAll, .evaluation, "Cancel the cells still running or waiting"),
        Binding([.char("y")], .copy, .evaluation, "Copy the cell's output to the clipboard"),
        Binding(
            [.escape, .char("E")], .close, .evaluation, "Close the reader, or back to where E was pressed",
            hint: "back"),

        Binding([.escape, .char("q")], .close, .overlay, "Close the overlay", hint: "close"),
        Binding([.char("y"), .enter], .confirm, .confirm, "Yes", hint: "yes"),
        Binding([.char("n"), .escape], .deny, .confirm, "No", hint: "no"),
    ]

    /// The command `key` runs in the first of `contexts` that binds it.
    public static func command(for key: Key, in contexts: [KeyContext]) -> Command? {
        for context in contexts {
            if let binding = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) {
                return binding.command
            }
        }
        return nil
    }

    /// The bindings of `context`, in table order.
    public static func bindings(in context: KeyContext) -> [Binding] { bindings.filter { $0.context == context } }

    /// The README key table (markdown), generated from the bindings.
    public static func markdownTable() -> String {
        var lines = ["| Key | Where | What it does |", "|---|---|---|"]
        for binding in bindings {
            let keys = binding.keys.map { "`\($0.label == "|" ? "\\|" : $0.label)`" }.joined(separator: " ")
            lines.append("| \(keys) | \(binding.context.rawValue) | \(binding.help) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
