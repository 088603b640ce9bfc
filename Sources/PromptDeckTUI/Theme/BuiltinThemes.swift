// Generated from themes/*.yaml (the test `builtInThemesMatchFiles` keeps the two in step).
// Embedded so the binary works from any folder.
enum BuiltinThemes {
    /// Built-in theme names in the order pickers show them.
    static let order = ["default", "light", "high-contrast", "solarized-dark", "mono"]

    /// Each built-in theme's YAML, exactly as in `themes/`.
    static let sources: [String: String] = [
        "default": #"""
        # PromptDeck theme "default": dark background, 256 colours. On 8-colour terminals each colour
        # becomes the nearest basic one. Values: a colour (name, 0-255, #rrggbb, default), "on <colour>"
        # for the background, and any of bold, dim, underline, reverse.
        name: default
        description: Dark background (the default)
        roles:
          text: default
          text.dim: 245
          pane.border: 240
          pane.border.focused: bright-cyan bold
          pane.title: 250
          pane.title.focused: bright-cyan bold
          list.item: default
          list.selected: black on cyan
          list.selected.unfocused: reverse
          list.match: bright-yellow bold
          list.meta: 244
          input.text: bright-white
          input.placeholder: 242
          input.label: cyan
          template.text: 252
          template.variable: bright-yellow bold
          template.section: bright-magenta bold
          template.partial: bright-blue bold
          template.meta: 244
          form.label: 110
          form.required: bright-red
          form.value: bright-white
          form.default: 246
          form.error: bright-red bold
          form.toggle.on: bright-green bold
          form.toggle.off: 244
          param.name: 110
          param.value: bright-white
          param.changed: bright-yellow bold
          param.default: 246
          param.range: 242
          param.error: bright-white on red bold
          output.text: default
          output.placeholder: black on 214
          output.error: bright-red bold
          output.tab: 244
          output.tab.active: black on cyan bold
          output.scroll: 240
          status.bar: 252 on 236
          status.running: bright-yellow on 236 bold
          status.ok: bright-green on 236 bold
          status.error: bright-white on red bold
          status.cancelled: 214 on 236 bold
          status.warning: 214 on 236
          status.metric: bright-white on 236
          hint.key: bright-cyan bold
          hint.text: 245
          overlay.border: bright-cyan
          overlay.title: bright-cyan bold
          overlay.text: default
          overlay.selected: black on cyan
          overlay.key: bright-yellow bold
          preview.header: 110
          preview.secret: 214
          logprob.low: bright-red
          logprob.mid: yellow
          logprob.verylow: bright-magenta bold
          logprob.cursor: black on bright-yellow
          logprob.high: bright-green
          diff.add: green
          diff.remove: red
          banner: bright-yellow bold
        """#,
        "light": #"""
        # PromptDeck theme "light": for terminals with a light background.
        name: light
        description: Light background
        extends: default
        roles:
          text.dim: 242
          pane.border: 248
          pane.border.focused: blue bold
          pane.title: 240
          pane.title.focused: blue bold
          list.selected: white on blue
          list.match: 166 bold
          list.meta: 242
          input.text: black
          input.placeholder: 246
          input.label: blue
          template.text: 236
          template.variable: 166 bold
          template.section: magenta bold
          template.partial: blue bold
          template.meta: 242
          form.label: 25
          form.required: red
          form.value: black
          form.default: 243
          form.error: red bold
          form.toggle.on: 28 bold
          form.toggle.off: 243
          param.name: 25
          param.value: black
          param.changed: 166 bold
          param.default: 243
          param.range: 246
          param.error: white on red bold
          output.placeholder: black on 222
          output.error: red bold
          output.tab: 242
          output.tab.active: white on blue bold
          output.scroll: 248
          status.bar: 236 on 254
          status.running: 130 on 254 bold
          status.ok: 28 on 254 bold
          status.error: white on red bold
          status.cancelled: 166 on 254 bold
          status.warning: 166 on 254
          status.metric: black on 254
          hint.key: blue bold
          hint.text: 242
          overlay.border: blue
          overlay.title: blue bold
          overlay.selected: white on blue
          overlay.key: 166 bold
          preview.header: 25
          preview.secret: 166
          logprob.low: red
          logprob.mid: 166
          logprob.verylow: magenta bold
          logprob.cursor: white on blue
          logprob.high: 28
          banner: 166 bold
        """#,
        "high-contrast": #"""
        # PromptDeck theme "high-contrast": bright text, bold borders, no mid-greys.
        name: high-contrast
        description: Maximum contrast, bold focus
        extends: default
        roles:
          text: bright-white
          text.dim: white
          pane.border: white
          pane.border.focused: bright-yellow bold
          pane.title: bright-white bold
          pane.title.focused: bright-yellow bold underline
          list.selected: black on bright-yellow bold
          list.selected.unfocused: black on white
          list.meta: white
          input.placeholder: white
          template.text: bright-white
          template.meta: white
          form.label: bright-cyan bold
          form.default: white
          form.toggle.off: white
          param.name: bright-cyan bold
          param.default: white
          param.range: white
          output.text: bright-white
          output.placeholder: black on bright-yellow bold
          output.tab: white
          output.tab.active: black on bright-yellow bold
          output.scroll: white
          status.bar: black on white
          status.running: black on bright-yellow bold
          status.ok: black on bright-green bold
          status.error: bright-white on red bold
          status.cancelled: black on bright-magenta bold
          status.warning: black on bright-yellow
          status.metric: black on white bold
          hint.key: bright-yellow bold
          hint.text: bright-white
          overlay.border: bright-yellow bold
          overlay.title: bright-yellow bold
          overlay.selected: black on bright-yellow bold
        """#,
        "solarized-dark": #"""
        # PromptDeck theme "solarized-dark": Ethan Schoonover's palette on base03.
        name: solarized-dark
        description: Solarized, dark
        extends: default
        roles:
          text: 244
          text.dim: 240
          pane.border: 240
          pane.border.focused: 37 bold
          pane.title: 245
          pane.title.focused: 37 bold
          list.item: 244
          list.selected: 234 on 37
          list.selected.unfocused: 245 on 235
          list.match: 136 bold
          list.meta: 240
          input.text: 245
          input.placeholder: 240
          input.label: 33
          template.text: 245
          template.variable: 136 bold
          template.section: 125 bold
          template.partial: 61 bold
          template.meta: 240
          form.label: 33
          form.required: 160
          form.value: 245
          form.default: 240
          form.error: 160 bold
          form.toggle.on: 64 bold
          form.toggle.off: 240
          param.name: 33
          param.value: 245
          param.changed: 136 bold
          param.default: 240
          param.range: 240
          param.error: 230 on 160 bold
          output.text: 244
          output.placeholder: 234 on 166
          output.error: 160 bold
          output.tab: 240
          output.tab.active: 234 on 37 bold
          output.scroll: 240
          status.bar: 245 on 235
          status.running: 136 on 235 bold
          status.ok: 64 on 235 bold
          status.error: 230 on 160 bold
          status.cancelled: 166 on 235 bold
          status.warning: 166 on 235
          status.metric: 245 on 235
          hint.key: 37 bold
          hint.text: 240
          overlay.border: 37
          overlay.title: 37 bold
          overlay.text: 244
          overlay.selected: 234 on 37
          overlay.key: 136 bold
          preview.header: 33
          preview.secret: 166
          logprob.low: 160
          logprob.mid: 136
          logprob.verylow: 125 bold
          logprob.cursor: 234 on 136
          logprob.high: 64
          diff.add: 64
          diff.remove: 160
          banner: 136 bold
        """#,
        "mono": #"""
        # PromptDeck theme "mono": attributes only, no colours. Used for NO_COLOR and terminals
        # with fewer than 8 colours.
        name: mono
        description: No colours (NO_COLOR)
        extends: none
        roles:
          text: plain
          text.dim: dim
          pane.border: plain
          pane.border.focused: bold
          pane.title: plain
          pane.title.focused: bold underline
          list.item: plain
          list.selected: reverse
          list.selected.unfocused: underline
          list.match: bold
          list.meta: dim
          input.text: plain
          input.placeholder: dim
          input.label: bold
          template.text: plain
          template.variable: bold underline
          template.section: bold
          template.partial: underline
          template.meta: dim
          form.label: plain
          form.required: bold
          form.value: bold
          form.default: dim
          form.error: reverse bold
          form.toggle.on: bold
          form.toggle.off: dim
          param.name: plain
          param.value: bold
          param.changed: bold underline
          param.default: dim
          param.range: dim
          param.error: reverse bold
          output.text: plain
          output.placeholder: reverse
          output.error: bold underline
          output.tab: plain
          output.tab.active: reverse
          output.scroll: dim
          status.bar: reverse
          status.running: reverse bold
          status.ok: reverse bold
          status.error: reverse bold underline
          status.cancelled: reverse bold
          status.warning: reverse
          status.metric: reverse
          hint.key: bold
          hint.text: plain
          overlay.border: bold
          overlay.title: bold
          overlay.text: plain
          overlay.selected: reverse
          overlay.key: bold
          preview.header: bold
          preview.secret: underline
          logprob.low: underline
          logprob.mid: plain
          logprob.verylow: reverse
          logprob.cursor: bold underline
          logprob.high: plain
          diff.add: bold
          diff.remove: dim
          banner: bold
        """#,
    ]
}
