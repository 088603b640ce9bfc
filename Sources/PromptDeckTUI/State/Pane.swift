/// The focusable regions of the playground, in Tab order.
public enum Pane: String, CaseIterable, Sendable {
    case prompts, template, variables, parameters, output

    /// The keymap context of the pane.
    public var keyContext: KeyContext {
        switch self {
        case .prompts: return .prompts
        case .template: return .template
        case .variables: return .variables
        case .parameters: return .parameters
        case .output: return .output
        }
    }

    public var title: String {
        switch self {
        case .prompts: return "Prompts"
        case .template: return "Template"
        case .variables: return "Variables"
        case .parameters: return "Parameters"
        case .output: return "Output"
        }
    }
}
