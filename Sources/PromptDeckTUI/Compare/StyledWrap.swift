/// Word-wraps styled text (a diff) into lines of spans: words move whole to the next line, words wider
/// than the line break hard, newlines break, and whitespace at a wrap is dropped.
enum StyledWrap {
    static func wrap(_ spans: [StyledSpan], width: Int) -> [[StyledSpan]] {
        let width = max(1, width)
        var lines: [[StyledSpan]] = [[]]
        var used = 0
        func put(_ text: String, _ role: StyleRole, _ textWidth: Int) {
            if let last = lines[lines.count - 1].last, last.role == role {
                lines[lines.count - 1][lines[lines.count - 1].count - 1].text += text
            } else {
                lines[lines.count - 1].append(StyledSpan(text, role))
            }
            used += textWidth
        }
        func breakLine() {
            lines.append([])
            used = 0
        }
        for span in spans {
            for token in tokens(span.text) {
                if token == "\n" {
                    breakLine()
                    continue
                }
                if token.first?.isWhitespace ?? false {
                    let blank = String(repeating: " ", count: token.count)
                    if used + blank.count <= width {
                        put(blank, span.role, blank.count)
                    } else if used > 0 {
                        breakLine()
                    }
                    continue
                }
                let tokenWidth = DisplayWidth.of(token)
                if used + tokenWidth > width, used > 0 { breakLine() }
                if tokenWidth <= width {
                    put(token, span.role, tokenWidth)
                    continue
                }
                for character in token {
                    let w = DisplayWidth.of(character)
                    if used + w > width { breakLine() }
                    put(String(character), span.role, w)
                }
            }
        }
        if lines.count > 1, lines[lines.count - 1].isEmpty { lines.removeLast() }
        return lines == [[]] ? [] : lines
    }

    /// Words, runs of spaces and tabs, and single newlines.
    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var currentIsSpace = false
        for character in text {
            if character == "\n" {
                if !current.isEmpty { tokens.append(current) }
                tokens.append("\n")
                current = ""
                continue
            }
            let isSpace = character.isWhitespace
            if !current.isEmpty, isSpace != currentIsSpace {
                tokens.append(current)
                current = ""
            }
            current.append(character)
            currentIsSpace = isSpace
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}
