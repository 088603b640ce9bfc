public enum PromptDeckVersion {
    public static let string = "0.1.0"
}
