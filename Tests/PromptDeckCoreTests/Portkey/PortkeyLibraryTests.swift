import Foundation
import PromptDeckCore
import PromptDeckTestSupport
import Testing

/// Portkey's prompt library over real HTTP against the test server's Admin API imitation (one store per
/// `admin-<name>` scenario, so each test starts from the seed).
@Suite("Portkey library: list, get, versions, resolution, cache, errors")
struct PortkeyLibraryTests {
    static func library(
        _ scenario: String, key: String? = "pk-admin", collection: String? = "main", cache: PortkeyListCache? = nil,
        baseURL: String? = nil
    ) throws -> PortkeyLibrary {
        let server = try TestServer.shared()
        var text = "default_profile: hosted\nprofiles:\n  hosted:\n    type: portkey-hosted\n"
        text += "    base_url: \(baseURL ?? server.baseURL(scenario: scenario))\n    portkey_api_key_env: PD_PK\n"
        if let collection { text += "    collection: \(collection)\n" }
        let configuration = try Configuration.parse(text: text, file: "config.yaml")
        return PortkeyLibrary(
            configuration: configuration, transport: CurlTransport(),
            environment: key.map { ["PD_PK": $0] } ?? [:], cache: cache)
    }

    static func temporaryCache() -> PortkeyListCache {
        PortkeyListCache(
            directory: FileManager.default.temporaryDirectory.appendingPathComponent("pd-pk-\(UUID())").path)
    }

    @Test("the list pages through every prompt of the collection, and search narrows it")
    func listsWithPagingAndSearch() throws {
        let library = try Self.library("admin-list")
        let profile = try library.hostedProfile(named: nil)
        let client = library.client(for: profile)
        let page = try client.listPrompts(collection: "main", page: 2, pageSize: 2)
        #expect(page.prompts.map(\.slug) == ["filler-1", "filler-2"])
        #expect(page.total == 6)
        let all = try client.listAllPrompts(collection: "main", pageSize: 2)
        #expect(all.map(\.promptID).first == "portkey:tagline")
        #expect(all.count == 6)
        let list = library.list(profile: profile, search: "summary")
        #expect(list.error == nil && !list.isCached)
        #expect(list.prompts.map(\.slug) == ["summary-text"])
    }

    @Test("a chat prompt opens as a Prompt with messages from `string`, its parameters, model and version")
    func opensChatPrompt() throws {
        let library = try Self.library("admin-get-chat")
        let loaded = try library.load(PromptReference(promptID: "portkey:tagline"))
        #expect(loaded.prompt.kind == .chat)
        #expect(loaded.prompt.messages.map(\.role) == ["system", "user"])
        #expect(loaded.prompt.messages[1].content == "Write a tagline for {{shop}} in {{city}}.")
        #expect(loaded.prompt.model == "gpt-4o-mini")
        #expect(loaded.prompt.parameters["max_tokens"] == .int(64))
        #expect(loaded.prompt.portkeyPromptID == "tagline")
        #expect(loaded.versionNumber == 1 && loaded.isDefault)
        #expect(loaded.detail.tools?.count == 1)
        let variables = try PromptLibrary(directory: nil).variables(of: loaded.prompt)
        #expect(variables.map(\.name) == ["shop", "city"])
    }

    @Test("a completion prompt opens with its template, and the partial it uses is fetched")
    func opensCompletionPrompt() throws {
        let library = try Self.library("admin-get-completion")
        let loaded = try library.load(PromptReference(promptID: "portkey:summary-text"))
        #expect(loaded.prompt.kind == .completion)
        #expect(loaded.prompt.template == "Summarise: {{text}}\n{{>signature}}")
        #expect(loaded.partials == ["signature": "-- sent with {{sender}}"])
    }

    @Test("@N, @latest and @LABEL resolve against Portkey's versions; an unknown one names what exists")
    func resolvesVersions() throws {
        let library = try Self.library("admin-resolve")
        let profile = try library.hostedProfile(named: nil)
        let client = library.client(for: profile)
        let two = try client.createVersion(
            of: "tagline", body: ["string": "[{\"role\":\"user\",\"content\":\"v2 {{shop}}\"}]"])
        let staging = try #require(try client.labels().first { $0.name == "staging" })
        try client.setLabel(staging.id, promptID: "tagline", versionID: try #require(two.versionID))
        let byLabel = try library.load(PromptReference(promptID: "portkey:tagline", selector: .label("staging")))
        #expect(byLabel.versionNumber == 2 && byLabel.labels == ["staging"] && !byLabel.isDefault)
        #expect(byLabel.prompt.portkeyPromptID == "tagline@2")
        #expect(try library.load(PromptReference(promptID: "portkey:tagline", selector: .latest)).versionNumber == 2)
        #expect(try library.load(PromptReference(promptID: "portkey:tagline", selector: .number(1))).versionNumber == 1)
        let rows = try library.versions(of: "portkey:tagline")
        #expect(rows.map(\.isDefault) == [true, false])
        #expect(rows.map(\.labels) == [[], ["staging"]])
        #expect(throws: DiagnosticList.self) {
            try library.load(PromptReference(promptID: "portkey:tagline", selector: .number(9)))
        }
    }

