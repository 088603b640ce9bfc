import Foundation
import PromptDeckCore
import PromptDeckRuntime
import PromptDeckTUI

/// Owns the only mutable `AppState` and the only thread that calls ncurses. The loop only decodes keys,
/// calls `update`, blits, and hands effects over: the terminal's own (editor, theme, clipboard, suspend,
/// quit) run here, everything else goes to the `EffectPerformer`'s workers and comes back as messages.
/// Frames are drawn at most 60 times a second and only changed cells are written.
public final class PlaygroundRuntime {
    private let options: PlaygroundOptions
    private var state: AppState
    private var decoder = InputDecoder()
    private var catalog = ThemeCatalog(userFiles: [])  // the user's themes are read in `setUp`
    private var screen: CursesScreen?
    private var effects: EffectPerformer?
    private var queue: MessageQueue?
    private var quitting = false
    private var dirty = true
    private var trace = Trace()
    /// History reads wait until the first frame is on screen, so start-up shows the playground at once.
    private var deferred: [Effect] = []
    private var firstFrameDrawn = false
    /// Keys, pastes and clicks before start-up settles (`AppState.isStartupSettled`), replayed in order once it has;
    /// `nil` once released. Held at most `holdLimit` seconds, so a slow hosted prompt never eats them.
    private var heldInput: [Msg]? = []
    private var holdDeadline = 0.0
    private static let holdLimit = 1.0
    /// The first frame is drawn by then even if start-up has not settled.
    private var firstFrameDeadline = 0.0

    /// Prepares a playground; nothing touches the terminal until `run`.
    public init(options: PlaygroundOptions) {
        self.options = options
        let configuration = options.configuration
        state = AppState(
            size: TerminalSize(rows: 24, columns: 80), profiles: configuration.profiles,
            defaultProfileName: configuration.defaultProfileName, profileOverride: options.profileName)
    }

    /// Runs until the user quits or the terminal goes away; the terminal is restored on every way out.
    public func run() throws {
        let queue = try MessageQueue()
        self.queue = queue
        TerminalControl.saveModes()
        SignalRelay.install(writingTo: queue.writeDescriptor)
        let screen: CursesScreen
        do {
            screen = try CursesScreen(term: options.environment["TERM"] ?? "", mouse: options.mouse)
        } catch {
            SignalRelay.uninstall()
            throw error
        }
        self.screen = screen
        defer {
            screen.stop()
            SignalRelay.uninstall()
            trace.write(to: options.tracePath)
            // The process exits next, on every way out: not while libcurl's warm-up initializes OpenSSL.
            CurlTransport.waitForWarmUp()
        }
        setUp(screen: screen, queue: queue)
        loop(screen: screen, queue: queue)
        // Let runs end as cancelled (and recorded) before the terminal goes back.
        effects?.cancelAll(timeout: 2)
        for msg in queue.drain() { dispatch(msg) }
        draw(screen)
    }

    private func setUp(screen: CursesScreen, queue: MessageQueue) {
        var warnings: [String] = []
        catalog = ThemeCatalog(userFiles: ThemeFiles.read(directory: options.paths.userThemesDirectory))
        warnings += catalog.problems
        let resolved = catalog.resolve(options.themeName, colorsAvailable: screen.colors, noColor: noColor)
        if let problem = resolved.problem { warnings.append(problem) }
        screen.apply(resolved.theme)
        warnings += options.configuration.warnings.map(\.description)
        warnings += options.startupWarnings
        effects = EffectPerformer(
            library: PromptLibrary(directory: options.paths.promptsDirectory), configuration: options.configuration,
            historyPath: options.paths.historyFile, queue: queue, stateFile: options.paths.stateFile,
            rememberTheme: options.rememberTheme,
            clock: { Clock.now() })
        dispatch(
            .started(
                Startup(
                    size: screen.size, themeName: resolved.theme.name, themeNames: catalog.names, warnings: warnings,
                    usesBuiltInEcho: options.configuration.file == nil)))
        holdDeadline = Clock.now() + Self.holdLimit
        firstFrameDeadline = Clock.now() + 0.1
        effects?.perform(.loadPrompts)
        if let group = options.compareGroupID { deferred.append(.reopenComparison(group)) }
    }

