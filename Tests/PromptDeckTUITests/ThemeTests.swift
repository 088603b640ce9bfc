import Foundation
import Testing

@testable import PromptDeckTUI

@Suite("TUI themes")
struct ThemeTests {
    static let themesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("themes")

    @Test func everyThemeFileLoadsAndMatchesTheBuiltInCopy() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.themesFolder.path).filter {
            $0.hasSuffix(".yaml")
        }
        #expect(Set(names) == ["default.yaml", "light.yaml", "high-contrast.yaml", "solarized-dark.yaml", "mono.yaml"])
        let catalog = ThemeCatalog.builtIn
        #expect(catalog.problems.isEmpty)
        for name in names {
            let text = try String(contentsOf: Self.themesFolder.appendingPathComponent(name), encoding: .utf8)
            let theme = String(name.dropLast(5))
            #expect(
                BuiltinThemes.sources[theme] == text.trimmingCharacters(in: .newlines),
                "\(name) differs from the embedded copy: run scripts/generate-themes")
            let loaded = ThemeCatalog(userFiles: [("/x/\(name)", text)])
            #expect(loaded.problems.isEmpty, "\(loaded.problems)")
            #expect(catalog.themes[theme] != nil)
        }
        // The default theme names every role; mono names every role without colours.
        for role in StyleRole.allCases {
            #expect(catalog.themes["default"]?.styles[role] != nil, "default lacks \(role.rawValue)")
            #expect(catalog.themes["mono"]?.styles[role]?.foreground == .terminalDefault)
            #expect(catalog.themes["mono"]?.styles[role]?.background == .terminalDefault)
        }
    }

    @Test func userThemesExtendABuiltInAndOverrideOnlyWhatTheyName() {
        let catalog = ThemeCatalog(userFiles: [
            ("/home/u/themes/mine.yaml", "extends: solarized-dark\nroles:\n  output.text: bright-green bold\n")
        ])
        let mine = catalog.themes["mine"]
        #expect(mine?.style(.outputText) == Style(foreground: .palette(10), bold: true))
        #expect(mine?.style(.paneBorder) == catalog.themes["solarized-dark"]?.style(.paneBorder))
        #expect(catalog.names.last == "mine")
    }

    @Test func aBadThemeFileNamesFileAndKeyAndFallsBack() {
        let catalog = ThemeCatalog(userFiles: [
            ("/u/themes/typo.yaml", "roles:\n  pane.bordr: red\n"),
            ("/u/themes/colour.yaml", "roles:\n  output.text: chartreuse\n"),
        ])
        #expect(
            catalog.problems.contains {
                $0.contains("/u/themes/typo.yaml: roles.pane.bordr: unknown role (did you mean pane.border?)")
            })
        #expect(
            catalog.problems.contains {
                $0.contains("/u/themes/colour.yaml: roles.output.text: 'chartreuse' not a colour")
            })
        let resolved = catalog.resolve("typo", colorsAvailable: 256, noColor: false)
        #expect(resolved.theme.name == "default")
        #expect(resolved.problem?.contains("not found") == true)
    }

    @Test func noColorOrFewColoursGiveMono() {
        let catalog = ThemeCatalog.builtIn
        #expect(catalog.resolve("light", colorsAvailable: 256, noColor: true).theme.name == "mono")
        #expect(catalog.resolve(nil, colorsAvailable: 0, noColor: false).theme.name == "mono")
        #expect(catalog.resolve(nil, colorsAvailable: 8, noColor: false).theme.name == "default")
    }

    @Test func paletteColoursDowngradeToTheNearestBasicOne() {
        #expect(Color.palette(196).downgraded(toColors: 8) == .palette(1))
        #expect(Color.palette(236).downgraded(toColors: 8) == .palette(0))
        #expect(Color.palette(252).downgraded(toColors: 8) == .palette(7))
        #expect(Color.palette(4).downgraded(toColors: 8) == .palette(4))
        #expect(Color(parsing: "#ff0000") == .palette(196))
    }
}
