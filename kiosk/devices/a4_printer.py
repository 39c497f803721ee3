"""The hall's A4 printer: a small interface, the CUPS implementation (`lp`/`lpstat`), and a fake.

The PDF goes to CUPS on standard input, so the kiosk never writes a visitor's document to a
file of its own (CUPS spools it; set `PreserveJobFiles No` in cupsd.conf on a kiosk, see
docs/forms.md). A printer that is missing, paused, out of paper or jammed is reported as a
sentence that says what to do next; the form stays open until the visitor leaves.
"""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass, field
from typing import Protocol

from kiosk.forms.model import Text

_JOB_ID = re.compile(r"request id is (\S+)")

NO_PRINTER = Text("打印机没有连接好，现在打印不了。请找大厅工作人员帮忙，或扫码把文书存到手机上。您填的内容还"
                  "在。",
                  "The printer is not available. Please ask the hall staff, or save the document to your phon"
                  "e. "
                  "Your answers are kept.")  # fmt: skip
NO_PAPER = Text("打印机没纸了。请告诉大厅工作人员加纸，然后点“再打一次”。您填的内容还在。",
                "The printer is out of paper. Please ask the staff to add paper, then tap Print again. "
                "Your answers are kept.")  # fmt: skip
JAMMED = Text("打印机卡纸了。请找大厅工作人员处理，然后点“再打一次”。您填的内容还在。",
              "The paper is jammed. Please ask the staff, then tap Print again. Your answers are kept"
              ".")  # fmt: skip
STOPPED = Text("打印机暂停了。请找大厅工作人员恢复打印机，然后点“再打一次”。您填的内容还在。",
               "The printer is paused. Please ask the staff to resume it, then tap Print again. "
               "Your answers are kept.")  # fmt: skip
TOO_SLOW = Text("打印机一直没有打出来。请看看出纸口，或找大厅工作人员帮忙。您填的内容还在。",
                "Nothing has come out of the printer. Please check the tray or ask the staff. "
                "Your answers are kept.")  # fmt: skip


class PrintError(Exception):
    def __init__(self, message: Text, detail: str = "") -> None:
        super().__init__(f"{message.zh} ({detail})" if detail else message.zh)
        self.message = message
        self.detail = detail


@dataclass(frozen=True)
class PrinterStatus:
    ready: bool
    problem: Text | None = None


class A4Printer(Protocol):
    def status(self) -> PrinterStatus: ...

    def print_pdf(self, pdf: bytes, *, title: str) -> str:
        """Print and wait until the printer has finished the job; return its id. Raise PrintError."""
        ...


def problem_from_lpstat(text: str) -> Text | None:
    """The visitor-facing problem in `lpstat -l -p NAME` output (state and reasons), if any."""
    lowered = text.lower()
    if "media-empty" in lowered or "media-needed" in lowered:
        return NO_PAPER
    if "media-jam" in lowered:
        return JAMMED
    if " disabled " in f" {lowered} " or "paused" in lowered or "offline-report" in lowered:
        return STOPPED
    return None


class CupsPrinter:
    """A CUPS queue (`destination`; empty = the CUPS default destination)."""

    def __init__(self, destination: str = "", *, timeout_s: float = 60.0, poll_s: float = 0.3) -> None:
        self.destination = destination
        self.timeout_s = timeout_s
        self.poll_s = poll_s

    def _run(self, args: list[str], *, data: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
        try:
            return subprocess.run(args, input=data, capture_output=True, timeout=30, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PrintError(NO_PRINTER, f"{args[0]}: {exc}") from exc

    def _destination(self) -> str:
        if self.destination:
            return self.destination
        found = self._run(["lpstat", "-d"]).stdout.decode("utf-8", "replace")
        match = re.search(r"destination:\s*(\S+)", found)
        if not match:
            raise PrintError(NO_PRINTER, "no CUPS default destination")
        return match.group(1)

    def status(self) -> PrinterStatus:
        try:
            name = self._destination()
        except PrintError as exc:
            return PrinterStatus(ready=False, problem=exc.message)
        result = self._run(["lpstat", "-l", "-p", name])
        text = (result.stdout + result.stderr).decode("utf-8", "replace")
        if result.returncode != 0 or not text.strip().startswith("printer"):
            return PrinterStatus(ready=False, problem=NO_PRINTER)
        accepting = self._run(["lpstat", "-a", name]).stdout.decode("utf-8", "replace")
        if "not accepting" in accepting:
            return PrinterStatus(ready=False, problem=STOPPED)
        problem = problem_from_lpstat(text)
        return PrinterStatus(ready=problem is None, problem=problem)

    def print_pdf(self, pdf: bytes, *, title: str) -> str:
        state = self.status()
        if not state.ready:
            raise PrintError(state.problem or NO_PRINTER, "printer not ready")
        name = self._destination()
        # "-" = standard input: the document never lands in a file of ours.
        result = self._run(["lp", "-d", name, "-t", title, "-o", "media=A4", "-"], data=pdf)
        match = _JOB_ID.search(result.stdout.decode("utf-8", "replace"))
        if result.returncode != 0 or not match:
            raise PrintError(NO_PRINTER, result.stderr.decode("utf-8", "replace").strip())
        job = match.group(1)
        self._wait(name, job)
        return job

    def _wait(self, name: str, job: str) -> None:
        deadline = time.monotonic() + self.timeout_s
        while time.monotonic() < deadline:
            done = self._run(["lpstat", "-W", "completed", "-o", name]).stdout.decode("utf-8", "replace")
            if any(line.split()[:1] == [job] for line in done.splitlines()):
                return
            problem = problem_from_lpstat(
                self._run(["lpstat", "-l", "-p", name]).stdout.decode("utf-8", "replace")
            )
            if problem is not None:
                raise PrintError(problem, f"job {job} held")
            time.sleep(self.poll_s)
        raise PrintError(TOO_SLOW, f"job {job} not completed in {self.timeout_s:g} s")


@dataclass
class FakePrinter:
    """For tests and the demo: keeps what was printed; `problem` makes the next prints fail."""

    problem: Text | None = None
    printed: list[tuple[str, bytes]] = field(default_factory=list)

    def status(self) -> PrinterStatus:
        return PrinterStatus(ready=self.problem is None, problem=self.problem)

    def print_pdf(self, pdf: bytes, *, title: str) -> str:
        if self.problem is not None:
            raise PrintError(self.problem, "fake printer")
        self.printed.append((title, pdf))
        return f"fake-{len(self.printed)}"
