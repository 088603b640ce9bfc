import PromptDeckCore

/// The pure TUI layer (state, update, render) arrives with the playground issue.
public enum PromptDeckTUI {
    public static let layerName = "PromptDeckTUI"
}
