import Foundation
import PromptDeckCore

/// The output text's characters coloured by their token's probability band, line by line as wrapped.
struct Heatmap {
    /// Roles per visual line, one per character of the line.
    var lineRoles: [[StyleRole]] = []
    /// The visual line of each token's first character (for scrolling to the cursor).
    var tokenLines: [Int: Int] = [:]
    /// The display column of each token's first character in its line (so the alternatives box can
    /// stay clear of it).
    var tokenColumns: [Int: Int] = [:]

    /// Maps `tokens` onto `text`; the token at `cursor` gets the cursor role.
    init(tokens: [TokenLogprob], text: WrappedText, cursor: Int?) {
        var roles: [StyleRole] = []
        var owners: [Int] = []
        for (index, token) in tokens.enumerated() {
            let role = index == cursor ? StyleRole.logprobCursor : LogprobBucket(logprob: token.logprob).role
            for _ in TerminalSafeText.make(token.token) {
                roles.append(role)
                owners.append(index)
            }
        }
        let source = Array(text.source)
        var pointer = 0
        for lineIndex in 0..<text.lineCount {
            var line: [StyleRole] = []
            var column = 0
            for character in text.line(at: lineIndex) {
                defer { column += DisplayWidth.of(character) }
                // Wrapping drops spaces and newlines at breaks: skip source characters until this one.
                var probe = pointer
                while probe < source.count, source[probe] != character { probe += 1 }
                if probe < source.count {
                    pointer = probe
                    line.append(pointer < roles.count ? roles[pointer] : .outputText)
                    if pointer < owners.count, tokenLines[owners[pointer]] == nil {
                        tokenLines[owners[pointer]] = lineIndex
                        tokenColumns[owners[pointer]] = column
                    }
                    pointer += 1
                } else {
                    line.append(.outputText)
                }
            }
            lineRoles.append(line)
        }
    }
}

extension Heatmap {
    /// A line as spans of equal role (for views that draw spans).
    static func spans(_ line: String, _ roles: [StyleRole]) -> [StyledSpan] {
        var spans: [StyledSpan] = []
        for (offset, character) in line.enumerated() {
            let role = offset < roles.count ? roles[offset] : .outputText
            if let last = spans.last, last.role == role {
                spans[spans.count - 1].text.append(character)
            } else {
                spans.append(StyledSpan(String(character), role))
            }
        }
        return spans
    }
}

/// The box beside the output that shows the token under the cursor and its top alternatives.
enum AlternativesView {
    /// Draws the box on the right of `inner`, or on the left when the token (at `avoiding`, a screen row
    /// and column) would be under it.
    static func draw(
        _ token: TokenLogprob, index: Int, count: Int, in inner: Rect, avoiding: (row: Int, column: Int)? = nil,
        into screen: inout ScreenBuffer
    ) {
        let width = min(34, max(16, inner.width / 2))
        let rows = token.topLogprobs.count + 3
        let height = min(inner.height, rows + 2)
        guard height >= 4, inner.width >= 20 else { return }
        var left = inner.right - width
        if let avoiding, avoiding.row >= inner.top, avoiding.row < inner.top + height,
            avoiding.column + DisplayWidth.of(quoted(token.token)) - 2 >= left
        {
            left = inner.left
        }
        let rect = Rect(top: inner.top, left: left, height: height, width: width)
        screen.fill(rect, role: .overlayText)
        screen.box(rect, title: "Token \(index + 1)/\(count)", focused: true)
        let box = rect.inner
        screen.line(
            "\(quoted(token.token))  \(percent(token.probability))", in: box, at: 0,
            role: LogprobBucket(logprob: token.logprob).role)
        screen.line("alternatives:", in: box, at: 1, role: .listMeta)
        for (offset, alternative) in token.topLogprobs.sorted(by: { $0.logprob > $1.logprob }).enumerated() {
            let probability = exp(alternative.logprob)
            let text = "\(percent(probability).padding(6)) \(quoted(alternative.token))"
            screen.line(text, in: box, at: 2 + offset, role: LogprobBucket(probability: probability).role)
        }
    }

    /// The token as the box shows it: between guillemets, with newline, tab and space made visible.
    static func quoted(_ token: String) -> String {
        let visible = token.replacingOccurrences(of: "\r\n", with: "⏎").replacingOccurrences(of: "\n", with: "⏎")
            .replacingOccurrences(of: "\t", with: "⇥").replacingOccurrences(of: " ", with: "␣")
        return "«" + TerminalSafeText.make(visible) + "»"
    }

    static func percent(_ probability: Double) -> String {
        let tenths = Int((probability * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}

extension String {
    /// Left-pads to `width` characters.
    fileprivate func padding(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
