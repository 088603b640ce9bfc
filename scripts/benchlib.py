"""Helpers the benchmark scripts share (scripts/bench, bench-tui, bench-compare): the local test server,
a private tmux server polled until text appears, and CPU / memory figures of a process.

Scripts import it with `sys.path.insert(0, SCRIPTS_DIR)`; it needs only the standard library.
"""
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TICKS = os.sysconf("SC_CLK_TCK")


def start_server(stdout_text=False):
    """Starts Tests/Server/pd_testserver.py; returns (process, port). Exits when it prints no port."""
    proc = subprocess.Popen([sys.executable, "-u", os.path.join(ROOT, "Tests/Server/pd_testserver.py")],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=stdout_text)
    line = proc.stdout.readline()
    line = (line if stdout_text else line.decode()).strip()
    if not line.startswith("PORT "):
        sys.exit(f"bench: the test server did not start ({line!r})")
    return proc, int(line.split()[1])


class Tmux:
    """A tmux server on a private socket with one session, `session`."""

    def __init__(self, socket, session="bench"):
        self.socket = socket
        self.session = session

    def __call__(self, *args):
        """Runs a tmux command against this server; returns its stdout."""
        return subprocess.run(["tmux", "-S", self.socket, *args], capture_output=True, text=True).stdout

    def start(self, command, columns=120, rows=40):
        """Starts `command` (run by sh) in a detached `columns` x `rows` session."""
        self("-f", "/dev/null", "new-session", "-d", "-s", self.session, "-x", str(columns), "-y", str(rows),
             command)

    def send(self, *keys):
        self("send-keys", "-t", self.session, *keys)

    def type(self, text):
        self("send-keys", "-t", self.session, "-l", text)

    def screen(self):
        return self("capture-pane", "-p", "-t", self.session)

    def pane_pid(self):
        return int(self("list-panes", "-t", self.session, "-F", "#{pane_pid}").strip())

    def wait_for(self, predicate, timeout=60.0, interval=0.002, what="timed out"):
        """Polls the screen until predicate(screen) holds; exits with `what` and the screen on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.screen()
            if predicate(text):
                return text
            time.sleep(interval)
        sys.exit(f"{what}; screen was:\n" + self.screen())

    def open_streaming_playground(self, interval, what):
        """Waits for the playground's first full screen and turns streaming on if it is off; returns the screen."""
        screen = self.wait_for(lambda s: "Prompts (" in s and "Template:" in s, 300, interval, what)
        if "stream on" not in screen:
            self.send("s")
            screen = self.wait_for(lambda s: "stream on" in s, 60, interval, what)
        return screen

    def run_playground(self, interval, what):
        """Sends F5 and waits until the status bar says the run ended; returns (screen, status line)."""
        self.send("F5")
        done = self.wait_for(lambda s: "✔ ok" in s or "✖ error" in s, 600, interval, what)
        return done, next(line.strip() for line in done.splitlines() if "✔ ok" in line or "✖ error" in line)

    def kill(self):
        self("kill-server")


def cpu_seconds(pid):
    """utime + stime of a live process so far, from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def peak_rss(pid):
    """Peak resident memory (VmHWM) of a live process, MiB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def stripped_size(binary, work):
    """The size in bytes of binary stripped (`strip -o` into work), as scripts/promptdeck runs it."""
    stripped = os.path.join(work, "stripped")
    subprocess.run(["strip", "-o", stripped, binary], check=True)
    return os.path.getsize(stripped)


def measure(argv, env=None, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE):
    """Runs argv to the end; returns (wall s, cpu s, peak rss MiB, exit code) of that child (and the
    children it waited for), from wait4(2)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=stderr, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 and stderr == subprocess.PIPE:
        sys.stderr.write(f"bench: {' '.join(argv[:3])}... exited {proc.returncode}: {proc.stderr.read().decode()[:400]}\n")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


if __name__ == "__main__":
    # `python3 scripts/benchlib.py measure CMD...` prints "<cpu s> <wall s>" (for shell scripts).
    if len(sys.argv) > 2 and sys.argv[1] == "measure":
        wall, cpu, _, _ = measure(sys.argv[2:], stderr=subprocess.DEVNULL)
        print(f"{cpu:.3f} {wall:.3f}")
    else:
        sys.exit("usage: benchlib.py measure CMD...")
