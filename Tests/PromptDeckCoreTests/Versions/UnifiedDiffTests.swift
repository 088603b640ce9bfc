import Testing

@testable import PromptDeckCore

@Suite("Unified line diff")
struct UnifiedDiffTests {
    @Test("a changed line in the middle: header, one hunk, removals before additions")
    func changedLine() {
        let old = "name: Tagline\nkind: completion\nprompt: |\n  Write a tagline for {{shop}}.\n"
        let new =
            "name: Tagline\nkind: completion\nprompt: |\n  Write a short tagline for {{shop}}.\n  Keep it brief.\n"
        #expect(
            UnifiedDiff.text(old: old, new: new, oldName: "tagline@1", newName: "tagline@2") == """
                --- tagline@1
                +++ tagline@2
                @@ -1,4 +1,5 @@
                 name: Tagline
                 kind: completion
                 prompt: |
                -  Write a tagline for {{shop}}.
                +  Write a short tagline for {{shop}}.
                +  Keep it brief.

                """)
    }

    @Test("changes far apart make separate hunks with three lines of context")
    func separateHunks() {
        let old = (1...20).map { "line \($0)" }.joined(separator: "\n")
        var lines = (1...20).map { "line \($0)" }
        lines[1] = "LINE 2"
        lines[17] = "LINE 18"
        let hunks = UnifiedDiff.hunks(old: old, new: lines.joined(separator: "\n"))
        #expect(hunks.map(\.header) == ["@@ -1,5 +1,5 @@", "@@ -15,6 +15,6 @@"])
        #expect(hunks[0].lines.first == .context("line 1"))
        #expect(hunks[1].lines.last == .context("line 20"))
    }

    @Test("same lines give no diff; an added first line; a file emptied")
    func edges() {
        #expect(UnifiedDiff.text(old: "a\nb\n", new: "a\nb", oldName: "x", newName: "y") == "")
        #expect(UnifiedDiff.hunks(old: "b\n", new: "a\nb\n").map(\.header) == ["@@ -1 +1,2 @@"])
        #expect(UnifiedDiff.hunks(old: "a\nb\n", new: "").map(\.header) == ["@@ -1,2 +0,0 @@"])
        #expect(UnifiedDiff.hunks(old: "", new: "a\n").map(\.header) == ["@@ -0,0 +1 @@"])
    }
}
