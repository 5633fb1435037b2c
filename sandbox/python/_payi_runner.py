"""Runs the learner's program as `python <file>` would: syntax first, then __main__, and
tracebacks that show the learner's own lines (the sandbox's modules are left out of them)."""

import builtins
import linecache
import sys
import traceback
import types
from typing import Any, Tuple

from payi import _bridge

RED = "\033[31m"
RESET = "\033[0m"


def _learner_only(exc: traceback.TracebackException, filename: str) -> None:
    exc.stack = traceback.StackSummary.from_list(
        [frame for frame in exc.stack if frame.filename == filename]
    )
    for chained in (exc.__cause__, exc.__context__):
        if chained is not None:
            _learner_only(chained, filename)


def _print_error(lines: "list[str]") -> None:
    text = "".join(lines)
    # The traceback as Python prints it; its last line (the error itself) in red.
    head, _, last = text.rstrip("\n").rpartition("\n")
    sys.stderr.write((head + "\n" if head else "") + f"{RED}{last}{RESET}\n")
    sys.stderr.flush()


def run(source: str, filename: str) -> Tuple[int, str]:
    """Returns (exit code, how it ended): finished, exit-called, uncaught or syntax-error."""
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    try:
        code = compile(source, filename, "exec", dont_inherit=True)
    except SyntaxError as error:
        _print_error(traceback.format_exception_only(type(error), error))
        return 1, "syntax-error"
    main = types.ModuleType("__main__")
    main.__file__ = filename
    main.__builtins__ = builtins  # type: ignore[attr-defined]
    sys.modules["__main__"] = main
    _bridge.PROGRAM_FILE = filename
    try:
        exec(code, main.__dict__)
        return 0, "finished"
    except SystemExit as stop:
        status: Any = stop.code
        if status is None:
            return 0, "exit-called"
        if isinstance(status, int):
            return status, "exit-called"
        sys.stderr.write(f"{status}\n")
        return 1, "exit-called"
    except BaseException as error:  # noqa: BLE001 - every uncaught error is the program's end
        summary = traceback.TracebackException.from_exception(error)
        _learner_only(summary, filename)
        _print_error(list(summary.format()))
        return 1, "uncaught"
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
