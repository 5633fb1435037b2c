"""The course's door into the sandbox runtime (TypeScript), shared by `payi` and `openai`.

Everything that decides how a call is tagged, priced and limited happens in the runtime; this
module only moves data across (as JSON) and finds the learner's line in the Python stack.
"""

import json
import sys
from typing import Any, Optional

import _payi_bridge as runtime  # registered by the sandbox host before the program runs

#: The learner's file name, e.g. "answer-with-user.py" (set by the runner).
PROGRAM_FILE: Optional[str] = None


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def learner_position(depth: int = 1) -> Optional["dict[str, Any]"]:
    """The innermost frame of the learner's program: file, line and column (1-based)."""
    frame = sys._getframe(depth)
    while frame is not None:
        if PROGRAM_FILE is not None and frame.f_code.co_filename == PROGRAM_FILE:
            column = 1
            try:
                positions = list(frame.f_code.co_positions())
                start = positions[frame.f_lasti // 2][2]
                if start is not None:
                    column = start + 1
            except (IndexError, AttributeError):
                pass
            return {"file": PROGRAM_FILE, "line": frame.f_lineno, "column": column}
        frame = frame.f_back
    return None


def learner_line(depth: int = 1) -> Optional[int]:
    position = learner_position(depth + 1)
    return position["line"] if position else None


def wait(awaitable: Any) -> Any:
    """Blocks synchronous Python code until a runtime promise settles (JS promise integration)."""
    from pyodide.ffi import can_run_sync, run_sync

    if not can_run_sync():
        raise RuntimeError(
            "This browser cannot pause synchronous Python code while a call is answered "
            "(it lacks WebAssembly JavaScript Promise Integration). Use AsyncOpenAI with "
            "await, or run the example in a current Chrome, Edge or Firefox."
        )
    return run_sync(awaitable)