    @Test("401 and 403 name the key variable, 404 the id")
    func errors() throws {
        let none = try Self.library("admin-errors", key: "wrong")
        let refused = none.client(for: try none.hostedProfile(named: nil))
        do throws(PortkeyAdminError) {
            _ = try refused.prompt("tagline")
            Issue.record("a wrong key was accepted")
        } catch {
            #expect(error.errorDescription?.contains("HTTP 401") == true)
            #expect(error.errorDescription?.contains("$PD_PK") == true)
        }
        let readOnly = try Self.library("admin-errors", key: "pk-readonly")
        let reader = readOnly.client(for: try readOnly.hostedProfile(named: nil))
        do throws(PortkeyAdminError) {
            _ = try reader.makeDefault("tagline", version: 1)
            Issue.record("a read-only key published")
        } catch {
            #expect(error.errorDescription?.contains("HTTP 403") == true)
            #expect(error.errorDescription?.contains("$PD_PK lacks the Admin API scope prompts.create") == true)
        }
        let admin = try Self.library("admin-errors")
        do {
            _ = try admin.load(PromptReference(promptID: "portkey:nope"))
            Issue.record("a missing prompt loaded")
        } catch {
            #expect(error.diagnostics.first?.message.contains("HTTP 404: Portkey has no prompt 'nope'") == true)
        }
        let unset = try Self.library("admin-errors", key: nil)
        #expect(throws: PortkeyAdminError.missingKey(variable: "PD_PK", profile: "hosted")) {
            _ = try unset.client(for: try unset.hostedProfile(named: nil)).labels()
        }
    }

    @Test("offline, the cached list shows with its age and the error, without blocking")
    func offlineShowsCachedList() throws {
        let cache = Self.temporaryCache()
        let online = try Self.library("admin-offline", cache: cache)
        let profile = try online.hostedProfile(named: nil)
        let then = Date(timeIntervalSince1970: 1_800_000_000)
        let fresh = online.list(profile: profile, now: then)
        #expect(fresh.error == nil && fresh.prompts.count == 6)
        let offline = try Self.library("admin-offline", cache: cache, baseURL: profile.baseURL)
        var downProfile = profile
        downProfile.baseURL = "http://127.0.0.1:1/admin-offline/v1"
        // The cache belongs to a base URL: a different URL has none...
        #expect(offline.list(profile: downProfile).prompts.isEmpty)
        // ...and the same URL, unreachable, answers from the cache.
        var unreachable = offline
        unreachable.transport = RefusingTransport()
        let cached = unreachable.list(profile: profile, now: then.addingTimeInterval(180))
        #expect(cached.isCached && cached.prompts.count == 6)
        #expect(cached.error?.isOffline == true)
        #expect(cached.ageDescription(now: then.addingTimeInterval(180)) == "3 min ago")
        #expect(unreachable.cachedList(profile: profile).prompts.count == 6)
    }

    @Test("a pulled file round-trips the template exactly, and push sends it back as `string`")
    func fileRoundTrip() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pd-pk-file-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let library = PromptLibrary(directory: directory)
        let templates = ["plain", "two\nlines\n", "kept\n\n", "  leading spaces", "tab\there", "{{#a}}x{{/a}}"]
        for text in templates {
            let detail = PortkeyPromptDetail(id: "1", slug: "s", name: "S", string: text)
            let file = PortkeyPromptFile.fileText(detail, linked: "s", version: 3, profile: nil)
            try file.write(toFile: directory + "/s.yaml", atomically: true, encoding: .utf8)
            let prompt = try library.load("s").prompt
            #expect(prompt.template == text, "\(file)")
            #expect(PortkeyPromptFile.pushBody(for: prompt, description: nil)["string"] == .string(text))
            #expect(PortkeyPromptFile.linkFields(in: file).version == 3)
        }
    }
}

/// A transport that fails every request at once, as an offline machine does.
struct RefusingTransport: Transport {
    struct Handle: TransferHandle { func cancel() {} }
    func start(_ request: HTTPRequestSpec, options: TransferOptions, delegate: TransferDelegate) -> TransferHandle {
        delegate.transferDidComplete(.failed(.couldNotConnect("offline")))
        return Handle()
    }
}
