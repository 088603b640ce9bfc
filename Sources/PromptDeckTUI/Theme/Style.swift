/// A terminal colour: the terminal's default, one of 256 palette entries, or a true colour
/// approximated to the palette.
public enum Color: Equatable, Sendable, Hashable {
    case terminalDefault
    case palette(Int)

    static let names: [String: Int] = [
        "black": 0, "red": 1, "green": 2, "yellow": 3, "blue": 4, "magenta": 5, "cyan": 6, "white": 7,
        "gray": 8, "grey": 8, "bright-black": 8, "bright-red": 9, "bright-green": 10, "bright-yellow": 11,
        "bright-blue": 12, "bright-magenta": 13, "bright-cyan": 14, "bright-white": 15,
    ]

    /// Parses `default`, a colour name, `0`–`255`, or `#rrggbb`.
    public init?(parsing text: String) {
        let lower = text.lowercased()
        if lower == "default" || lower == "none" {
            self = .terminalDefault
        } else if let index = Self.names[lower] {
            self = .palette(index)
        } else if let index = Int(lower), (0...255).contains(index) {
            self = .palette(index)
        } else if lower.hasPrefix("#"), lower.count == 7, let rgb = Int(lower.dropFirst(), radix: 16) {
            self = .palette(Self.nearestCube(red: rgb >> 16, green: (rgb >> 8) & 0xFF, blue: rgb & 0xFF))
        } else {
            return nil
        }
    }

    /// The colour on a terminal with only `colors` colours (8 or 16): palette entries map to the nearest basic one.
    public func downgraded(toColors colors: Int) -> Color {
        guard case .palette(let index) = self, index >= colors else { return self }
        let (r, g, b) = Self.rgb(of: index)
        let basics = colors >= 16 ? 16 : 8
        var best = 0
        var bestDistance = Int.max
        for candidate in 0..<basics {
            let (cr, cg, cb) = Self.rgb(of: candidate)
            let distance = (r - cr) * (r - cr) + (g - cg) * (g - cg) + (b - cb) * (b - cb)
            if distance < bestDistance {
                best = candidate
                bestDistance = distance
            }
        }
        return .palette(best)
    }

    static let basicRGB: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255),
        (0, 255, 255), (255, 255, 255),
    ]

    static func rgb(of index: Int) -> (Int, Int, Int) {
        if index < 16 { return basicRGB[index] }
        if index >= 232 {
            let level = 8 + (index - 232) * 10
            return (level, level, level)
        }
        let cube = index - 16
        let steps = [0, 95, 135, 175, 215, 255]
        return (steps[cube / 36], steps[(cube / 6) % 6], steps[cube % 6])
    }

    static func nearestCube(red: Int, green: Int, blue: Int) -> Int {
        func step(_ value: Int) -> Int { value < 48 ? 0 : value < 115 ? 1 : (value - 35) / 40 }
        return 16 + 36 * step(red) + 6 * step(green) + step(blue)
    }
}

/// How one role is drawn: colours and attributes.
public struct Style: Equatable, Sendable, Hashable {
    public var foreground: Color
    public var background: Color
    public var bold: Bool
    public var dim: Bool
    public var underline: Bool
    public var reverse: Bool

    /// Creates a style.
    public init(
        foreground: Color = .terminalDefault, background: Color = .terminalDefault, bold: Bool = false,
        dim: Bool = false, underline: Bool = false, reverse: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
    }

    /// Parses a theme value: `"cyan bold"`, `"black on yellow"`, `"244"`, `"#ff8800 underline"`, `"reverse"`.
    /// Returns the word it could not read on failure.
    public static func parse(_ text: String) -> Result<Style, StyleParseError> {
        var style = Style()
        var words = text.split(whereSeparator: { $0 == " " || $0 == "," }).map { String($0) }[...]
        var sawForeground = false
        while let word = words.popFirst() {
            switch word.lowercased() {
            case "bold": style.bold = true
            case "dim": style.dim = true
            case "underline": style.underline = true
            case "reverse": style.reverse = true
            case "plain": break
            case "on":
                guard let next = words.popFirst(), let color = Color(parsing: next) else {
                    return .failure(StyleParseError(word: "on", reason: "expected a colour after 'on'"))
                }
                style.background = color
            default:
                guard !sawForeground, let color = Color(parsing: word) else {
                    return .failure(StyleParseError(word: word, reason: "not a colour or attribute"))
                }
                style.foreground = color
                sawForeground = true
            }
        }
        return .success(style)
    }

    /// The style without colours (mono themes, `NO_COLOR`).
    public var monochrome: Style {
        Style(bold: bold, dim: dim, underline: underline, reverse: reverse)
    }
}

/// A theme value that could not be read.
public struct StyleParseError: Error, Equatable, Sendable {
    public var word: String
    public var reason: String
}
