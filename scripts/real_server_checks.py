#!/usr/bin/env python3
"""The checks of scripts/test-real-server: the built promptdeck against a running llama-cpp-python server.

Python 3 standard library only. scripts/test-real-server installs and starts the server, writes the sandbox
(config, prompts, history, HOME and XDG folders inside --dir) and calls this with the server's base URL.
Each check prints `ok   NAME  (Ns)` or `FAIL NAME: why` plus an excerpt; the exit status is 1 when any failed.
Besides the checks, it prints `note` lines with what the real server answered (model id, usage, logprobs
shape), for comparing against Tests/Server/pd_testserver.py's `llama-cpp-python` scenario.
"""

import argparse
import json
import os
import select
import signal
import subprocess
import sys
import time
import urllib.request

# Variables the sandbox never passes on: a developer's keys and proxies must not reach the checks.
REMOVED = ["OPENAI_API_KEY", "OPENAI_BASE_URL", "PORTKEY_API_KEY", "PROMPTDECK_TUI_TRACE", "http_proxy",
           "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy", "NO_COLOR", "TMUX"]


def excerpt(text, limit=600):
    text = text if isinstance(text, str) else text.decode("utf-8", "replace")
    text = text.strip()
    if len(text) > limit:
        text = text[: limit // 2] + "\n  …\n" + text[-limit // 2:]
    return "\n".join("    | " + line.rstrip() for line in text.splitlines() if line.strip()) or "    | (empty)"


class Failure(Exception):
    """A failed check: why, then an excerpt of each output given (None ones left out)."""

    def __init__(self, why, *outputs):
        super().__init__(why + "".join("\n" + excerpt(o) for o in outputs if o is not None))


def require(condition, why, *outputs):
    if not condition:
        raise Failure(why, *outputs)


class Sandbox:
    def __init__(self, args):
        self.bin = args.bin
        self.dir = args.dir
        self.base_url = args.base_url.rstrip("/")
        self.history = os.path.join(self.dir, "history.sqlite")
        env = {k: v for k, v in os.environ.items() if k not in REMOVED}
        env.update({
            "HOME": os.path.join(self.dir, "home"), "XDG_CONFIG_HOME": os.path.join(self.dir, "xdg"),
            "XDG_DATA_HOME": os.path.join(self.dir, "data"), "XDG_STATE_HOME": os.path.join(self.dir, "state"),
            "PROMPTDECK_STATE": os.path.join(self.dir, "state", "state.yaml"),
            "PROMPTDECK_CONFIG": os.path.join(self.dir, "config.yaml"),
            "PROMPTDECK_PROMPTS": os.path.join(self.dir, "prompts"), "PROMPTDECK_HISTORY": self.history,
        })
        for folder in ("home", "xdg", "data", "state"):
            os.makedirs(os.path.join(self.dir, folder), exist_ok=True)
        self.env = env
        self.results = []

    # promptdeck and the server

    def pd(self, *argv, timeout=180):
        try:
            return subprocess.run([self.bin, *argv], env=self.env, capture_output=True, text=True, timeout=timeout,
                                  stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired as e:
            raise Failure(f"`promptdeck {' '.join(argv)}` still running after {timeout}s") from e

    def pd_ok(self, *argv, timeout=180):
        result = self.pd(*argv, timeout=timeout)
        require(result.returncode == 0, f"`promptdeck {' '.join(argv)}` exited {result.returncode} (stdout, then stderr)",
                result.stdout, result.stderr)
        return result

    def pd_json(self, *argv, timeout=180):
        result = self.pd_ok(*argv, timeout=timeout)
        try:
            return json.loads(result.stdout), result
        except ValueError:
            raise Failure(f"`promptdeck {' '.join(argv)}` printed no JSON (stdout, then stderr)", result.stdout, result.stderr)

    def server(self, path, body=None, timeout=120):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base_url + path, data=data,
                                         headers={"Content-Type": "application/json"})
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=timeout) as response:
            return response.read().decode()

    def latest_runs(self, count):
        runs, _ = self.pd_json("history", "list", "--json", "-n", str(count))
        return runs

    def show(self, run_id):
        record, _ = self.pd_json("history", "show", run_id, "--json")
        return record

    # running checks

    def check(self, name, function):
        started = time.monotonic()
        try:
            function()
        except Failure as e:
            self.results.append((name, False))
            print(f"FAIL {name}: {e}", flush=True)
        except Exception as e:  # a bug in a check is a failure too, never a crash of the whole script
            self.results.append((name, False))
            print(f"FAIL {name}: {type(e).__name__}: {e}", flush=True)
        else:
            self.results.append((name, True))
            print(f"ok   {name}  ({time.monotonic() - started:.1f}s)", flush=True)


