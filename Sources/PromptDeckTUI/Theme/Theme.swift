/// A complete set of styles, one per role. Views ask for roles; the terminal asks the theme for styles.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var description: String
    public private(set) var styles: [StyleRole: Style]

    /// Creates a theme; roles it does not name fall back along their dotted name, then to `text`.
    public init(name: String, description: String = "", styles: [StyleRole: Style]) {
        self.name = name
        self.description = description
        self.styles = styles
    }

    /// The style of `role` (a role the theme does not name borrows its parent's: `list.selected.unfocused`
    /// -> `list.selected` -> `text`).
    public func style(_ role: StyleRole) -> Style {
        if let style = styles[role] { return style }
        var name = role.rawValue
        while let dot = name.lastIndex(of: ".") {
            name = String(name[..<dot])
            if let parent = StyleRole(rawValue: name), let style = styles[parent] { return style }
        }
        return styles[.text] ?? Style()
    }

    /// This theme with `overrides` replacing the roles they name.
    public func extended(name: String, description: String, overrides: [StyleRole: Style]) -> Theme {
        var merged = styles
        for (role, style) in overrides { merged[role] = style }
        return Theme(name: name, description: description, styles: merged)
    }

    /// This theme without colours: what `NO_COLOR` and terminals with fewer than 8 colours get.
    public var monochrome: Theme {
        Theme(name: name, description: description, styles: styles.mapValues(\.monochrome))
    }
}
