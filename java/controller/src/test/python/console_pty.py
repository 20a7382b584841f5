# The edited line is checked on a minimal model of the screen (JLine redraws only what changed).
# Drives `tools/nanotick controller` on a pseudo-terminal, as an operator at a keyboard would:
# Tab completion (strat<TAB> -> strategy, sta<TAB> -> status), history recall with the Up arrow
# within a session and from ~/.nanotick_history in the next one, and Ctrl-D to leave.
import fcntl, os, pty, re, select, struct, sys, termios, time

# usage: console_pty.py NT_ROOT HOME_DIR   (prints ok/FAIL lines, then "passed failed"; exit 1 on failure)
root, home = sys.argv[1], sys.argv[2]
ansi = re.compile(rb'\x1b\[[0-9;?]*[A-Za-z]|\x1b[=>]|\r')
checks = []

def screen_line(raw):
    """The text of the cursor's line after replaying raw output through a minimal terminal model
    (printable characters, CR, LF, BS, and the CSI cursor moves / erases JLine uses)."""
    rows, r, col = [[]], 0, 0
    i, n = 0, len(raw)
    while i < n:
        b = raw[i]
        if b == 0x1b and i + 1 < n and raw[i + 1] == ord("["):
            j = i + 2
            while j < n and not (0x40 <= raw[j] <= 0x7e):
                j += 1
            if j >= n:
                break
            params, op = raw[i + 2:j].decode(), chr(raw[j])
            num = int(params) if params.isdigit() else 1
            if op == "A": r = max(0, r - num)
            elif op == "B": r += num
            elif op == "C": col += num
            elif op == "D": col = max(0, col - num)
            elif op == "G": col = num - 1
            elif op == "K": rows[r] = rows[r][:col]
            elif op == "J": rows[r] = rows[r][:col]; del rows[r + 1:]
            while len(rows) <= r: rows.append([])
            i = j + 1
            continue
        if b == 0x1b:
            i += 2
            continue
        if b == 0x0d: col = 0
        elif b == 0x0a:
            r += 1
            while len(rows) <= r: rows.append([])
        elif b == 0x08: col = max(0, col - 1)
        elif b >= 0x20:
            line = rows[r]
            while len(line) < col: line.append(" ")
            if col < len(line): line[col] = chr(b)
            else: line.append(chr(b))
            col += 1
        i += 1
    return "".join(rows[r]).rstrip()

def check(name, ok):
    checks.append((name, bool(ok)))
    print(("ok   " if ok else "FAIL ") + name, flush=True)

class Console:
    def __init__(self):
        env = dict(os.environ, HOME=home, TERM="xterm", COLUMNS="120", LINES="40")
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(root)
            os.execvpe("tools/nanotick", ["tools/nanotick", "controller"], env)
        # a real terminal size (a 0x0 pty makes JLine elide the prompt)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.raw = b""
    def read_until(self, pattern, timeout=60.0):
        """Reads until the ANSI-stripped output since the last mark matches pattern."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            text = ansi.sub(b"", self.raw[self.mark:]).decode("utf-8", "replace")
            m = re.search(pattern, text)
            if m:
                return text
            r, _, _ = select.select([self.fd], [], [], 0.2)
            if r:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                self.raw += chunk
        return None
    mark = 0
    def line_becomes(self, text, timeout=10.0):
        """Waits until the cursor's line on the modelled screen reads exactly text."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            if screen_line(self.raw) == text:
                return True
            r, _, _ = select.select([self.fd], [], [], 0.2)
            if r:
                self.raw += os.read(self.fd, 65536)
        print("     line is: %r" % screen_line(self.raw))
        return False
    def send(self, data, at_prompt=True):
        # type at the prompt, as a person would: keys typed while a command runs are echoed by
        # the tty itself (cooked mode), not by JLine
        if at_prompt and not self.line_becomes("nanotick>"):
            print("     no prompt before sending %r" % data)
        self.mark = len(self.raw)
        os.write(self.fd, data)
    def wait_exit(self, timeout=30.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                r, _, _ = select.select([self.fd], [], [], 0.2)
                if r:
                    self.raw += os.read(self.fd, 65536)
            except OSError:
                pass
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid == self.pid:
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        return None

LIST = r"name\s+type\s+id\s+state\n(.*\n)*?mm\s+mm\s+\d+\s+stopped"

c = Console()
check("console prompt on a terminal (JLine)", c.read_until(r"Tab completes[\s\S]*nanotick> ", 180))
c.send(b"strat\t")
check("strat<TAB> completes to 'strategy '", c.line_becomes("nanotick> strategy"))
c.send(b"list\r", at_prompt=False)
check("the completed command runs (strategy list)", c.read_until(LIST, 10))
c.send(b"sta\t\r")
check("sta<TAB> completes to status and runs", c.read_until(r"status\s*\ncontroller: trading", 10))
c.send(b"\x1bOA")
check("Up recalls the previous command (status)", c.line_becomes("nanotick> status"))
c.send(b"\x1bOA", at_prompt=False)
check("Up again recalls 'strategy list'", c.line_becomes("nanotick> strategy list"))
c.send(b"\r", at_prompt=False)
check("the recalled command runs", c.read_until(LIST, 10))
c.send(b"quit\r")
rc = c.wait_exit()
check("quit leaves with exit 0 (%s)" % rc, rc == 0)
hist = os.path.join(home, ".nanotick_history")
lines = [l.split(":", 1)[-1] for l in open(hist).read().splitlines()] if os.path.exists(hist) else []
check("history saved to ~/.nanotick_history (%d entries)" % len(lines), lines[-4:] == ["strategy list", "status", "strategy list", "quit"])

c = Console()
check("second session: prompt", c.read_until(r"nanotick> ", 60))
c.send(b"\x1bOA\x1bOA")
check("Up Up recalls 'strategy list' from the saved history", c.line_becomes("nanotick> strategy list"))
c.send(b"\r", at_prompt=False)
check("the recalled command runs", c.read_until(LIST + r"[\s\S]*nanotick> $", 10))
c.send(b"\x04")  # at the prompt (in raw mode): a ^D typed while a command runs is the tty's EOF
rc = c.wait_exit()
check("Ctrl-D leaves with exit 0 (%s)" % rc, rc == 0)

failed = sum(1 for _, ok in checks if not ok)
print("%d %d" % (len(checks) - failed, failed))
if failed:
    sys.stdout.write(ansi.sub(b"", c.raw[-3000:]).decode("utf-8", "replace"))
sys.exit(1 if failed else 0)
