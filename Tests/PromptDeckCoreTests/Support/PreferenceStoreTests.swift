import Foundation
import Testing

@testable import PromptDeckCore

@Suite("PreferenceStore: the playground's last theme, and theme precedence")
struct PreferenceStoreTests {
    private func temporaryPath() -> String {
        NSTemporaryDirectory() + "promptdeck-state-\(UUID().uuidString)/promptdeck/state.yaml"
    }

    @Test("saves atomically with mode 0600 and reads back; no temporary file is left")
    func roundTrip() throws {
        let store = PreferenceStore(path: temporaryPath())
        #expect(store.load().preferences == PreferenceStore.Preferences())
        try store.save(PreferenceStore.Preferences(themeName: "solarized-dark"))
        let loaded = store.load()
        #expect(loaded.preferences.themeName == "solarized-dark")
        #expect(loaded.warning == nil)
        let mode = try FileManager.default.attributesOfItem(atPath: store.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let folder = (store.path as NSString).deletingLastPathComponent
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["state.yaml"])
    }

    @Test(
        "a corrupt or unexpected file is ignored with a warning naming it",
        arguments: ["theme: [unclosed", "- just\n- a list\n", "\u{FF}\u{FE}"])
    func corrupt(text: String) throws {
        let store = PreferenceStore(path: temporaryPath())
        try FileManager.default.createDirectory(
            atPath: (store.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: store.path, atomically: true, encoding: .utf8)
        let loaded = store.load()
        #expect(loaded.preferences.themeName == nil)
        #expect(loaded.warning?.contains(store.path) == true, "\(loaded.warning ?? "no warning")")
    }

    @Test("an unknown key is ignored with a warning; the theme is still read")
    func unknownKey() throws {
        let store = PreferenceStore(path: temporaryPath())
        try FileManager.default.createDirectory(
            atPath: (store.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try "theme: light\ncolour: red\n".write(toFile: store.path, atomically: true, encoding: .utf8)
        let loaded = store.load()
        #expect(loaded.preferences.themeName == "light")
        #expect(loaded.warning?.contains("unknown key 'colour'") == true)
    }

    @Test("the path honours PROMPTDECK_STATE, then XDG_STATE_HOME, then ~/.local/state")
    func paths() {
        #expect(
            PromptDeckPaths(environment: ["HOME": "/h", "PROMPTDECK_STATE": "/s/state.yaml"]).stateFile
                == "/s/state.yaml")
        #expect(
            PromptDeckPaths(environment: ["HOME": "/h", "XDG_STATE_HOME": "/x"]).stateFile
                == "/x/promptdeck/state.yaml")
        #expect(PromptDeckPaths(environment: ["HOME": "/h"]).stateFile == "/h/.local/state/promptdeck/state.yaml")
    }

    @Test("precedence: --theme, then the last chosen, then config theme:, then the default")
    func precedence() {
        #expect(PreferenceStore.themeName(flag: "a", lastChosen: "b", configured: "c", fallback: "d") == "a")
        #expect(PreferenceStore.themeName(flag: nil, lastChosen: "b", configured: "c", fallback: "d") == "b")
        #expect(PreferenceStore.themeName(flag: nil, lastChosen: nil, configured: "c", fallback: "d") == "c")
        #expect(PreferenceStore.themeName(flag: nil, lastChosen: nil, configured: nil, fallback: "d") == "d")
    }

    @Test("config.yaml's theme: is the default theme, not an unknown key")
    func configTheme() throws {
        let configuration = try Configuration.parse(text: "theme: high-contrast\n", file: "config.yaml")
        #expect(configuration.themeName == "high-contrast")
        #expect(configuration.warnings.isEmpty, "\(configuration.warnings)")
        #expect(throws: DiagnosticList.self) { try Configuration.parse(text: "theme: [a]\n", file: "config.yaml") }
    }

    @Test("an empty config file, or /dev/null, is an empty config")
    func emptyConfig() throws {
        let configuration = try Configuration.load(
            paths: PromptDeckPaths(config: "/dev/null", environment: ["HOME": "/nonexistent"]), environment: [:])
        #expect(configuration.profiles.map(\.name) == ["echo"])
        #expect(configuration.warnings.isEmpty)
    }
}