def note(text):
    print(f"     note: {text}", flush=True)


# The checks ---------------------------------------------------------------------------------------------------

def check_models(s, state):
    listing = json.loads(s.server("/models"))
    served = [m["id"] for m in listing["data"]]
    require(len(served) == 1, f"the server should serve one model, /v1/models says {served}")
    state["model"] = served[0]
    note(f"GET /v1/models serves id {served[0]!r} (owned_by {listing['data'][0].get('owned_by')!r})")
    text = s.pd_ok("models", "--profile", "llama")
    require(text.stdout.strip().splitlines() == [served[0]],
            f"`promptdeck models --profile llama` should print {served[0]!r} alone", text.stdout, text.stderr)
    models, _ = s.pd_json("models", "--profile", "llama", "--json")
    require(models == [served[0]], f"`models --json` should be [{served[0]!r}], is {models!r}")


def check_no_model(s, state):
    model = state.get("model") or json.loads(s.server("/models"))["data"][0]["id"]
    result = s.pd_ok("run", "real/chat", "--profile", "llama", "--no-stream")
    warning = f"no model set: using the server's only model '{model}'"
    require(warning in result.stderr, f"stderr should say {warning!r}", result.stderr)
    require(result.stdout.strip(), "no output", result.stdout, result.stderr)
    run = s.latest_runs(1)[0]
    require(run["status"] == "ok" and run["model"] == model and run["profile"] == "llama",
            f"history should hold an ok run of {model!r}: {run}")
    record = s.show(run["id"])
    body = json.loads(record["requestBody"])
    require(body.get("model") == model, f"the request should name {model!r}: {record['requestBody']}")
    # Not streamed: llama-cpp-python's JSON body carries usage, so the count is the server's.
    require(not record["tokensEstimated"] and record["usage"], f"a non-streamed reply has usage: {record['usage']}")
    note(f"non-stream usage {record['usage']}, timings {record['timings']}")


def check_streams(s, state):
    chat = s.pd_ok("run", "real/chat", "--stream")
    completion = s.pd_ok("run", "real/complete", "--stream")
    require(chat.stdout.strip(), "the streamed chat printed nothing", chat.stderr)
    require(completion.stdout.strip(), "the streamed completion printed nothing", completion.stderr)
    runs = s.latest_runs(2)
    require([r["promptID"] for r in runs] == ["real/complete", "real/chat"], f"history: {runs}")
    for run in runs:
        require(run["status"] == "ok", f"{run['promptID']} should be ok: {run}")
        require(run["tokensEstimated"], f"{run['promptID']}: a stream without usage should count ~tokens: {run}")
        record = s.show(run["id"])
        require(record["streamed"], f"{run['promptID']} should be recorded as streamed")
        printed = (chat if run["promptID"] == "real/chat" else completion).stdout
        require(record["outputs"].get("0", "").strip() == printed.strip(),
                f"{run['promptID']}: history's output differs from what was printed", record["outputs"].get("0"),
                printed)
    listing = s.pd_ok("history", "list", "-n", "2").stdout
    require(listing.count("~") >= 2, "`history list` should mark both counts with ~", listing)
    shown = s.pd_ok("history", "show", runs[0]["id"]).stdout
    require("~" in shown and "estimated" in shown, "`history show` should say the count is estimated", shown)
    note(f"streams: no usage, no timings (chat {runs[1]['totalTokens']} ~tokens, completion "
         f"{runs[0]['totalTokens']} ~tokens)")


