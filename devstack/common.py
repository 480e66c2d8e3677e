"""What every local service shares: paths, ports, processes, readiness, logs and apt."""

from __future__ import annotations

import abc
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

REPO = Path(__file__).resolve().parent.parent
VAR = REPO / "var"
LOOPBACK = "127.0.0.1"
LOG_TAIL_LINES = 40


class ServiceError(Exception):
    """A failure to report to the person at the terminal: a message plus optional detail (a log tail)."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


@dataclass(frozen=True)
class Port:
    number: int
    env_var: str
    purpose: str


def env_port(env_var: str, default: int, purpose: str) -> Port:
    raw = os.environ.get(env_var, str(default))
    if not raw.isdigit() or not 0 < int(raw) < 65536:
        raise ServiceError(f"{env_var}={raw!r} is not a TCP port number")
    return Port(int(raw), env_var, purpose)


# --- processes ---------------------------------------------------------------------------------


def pid_alive(pid: int) -> bool:
    """True while any thread of the process runs: a zombie that has exited whole counts as dead."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        threads = len(list(Path(f"/proc/{pid}/task").iterdir()))
    except OSError:
        return False
    # The state letter follows the command name, which is in parentheses and may contain spaces.
    # A JVM's main thread turns zombie while its other threads still shut down (and hold its ports).
    return stat.rpartition(")")[2].split()[0] not in ("Z", "X") or threads > 1


def read_pid(pid_file: Path, marker: str) -> int | None:
    """The live pid recorded in pid_file, if its command line contains marker (pids get reused)."""
    try:
        pid = int(pid_file.read_text().split()[0])
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except (OSError, ValueError, IndexError):
        return None
    return pid if marker.encode() in cmdline and pid_alive(pid) else None


