import ArgumentParser
import Foundation
import PromptDeckCore

/// `promptdeck profiles`: each profile, where its key comes from and whether it is set (never its value).
struct ProfilesCommand: DirectlyParsedCommand {
    static let commandConfiguration = CommandConfiguration(
        commandName: "profiles", abstract: "List profiles and whether their key variables are set.")

    @OptionGroup var location: LocationOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let context = try CommandContext(location: location)
        let environment = ProcessEnvironment.current
        let configuration = context.configuration
        var items: [JSONValue] = []
        var text = ""
        for profile in configuration.profiles {
            let isDefault = profile.name == configuration.defaultProfileName
            let keys = profile.keyVariables.map { key -> (String, Bool, String) in
                let set = !(environment[key.variable] ?? "").isEmpty
                return (key.variable, set, key.purpose)
            }
            items.append([
                "name": .string(profile.name), "type": .string(profile.type.rawValue),
                "base_url": .string(profile.baseURL),
                "default": .bool(isDefault), "origin": .string(profile.origin),
                "keys": .array(keys.map { ["variable": .string($0.0), "set": .bool($0.1), "purpose": .string($0.2)] }),
            ])
            text += (isDefault ? "* " : "  ") + profile.name + "  (\(profile.type.rawValue))  \(profile.baseURL)\n"
            if keys.isEmpty { text += "      key: none needed\n" }
            for key in keys { text += "      \(key.2): $\(key.0) — \(key.1 ? "set" : "NOT SET")\n" }
            text += "      from: \(profile.origin)\n"
        }
        StandardOutput.write(json ? JSONValue.array(items).serialized(pretty: true) + "\n" : text)
    }
}