def check_logprobs(s, state):
    # What the server itself answers (the text-completion shape: tokens, token_logprobs, top_logprobs, text_offset).
    raw = json.loads(s.server("/completions", {"prompt": "The capital of France is", "max_tokens": 6,
                                               "logprobs": 2, "temperature": 0}))
    shape = raw["choices"][0]["logprobs"]
    require(isinstance(shape, dict) and {"tokens", "token_logprobs", "top_logprobs", "text_offset"} <= set(shape),
            f"the server's logprobs are not in the text-completion shape: {json.dumps(shape)[:400]}")
    note("completion logprobs: " + json.dumps({k: v[:2] for k, v in shape.items()}, ensure_ascii=False)[:400])
    note(f"text_offset starts at {shape['text_offset'][0]}: it counts from the start of the prompt "
         f"({len('The capital of France is')} characters), not of the completion")
    for stream in ("--no-stream", "--stream"):
        result = s.pd_ok("run", "real/complete", stream, "--set", "logprobs=2", "--json")
        report = json.loads(result.stdout)
        tokens = report["choices"][0].get("logprobs") or []
        require(tokens, f"{stream}: `run --json` has no logprobs", result.stdout)
        run = s.latest_runs(1)[0]
        record = s.show(run["id"])
        recorded = record["logprobs"].get("0") or []
        require(len(recorded) == len(tokens), f"{stream}: history holds {len(recorded)} logprobs, --json {len(tokens)}")
        text = record["outputs"].get("0", "")
        joined = "".join(t["token"] for t in recorded)
        require(joined == text, f"{stream}: the logprob tokens should spell the output", joined, text)
        # Like OpenAI's legacy completions, llama-cpp-python adds the sampled token to top_logprobs when it is
        # not among the k most likely: up to k + 1 alternatives, the sampled one always there.
        for t in recorded:
            alternatives = {a["token"]: a["logprob"] for a in t["topLogprobs"]}
            require(t["logprob"] <= 0 and 2 <= len(alternatives) <= 3 and t["token"] in alternatives,
                    f"{stream}: a token's logprob or alternatives look wrong: {t}")
        extra = sum(1 for t in recorded if len(t["topLogprobs"]) == 3)
        note(f"{stream}: {len(recorded)} tokens with logprobs, {extra} with the sampled token added as a third")
        state.setdefault("logprob_runs", []).append(run["id"])


def check_sweep(s, state):
    report, result = s.pd_json("compare", "real/chat", "--sweep", "temperature=0.2,0.7,1.0",
                               "--profile", "llama-one-slot", "--json", timeout=300)
    statuses = [r["status"] for r in report["runs"]]
    require(statuses == ["ok", "ok", "ok"], f"all three variants should be ok: {statuses}", result.stdout,
            result.stderr)
    for r in report["runs"]:
        require(r["output"].strip(), f"variant {r['label']} has no output")
    group = s.pd_json("history", "list", "--json", "-n", "3")[0]
    require(len({g["groupID"] for g in group}) == 1 and group[0]["groupID"],
            f"the three runs should share one history group: {group}")


def check_sweep_without_slot_limit(s, state):
    """The reason for max_concurrency: 1: without it the three requests go at once and the server cuts the
    streams in progress (interrupt_requests). PromptDeck should report the cut columns and suggest the setting."""
    result = s.pd("compare", "real/chat", "--sweep", "temperature=0.2,0.7,1.0", "--profile", "llama", "--json",
                  "--set", "max_tokens=64", timeout=300)
    try:
        report = json.loads(result.stdout)
    except ValueError:
        raise Failure(f"`compare --json` printed no JSON (exit {result.returncode})", result.stdout, result.stderr)
    statuses = [r["status"] for r in report["runs"]]
    errors = [r["error"] for r in report["runs"] if r["status"] != "ok"]
    note(f"3 requests at once without max_concurrency: {statuses}; errors {errors}")
    require("ok" in statuses and len(errors) >= 1, f"expected one stream kept and the others cut: {statuses}",
            result.stdout)
    require(all(e and "max_concurrency" in e for e in errors),
            f"each cut column should suggest max_concurrency: {errors}")