    private var noColor: Bool { options.environment["NO_COLOR"].map { !$0.isEmpty } ?? false }

    private func loop(screen: CursesScreen, queue: MessageQueue) {
        var lastFrame = -1.0
        var lastTick = 0.0
        var lastInput = 0.0
        var silentReads = 0
        var stdinReady = true
        while !quitting {
            for number in queue.readWakeups() { handleSignal(number, screen: screen) }
            // A bounded batch, so a flood of stream events never keeps typed keys waiting.
            for msg in queue.drain(limit: 64) { dispatch(msg) }
            releaseHeldInput()
            let read = readInput(screen: screen)
            if stdinReady && read == 0 && !decoder.isInPaste {
                silentReads += 1
                if silentReads >= 5 { dispatch(.terminate) }  // readable but empty: the terminal is gone
            } else if read > 0 {
                silentReads = 0
            }
            let now = Clock.now()
            if state.needsClock, now - lastTick >= (state.isRunning ? 0.1 : 0.02) {
                dispatch(.tick(now))
                lastTick = now
            }
            // 60 frames a second, 30 while a stream is all that changes (a frame costs more than the deltas
            // it shows); a typed key is drawn at the 60-a-second pace.
            if read > 0 { lastInput = now }
            let frameInterval = state.isRunning && now - lastInput > 0.1 ? 1.0 / 30 : 1.0 / 60
            // The first frame waits (briefly) for the prompt list and the first prompt, so start-up draws
            // one full screen instead of an empty one and then the real one.
            let mayDraw = firstFrameDrawn || state.isStartupSettled || now >= firstFrameDeadline
            if dirty, mayDraw, now - lastFrame >= frameInterval {
                draw(screen)
                lastFrame = now
            }
            if quitting { break }
            let timeout: Int32 =
                queue.hasPending
                ? 0
                : dirty
                    ? Int32(max(1, ((mayDraw ? lastFrame + frameInterval : firstFrameDeadline) - Clock.now()) * 1000))
                    : (state.isRunning ? 100 : state.needsClock || heldInput != nil ? 20 : 1000)
            var descriptors = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: queue.readDescriptor, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&descriptors, 2, timeout)
            stdinReady = false
            if ready > 0 {
                let events = Int32(descriptors[0].revents)
                if events & Int32(POLLHUP | POLLERR | POLLNVAL) != 0 && events & Int32(POLLIN) == 0 {
                    dispatch(.terminate)
                }
                stdinReady = events & Int32(POLLIN) != 0
            }
        }
    }

    /// Reads every waiting key (up to a batch, so a paste flood still lets frames through); returns how many.
    private func readInput(screen: CursesScreen) -> Int {
        var count = 0
        while count < 4096 {
            switch screen.read() {
            case .input(let input):
                count += 1
                trace.keyRead(at: Clock.now())
                for output in decoder.feed(input) { dispatch(output) }
            case .mouse(let event):
                count += 1
                dispatchInput(Msg.mouse(event))
            case .resized:
                // ncurses already took in the new size (and queues KEY_RESIZE after every resizeterm).
                count += 1
                screen.invalidate()
                dispatch(.resize(screen.size))
            case .ignored:
                count += 1
            case .nothing:
                if !decoder.isInPaste { for output in decoder.feed(.idle) { dispatch(output) } }
                return count
            }
        }
        return count
    }

    private func dispatch(_ output: InputDecoder.Output) {
        switch output {
        case .key(let key): dispatchInput(Msg.key(key))
        case .paste(let text): dispatchInput(Msg.paste(text))
        }
    }

    /// A key, paste or click: held while start-up settles (clicks too, so they keep their place among keys).
    private func dispatchInput(_ msg: Msg) {
        if heldInput != nil {
            if case .key(let key) = msg, Keymap.command(for: key, in: [.global]) == .forceQuit {
                heldInput = nil  // Ctrl-C is never held, and what was typed before it is dropped
            } else {
                heldInput?.append(msg)
                return
            }
        }
        dispatch(msg)
    }

    /// Replays the input held during start-up once it has settled (or the hold ran out).
    private func releaseHeldInput() {
        guard let held = heldInput, state.isStartupSettled || Clock.now() >= holdDeadline else { return }
        heldInput = nil
        for msg in held { dispatch(msg) }
    }

    private func handleSignal(_ number: Int32, screen: CursesScreen) {
        switch number {
        case SIGWINCH: resize(screen)
        case SIGCONT:
            screen.resize(to: screen.size)
            dirty = true
        default: dispatch(.terminate)
        }
    }

    private func resize(_ screen: CursesScreen) {
        if let size = SignalRelay.windowSize() {
            screen.resize(to: TerminalSize(rows: size.rows, columns: size.columns))
        }
        dispatch(.resize(screen.size))
    }

    private func dispatch(_ msg: Msg) {
        let requested = update(&state, msg)
        dirty = true
        for effect in requested { perform(effect) }
    }

    /// The terminal's own effects run here; the rest go to the performer's workers.
    private func perform(_ effect: Effect) {
        switch effect {
        case .quit:
            quitting = true
        case .useTheme(let name):
            let resolved = catalog.resolve(name, colorsAvailable: screen?.colors ?? 0, noColor: noColor)
            screen?.apply(resolved.theme)
            dispatch(.themeApplied(resolved.theme.name))
            if let problem = resolved.problem { dispatch(.warning(problem)) }
        case .editExternally(let variable, let text):
            screen?.suspend()
            let result = ExternalEditor.edit(text, name: variable, environment: options.environment)
            screen?.resume()
            switch result {
            case .success(let edited): dispatch(.externalEditFinished(variable: variable, text: edited))
            case .failure(let failure): dispatch(.warning(failure.message))
            }
        case .editDraftExternally(let part, let text):
            screen?.suspend()
            let name: String
            switch part {
            case .template: name = "template"
            case .message(let index): name = "message-\(index + 1)"
            }
            let result = ExternalEditor.edit(text, name: name, environment: options.environment)
            screen?.resume()
            switch result {
            case .success(let edited): dispatch(.externalDraftEditFinished(part: part, text: edited))
            case .failure(let failure): dispatch(.warning(failure.message))
            }
        case .copyToClipboard(let text):
            TerminalControl.write(Clipboard.osc52(text, inTmux: options.environment["TMUX"] != nil))
        case .suspend:
            screen?.suspend()
            kill(getpid(), SIGTSTP)  // stops here until `fg`; SIGCONT then redraws
            screen?.resume()
            dirty = true
        case .loadHistory where !firstFrameDrawn, .reopenComparison where !firstFrameDrawn:
            deferred.append(effect)
        default:
            effects?.perform(effect)
        }
    }

    private func draw(_ screen: CursesScreen) {
        let buffer = render(state)
        screen.draw(buffer)
        dirty = false
        trace.frameDrawn(at: Clock.now(), full: state.isStartupSettled)
        if !firstFrameDrawn {
            firstFrameDrawn = true
            let waiting = deferred
            deferred = []
            for effect in waiting { perform(effect) }
            // The first run should not wait for its transport to load.
            TransportRegistry.warmUp(for: options.configuration.profiles)
        }
        if let path = options.dumpScreenPath {
            let temporary = path + ".tmp"
            if FileManager.default.createFile(atPath: temporary, contents: Data(buffer.text.utf8)) {
                rename(temporary, path)
            }
        }
    }
}
