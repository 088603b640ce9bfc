import Foundation
import PromptDeckTUI
import PromptDeckTestSupport
import Testing

@testable import PromptDeckCore
@testable import PromptDeckRuntime

/// Issue 15 in the playground's runtime: a `portkey-hosted` profile's prompts are listed beside the local
/// ones (off the key loop), a `portkey:` prompt opens with its variables, and runs hosted.
@Suite("Runtime: Portkey's prompt library")
struct HostedLibraryRuntimeTests {
    @Test func hostedPromptsAreListedOpenedAndRun() throws {
        let server = try TestServer.shared()
        let folder = NSTemporaryDirectory() + "pd-hosted-" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let text = """
            default_profile: hosted
            profiles:
              hosted:
                type: portkey-hosted
                base_url: \(server.baseURL(scenario: "admin-runtime-\(UUID().uuidString.prefix(6))"))
                portkey_api_key_env: PD_PK
                collection: main
            """
        let configuration = try Configuration.parse(text: text, file: "config.yaml")
        let queue = try MessageQueue()
        let performer = EffectPerformer(
            library: PromptLibrary(directory: nil), configuration: configuration,
            historyPath: folder + "/history.sqlite", queue: queue, stateFile: folder + "/state.yaml",
            environment: ["PD_PK": "pk-admin"], portkeyCache: PortkeyListCache(directory: folder + "/cache"),
            clock: { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 })
        var seen: [Msg] = []
        performer.perform(.loadPrompts)
        let listed = queue.wait(timeout: 10, seen: &seen) {
            if case .hostedPromptsListed = $0 { true } else { false }
        }
        guard case .hostedPromptsListed(let profile, let prompts, let note)? = listed else {
            Issue.record("no hosted listing: \(seen)")
            return
        }
        #expect(profile == "hosted" && note == nil)
        #expect(prompts.contains { $0.id == "portkey:tagline" && $0.sourcePath == "portkey:hosted" })

        // The playground puts them in its list, marked as Portkey's.
        var state = AppState(
            size: TerminalSize(rows: 30, columns: 120), profiles: configuration.profiles, defaultProfileName: "hosted")
        _ = update(&state, .promptsLoaded(PromptLibrary(directory: nil).list()))
        _ = update(&state, .hostedPromptsListed(profile: profile, prompts: prompts, note: nil))
        #expect(state.prompts.contains { $0.id == "portkey:tagline" })
        #expect(render(state).text.contains("pkey"))

        performer.perform(.loadPrompt(id: "portkey:tagline"))
        let loaded = queue.wait(timeout: 10, seen: &seen) { if case .promptLoaded = $0 { true } else { false } }
        guard case .promptLoaded(let detail)? = loaded else {
            Issue.record("the hosted prompt did not open: \(seen)")
            return
        }
        #expect(detail.prompt.kind == .chat)
        #expect(detail.variables.map(\.name) == ["shop", "city"])

        // Its versions come from Portkey, and one can be published.
        performer.perform(.listVersions(promptID: "portkey:tagline"))
        let versions = queue.wait(timeout: 10, seen: &seen) { if case .versionsListed = $0 { true } else { false } }
        guard case .versionsListed(_, let rows)? = versions else {
            Issue.record("no versions: \(seen)")
            return
        }
        #expect(!rows.isEmpty && rows.allSatisfy(\.isHosted))
        #expect(rows.contains { $0.isCurrent }, "the default version is marked")
        let number = try #require(rows.first?.number)
        performer.perform(.publishHostedVersion(promptID: "portkey:tagline", number: number))
        let published = queue.wait(timeout: 10, seen: &seen) {
            if case .warning(let text) = $0, text.contains("default version") { true } else { false }
        }
        #expect(published != nil, "publishing says so: \(seen)")

        // A pulled copy, pushed back from the playground: a new version, and the file records it.
        let pulled = try portkeyText(configuration)
        let path = folder + "/tagline.yaml"
        try pulled.write(toFile: path, atomically: true, encoding: .utf8)
        let edited = pulled.replacingOccurrences(of: "Write a tagline", with: "Write a bold tagline")
        performer.perform(.pushToPortkey(promptID: "tagline", path: path, text: edited))
        let pushed = queue.wait(timeout: 10, seen: &seen) {
            if case .draftSaved = $0 { true } else if case .draftSaveFailed = $0 { true } else { false }
        }
        guard case .draftSaved(let saved)? = pushed else {
            Issue.record("not pushed: \(String(describing: pushed))")
            return
        }
        #expect(saved.what.hasPrefix("pushed portkey:tagline@"))
        let file = try String(contentsOfFile: path, encoding: .utf8)
        #expect(file.contains("Write a bold tagline"))
        #expect(!file.contains("portkey_version: 1\n"), "the file now names the pushed version")
        // Pushing the old text again is refused: Portkey has a newer version than the one it was pulled from.
        performer.perform(.pushToPortkey(promptID: "tagline", path: path, text: pulled))
        let refused = queue.wait(timeout: 10, seen: &seen) { if case .draftSaveFailed = $0 { true } else { false } }
        guard case .draftSaveFailed(let message)? = refused else {
            Issue.record("a stale push is refused")
            return
        }
        #expect(message.contains("newer than the one pulled"))
    }

    /// The prompt file `prompts pull portkey:tagline` writes.
    private func portkeyText(_ configuration: Configuration) throws -> String {
        let library = PortkeyLibrary(
            configuration: configuration, transport: CurlTransport(), environment: ["PD_PK": "pk-admin"])
        return try library.load(PromptReference(promptID: "portkey:tagline")).fileText
    }
}