def check_ctrl_c(s, state):
    argv = [s.bin, "run", "real/long", "--stream"]
    started = time.monotonic()
    process = subprocess.Popen(argv, env=s.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL)
    first = b""
    try:
        while time.monotonic() - started < 120 and not first.strip():
            ready, _, _ = select.select([process.stdout], [], [], 1)
            if ready:
                chunk = os.read(process.stdout.fileno(), 4096)
                if not chunk:
                    break
                first += chunk
        require(first.strip(), "no output before the Ctrl-C", first)
        time.sleep(0.5)  # a few more tokens: the partial output is more than the first delta
        sent = time.monotonic()
        process.send_signal(signal.SIGINT)
        rest, err = process.communicate(timeout=20)
        stopped = time.monotonic() - sent
    except subprocess.TimeoutExpired:
        process.kill()
        rest, err = process.communicate()
        raise Failure("promptdeck did not stop within 20 s of SIGINT", rest, err)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    output = (first + rest).decode("utf-8", "replace")
    err = err.decode("utf-8", "replace")
    require(process.returncode == 130, f"exit {process.returncode}, the documented cancel is 130", output, err)
    require("cancelled (partial output kept)" in err, "stderr should say `cancelled (partial output kept)`", err)
    run = s.latest_runs(1)[0]
    require(run["status"] == "cancelled" and run["promptID"] == "real/long", f"history: {run}")
    record = s.show(run["id"])
    kept = record["outputs"].get("0", "")
    require(kept.strip() and output.strip().startswith(kept.strip()[:40]),
            "history should keep the partial output that was printed", kept, output)
    note(f"Ctrl-C after {len(first)} bytes: exit 130 in {stopped:.2f}s, {len(kept)} characters kept")


class Tmux:
    def __init__(self, socket):
        self.socket = socket

    def __call__(self, *argv, check=True):
        result = subprocess.run(["tmux", "-S", self.socket, *argv], capture_output=True, text=True, timeout=10,
                                env={k: v for k, v in os.environ.items() if k != "TMUX"})
        if check and result.returncode != 0:
            raise Failure(f"tmux {' '.join(argv)}: {result.stderr.strip()}")
        return result.stdout

    def screen(self):
        return self("capture-pane", "-p", "-t", "pd", check=False)

    def wait(self, predicate, timeout=20):
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            last = self.screen()
            if predicate(last):
                return last
            time.sleep(0.05)
        return None

    def wait_for(self, text, timeout=20, why=None):
        found = self.wait(lambda screen: text in screen, timeout)
        if found is None:
            raise Failure(why or f"no {text!r} on the screen within {timeout}s", self.screen())
        return found


def quote(text):
    return "'" + text.replace("'", "'\\''") + "'"


def output_pane(screen):
    """The text inside the Output pane (below its title, inside the borders)."""
    lines = screen.splitlines()
    inside = False
    body = []
    for line in lines:
        if "─ Output" in line:
            inside = True
            continue
        if inside:
            if "└" in line:
                break
            # the right-hand pane is between the last two │ on the line
            bars = [i for i, c in enumerate(line) if c == "│"]
            if len(bars) >= 2:
                body.append(line[bars[-2] + 1:bars[-1]].strip())
    return "\n".join(b for b in body if b)


