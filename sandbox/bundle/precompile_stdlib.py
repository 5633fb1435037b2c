"""Writes Pyodide's standard library again, with bytecode beside the sources it boots with.

Pyodide ships the standard library as .py sources only, so every boot compiles each module it
imports (about 150 of them: asyncio, typing, json, traceback, ...), which is most of a boot. This
runs in the same Pyodide the browser runs, after it booted and imported the course's modules, and
adds a `.pyc` next to every standard-library module loaded by then. The bytecode is
"unchecked-hash" (PEP 552): zipimport takes it without comparing it to the source, which is still
there for tracebacks and `inspect`. Every other module stays source-only, compiled when imported.

Globals given by the caller: SOURCE_ZIP, TARGET_ZIP (paths in Pyodide's file system).
"""

import importlib._bootstrap_external as bootstrap_external
import importlib.util
import sys
import zipfile

source_zip: str = SOURCE_ZIP  # type: ignore[name-defined]  # noqa: F821
target_zip: str = TARGET_ZIP  # type: ignore[name-defined]  # noqa: F821

prefix = source_zip.rstrip("/") + "/"
loaded = {
    module.__file__[len(prefix) :]
    for module in list(sys.modules.values())
    if isinstance(getattr(module, "__file__", None), str) and module.__file__.startswith(prefix)
}

compiled = 0
with zipfile.ZipFile(source_zip) as source, zipfile.ZipFile(
    target_zip, "w", zipfile.ZIP_DEFLATED, compresslevel=9
) as target:
    for info in source.infolist():
        data = source.read(info)
        target.writestr(info, data)
        if info.filename not in loaded or not info.filename.endswith(".py"):
            continue
        code = compile(data, info.filename, "exec", dont_inherit=True)
        pyc = bootstrap_external._code_to_hash_pyc(
            code, importlib.util.source_hash(data), False
        )
        entry = zipfile.ZipInfo(info.filename + "c", info.date_time)
        entry.compress_type = zipfile.ZIP_DEFLATED
        target.writestr(entry, bytes(pyc))
        compiled += 1

compiled