def wait_exit(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while pid_alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def kill_group(pid: int, timeout: float) -> None:
    """SIGTERM the process group led by pid (we start services as session leaders), SIGKILL if it lingers."""
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            return
        if wait_exit(pid, wait):
            return


def rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def run(
    cmd: Sequence[str | Path],
    what: str,
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float | None = None,
) -> str:
    """Run a command to completion; on failure raise a ServiceError carrying its output's tail."""
    argv = [str(arg) for arg in cmd]
    try:
        proc = subprocess.run(
            argv,
            check=False,
            env=env,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        raise ServiceError(f"{what}: no answer within {timeout:.0f}s from: {' '.join(argv)}") from exc
    if proc.returncode != 0:
        raise ServiceError(f"{what} failed (exit {proc.returncode}): {' '.join(argv)}", tail_text(proc.stdout))
    return proc.stdout


def tail_text(text: str, lines: int = LOG_TAIL_LINES) -> str:
    # Lines are cut short: Cassandra, for one, logs its whole classpath on one line.
    return "\n".join(line[:300] for line in text.rstrip().splitlines()[-lines:])


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def tail_file(path: Path, since: int = 0, lines: int = LOG_TAIL_LINES) -> str:
    """The last lines written to path after offset since (from the start if it has been rotated since)."""
    size = file_size(path)
    try:
        with path.open("rb") as f:
            # Only the end matters, and logs can be large.
            f.seek(max(since if since <= size else 0, size - 256 * 1024))
            return tail_text(f.read().decode(errors="replace"), lines)
    except OSError:
        return ""


# --- ports -------------------------------------------------------------------------------------


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        # SO_REUSEADDR: a connection of ours lingering in TIME_WAIT is no conflict, a listener is.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((LOOPBACK, port))
        except OSError:
            return False
    return True


def port_owner(port: int) -> tuple[int, str] | None:
    """(pid, command name) of the process listening on a TCP port, found through /proc."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(f"socket:[{fields[9]}]")
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            for fd in (proc / "fd").iterdir():
                if str(fd.readlink()) in inodes:
                    return int(proc.name), (proc / "comm").read_text().strip()
        except OSError:
            continue
    return None


# --- probes ------------------------------------------------------------------------------------


def probe(port: int, payload: bytes, timeout: float = 2.0) -> bytes:
    """Send payload to a loopback port and return the first bytes of the answer (b"" if none)."""
    try:
        with socket.create_connection((LOOPBACK, port), timeout=timeout) as sock:
            sock.sendall(payload)
            return sock.recv(64)
    except OSError:
        return b""


# --- services ----------------------------------------------------------------------------------


class Service(abc.ABC):
    """One local service with its data under var/<name>/, bound to 127.0.0.1."""

    name: ClassVar[str]
    startup_timeout: ClassVar[float]

    def __init__(self) -> None:
        self.dir = VAR / self.name

    @property
    @abc.abstractmethod
    def ports(self) -> list[Port]:
        """Every port the service listens on; the first is the one clients use."""

    @property
    def address(self) -> str:
        return f"{LOOPBACK}:{self.ports[0].number}"

    @abc.abstractmethod
    def missing_packages(self) -> list[str]:
        """Debian packages whose programs this service needs and cannot find."""

    @abc.abstractmethod
    def pid(self) -> int | None:
        """The service's main process, if running."""

    @abc.abstractmethod
    def ready(self) -> bool:
        """Whether the service answers its own protocol."""

    @abc.abstractmethod
    def launch(self) -> float:
        """Start the service in the background; return the monotonic time its server process started."""

    @abc.abstractmethod
    def stop(self) -> None:
        """Stop the service cleanly if it runs; return once it has exited."""

    @abc.abstractmethod
    def log_files(self) -> list[Path]:
        """The logs to show when startup fails."""

    def after_ready(self) -> None:  # noqa: B027 - an optional hook
        """One-off setup that needs the running service (databases, users)."""

    def wipe_paths(self) -> list[Path]:
        return [self.dir]

    def up(self) -> str:
        """Start unless already running and healthy; return the state to print."""
        started = time.monotonic()
        if self.pid() is not None and self.ready():
            return "already running"
        booting = self.pid() is not None  # not answering yet: maybe another `up` is still starting it
        if not booting:
            self.check_ports()
        # On failure, show only what this start wrote: logs are appended to across starts.
        offsets = {path: file_size(path) for path in self.log_files()} if not booting else {}
        launched = time.monotonic()
        try:
            if not booting:
                launched = self.launch()
            self.wait_ready(launched + self.startup_timeout)
            self.after_ready()
        except BaseException as exc:
            with contextlib.suppress(ServiceError):
                self.stop()  # never leave a half-started service behind
            if isinstance(exc, ServiceError):
                raise ServiceError(str(exc), "\n".join(filter(None, (exc.detail, self.log_tails(offsets))))) from exc
            raise
        now = time.monotonic()
        return f"started in {now - started:.1f}s (process start to ready {now - launched:.1f}s)"

    def check_ports(self) -> None:
        for port in self.ports:
            if port_free(port.number):
                continue
            owner = port_owner(port.number)
            if owner is not None and owner[1] == "epmd":
                continue  # Erlang's port mapper is shared by design, whoever started it
            who = f"pid {owner[0]} ({owner[1]})" if owner else "another process"
            raise ServiceError(
                f"port {port.number} ({port.purpose}) on {LOOPBACK} is taken by {who}. "
                f"Stop that process, or pick another port: {port.env_var}=<port> bin/services up {self.name}"
                " (and export the same variable wherever Photogram runs)"
            )

    def wait_ready(self, deadline: float) -> None:
        while not self.ready():
            if self.pid() is None:
                raise ServiceError(f"{self.name} exited during startup")
            if time.monotonic() > deadline:
                raise ServiceError(f"{self.name} not ready after {self.startup_timeout:.0f}s")
            time.sleep(0.2)

    def log_tails(self, offsets: dict[Path, int]) -> str:
        return "\n".join(
            f"--- last lines of {path} ---\n{text}"
            for path in self.log_files()
            if (text := tail_file(path, offsets.get(path, 0)))
        )

    def wipe(self) -> None:
        self.stop()
        for path in self.wipe_paths():
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink(missing_ok=True)


class SpawnedService(Service):
    """A service whose server process we start ourselves, detached into its own session."""

    marker: ClassVar[str]  # a command-line fragment that proves a recorded pid is still ours
    stop_timeout: ClassVar[float] = 60.0

    def __init__(self) -> None:
        super().__init__()
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def pid_file(self) -> Path:
        return self.dir / f"{self.name}.pid"

    @property
    @abc.abstractmethod
    def console_log(self) -> Path:
        """Where the process's stdout and stderr go."""

    @abc.abstractmethod
    def command(self) -> list[str]: ...

    def environment(self) -> dict[str, str]:
        return dict(os.environ)

    def prepare(self) -> None:
        """Write configuration and create directories before each start."""

    def request_shutdown(self, pid: int) -> None:
        os.kill(pid, signal.SIGTERM)

    def launcher_pid(self) -> int | None:
        """The process we started: known directly by the `up` that started it (which may not have
        exec'd its command yet), else through the pid file."""
        if self._process is not None:
            return self._process.pid if self._process.poll() is None else None
        return read_pid(self.pid_file, self.marker)

    def pid(self) -> int | None:
        return self.launcher_pid()

    def launch(self) -> float:
        self.dir.mkdir(parents=True, exist_ok=True)
        self.prepare()
        self.console_log.parent.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        with self.console_log.open("ab") as out:
            # A new session: the server outlives this command and ignores the terminal's Ctrl-C.
            self._process = subprocess.Popen(
                self.command(),
                env=self.environment(),
                cwd=self.dir,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pid_file.write_text(f"{self._process.pid}\n")
        return started

    def stop(self) -> None:
        pid = self.launcher_pid()
        if pid is not None:
            with contextlib.suppress(ServiceError, ProcessLookupError):  # the escalation below still ends it
                self.request_shutdown(pid)
            if not wait_exit(pid, self.stop_timeout):
                kill_group(pid, 10.0)
        self.pid_file.unlink(missing_ok=True)


# --- packages ----------------------------------------------------------------------------------


def apt_install(packages: Sequence[str]) -> None:
    """Install Debian packages: one `apt-get update`, then one non-interactive install."""
    print(f"installing {' '.join(packages)} with apt-get (once)...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    # Wait for another apt or dpkg to finish rather than fail on its lock.
    lock = ["-o", "DPkg::Lock::Timeout=600"]
    run(["apt-get", *lock, "-q", "update"], "apt-get update", env=env)
    try:
        run(["apt-get", *lock, "-q", "install", "-y", *packages], "apt-get install", env=env)
    except ServiceError as exc:
        blamed = [
            p
            for p in packages
            if any(p in line for line in exc.detail.splitlines() if line.startswith(("E:", "dpkg:")))
        ]
        raise ServiceError(f"apt-get could not install {' '.join(blamed or packages)}", exc.detail) from exc