def check_playground(s, state):
    socket_path = os.path.join(s.dir, "tmux.sock")
    tmux = Tmux(socket_path)
    pane_env = {k: v for k, v in s.env.items() if k.startswith(("PROMPTDECK_", "XDG_")) or k in (
        "HOME", "PATH", "LANG", "LC_ALL", "LC_CTYPE")}
    # The playground draws its boxes and status glyphs (▶ ✔) only under a UTF-8 locale; CI may have none set.
    locale = pane_env.get("LC_ALL") or pane_env.get("LC_CTYPE") or pane_env.get("LANG") or ""
    if "utf-8" not in locale.lower() and "utf8" not in locale.lower():
        pane_env["LC_ALL"] = "C.UTF-8"
    exports = " ".join(f"export {k}={quote(v)};" for k, v in sorted(pane_env.items()))
    command = (f"unset {' '.join(REMOVED)}; {exports} {quote(s.bin)} --profile llama; echo RESTORED $?;"
               " printf 'TTY: '; stty -a | grep -oE '(^| )-?(echo|icanon)( |$)' | tr -d ' ' | tr '\\n' ' '; echo;"
               " sleep 600")
    tmux("-f", "/dev/null", "new-session", "-d", "-s", "pd", "-x", "120", "-y", "40", command)
    try:
        tmux("set-option", "-t", "pd", "remain-on-exit", "on", check=False)
        tmux.wait_for("Prompts (", why="the playground did not draw its first frame")
        tmux("send-keys", "-t", "pd", "/")
        tmux("send-keys", "-t", "pd", "-l", "real/tui")
        tmux.wait_for("Template: real/tui", why="`/real/tui` did not select the prompt")
        tmux("send-keys", "-t", "pd", "Enter")
        tmux.wait_for("Enter edit", why="Enter should open the prompt, focus on its variables")
        tmux("send-keys", "-t", "pd", "s")
        tmux.wait_for("stream on", why="s should turn streaming on")
        tmux("send-keys", "-t", "pd", "F5")
        streaming = tmux.wait(lambda sc: "▶ streaming" in sc and output_pane(sc)
                              and not output_pane(sc).startswith("waiting for the first token"), timeout=60)
        require(streaming is not None, "no streamed text in the Output pane while `▶ streaming`", tmux.screen())
        done = tmux.wait(lambda sc: "✔ ok" in sc, timeout=90)
        require(done is not None, "the run did not end `✔ ok`", tmux.screen())
        text = output_pane(done)
        require(text, "the Output pane is empty after the run", done)
        status = next((line for line in done.splitlines() if "✔ ok" in line), "").strip()
        note(f"playground status bar: {status}")
        tmux("send-keys", "-t", "pd", "q")
        report = tmux.wait(lambda sc: "RESTORED" in sc and "TTY: " in sc, timeout=15)
        require(report is not None, "no shell after q", tmux.screen())
        require("RESTORED 0" in report, "the playground should exit 0", report)
        tty = next(line for line in report.splitlines() if line.startswith("TTY: ")).split()[1:]
        require("echo" in tty and "icanon" in tty and "-echo" not in tty and "-icanon" not in tty,
                f"the terminal is not restored (echo/icanon): {tty}", report)
    finally:
        tmux("kill-server", check=False)
    run = s.latest_runs(1)[0]
    require(run["status"] == "ok" and run["promptID"] == "real/tui" and run["profile"] == "llama",
            f"history should hold the playground's run: {run}")
    recorded = s.show(run["id"])["outputs"].get("0", "")
    first_words = " ".join(recorded.split()[:3])
    require(first_words and first_words in " ".join(text.split()), "the screen should show the recorded output",
            recorded, text)


CHECKS = [
    ("models", check_models),
    ("run with no model configured", check_no_model),
    ("streaming chat and completion", check_streams),
    ("completion logprobs", check_logprobs),
    ("sweep x3 with max_concurrency: 1", check_sweep),
    ("sweep x3 without max_concurrency (cut streams)", check_sweep_without_slot_limit),
    ("Ctrl-C mid-stream", check_ctrl_c),
    ("playground in tmux", check_playground),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True)
    parser.add_argument("--dir", required=True, help="the sandbox (config.yaml and prompts/ already written)")
    parser.add_argument("--base-url", required=True, help="the server's http://127.0.0.1:N/v1")
    parser.add_argument("--only", action="append", help="run only checks whose name contains this (repeatable)")
    args = parser.parse_args()
    sandbox = Sandbox(args)
    state = {}
    for name, function in CHECKS:
        if args.only and not any(o in name for o in args.only):
            continue
        sandbox.check(name, lambda f=function: f(sandbox, state))
    failed = [name for name, ok in sandbox.results if not ok]
    passed = len(sandbox.results) - len(failed)
    print(f"== real server checks: {passed} ok, {len(failed)} failed" + (f" ({', '.join(failed)})" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
