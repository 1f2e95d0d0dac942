"""Tests written in C, C++ or CUDA: programs a Makefile builds and the CI runs.

An ML repository may test its model in the language the model is written in: llm.c's
``test_gpt2.c`` builds GPT-2 from a checkpoint, runs forward and backward and compares every
tensor with PyTorch's, and its CI runs ``make test_gpt2 && ./test_gpt2``. pytest never sees
such a test, but it is one. A native test is a C/C++/CUDA source named like a test
(``test_*.c``, ``*_test.cpp``) or kept in a test folder, that is a program (it has ``main``)
or uses a test framework's macros (GoogleTest, Catch2, Boost.Test).

A source that defines functions with C linkage (``extern "C"`` before a function's body) is
a library for another language instead, whatever its name and even with a stub ``main``: the
link-prediction code learners copy from OpenKE ranks the test split in ``test.cpp``, built
with ``-shared`` and loaded by the Python script through ctypes as ``test.so``. Declaring the
C functions a test calls (``extern "C" int forward(int);``, ``extern "C" { #include ... }``)
exports nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from repocheck.analysis.cache import per_object
from repocheck.facts.snapshot import Snapshot
from repocheck.model import Evidence
from repocheck.patterns import compile_on_use

NATIVE_SUFFIXES = {".c": "C", ".cc": "C++", ".cpp": "C++", ".cxx": "C++", ".cu": "CUDA"}
_TEST_NAME = compile_on_use(r"^test|_tests?$|_unittest$", re.IGNORECASE)
# [ \t], not \s: from each line start \s would run on through every blank line below it.
_ENTRY = compile_on_use(
    r"^[ \t]*(?:int|void)[ \t]+main[ \t]*\("
    r"|^[ \t]*(?:TEST|TEST_F|TEST_P|TYPED_TEST|TEST_CASE|SCENARIO|BOOST_AUTO_TEST_CASE)[ \t]*\(",
    re.MULTILINE,
)
#: A function defined with C linkage for a caller in another language (ctypes, cffi):
#: ``extern "C"`` alone on its line above the definition, or on the definition's line ending
#: in its opening brace; not a declaration (``;``) nor a block of them (``extern "C" {``).
_EXPORT = compile_on_use(
    r'^[ \t]*extern[ \t]+"C"[ \t]*(?:\r?$|[A-Za-z_][^;{\n]*\{)',
    re.MULTILINE,
)
#: A call that runs a model: ``gpt2_forward(&model, ...)``, ``model.backward()``.
_MODEL_RUN = compile_on_use(r"\b\w*(?:forward|backward)\w*\s*\(")


@dataclass(frozen=True)
class NativeTest:
    """One test program: its source, its language, and the line that runs a model, if any."""

    path: str
    language: str
    model_line: int | None = None
    model_call: str = ""  # the line that runs it, stripped

    @property
    def program(self) -> str:
        """The name its build gives the program by convention: the source's stem."""
        return PurePosixPath(self.path).stem

    def evidence(self) -> Evidence:
        """The line that runs the model, else the file."""
        if self.model_line is None:
            return Evidence(self.path, 1, f"a test program in {self.language}")
        return Evidence(self.path, self.model_line, self.model_call[:100])


@per_object
def native_tests(snapshot: Snapshot) -> tuple[NativeTest, ...]:
    """Every C/C++/CUDA test program of the snapshot, in path order."""
    found = []
    for info in sorted(snapshot.files, key=lambda info: info.path):
        pure = PurePosixPath(info.path)
        language = NATIVE_SUFFIXES.get(pure.suffix.lower())
        text = snapshot.texts.get(info.path)
        if language is None or text is None:
            continue
        if not (_TEST_NAME.search(pure.stem) or info.is_test) or not _ENTRY.search(text):
            continue
        if _exports_functions(text):
            continue
        run = _MODEL_RUN.search(text)
        if run is None:
            found.append(NativeTest(info.path, language))
            continue
        line = text.count("\n", 0, run.start()) + 1
        call = text.split("\n")[line - 1].strip()
        found.append(NativeTest(info.path, language, line, call))
    return tuple(found)


def _exports_functions(text: str) -> bool:
    """Whether the source defines a function with C linkage: a library, not a program. Under
    a line ``extern "C"`` alone, the next line must open a function (a ``(``, no ``;``)."""
    for match in _EXPORT.finditer(text):
        if match.group(0).rstrip().endswith("{"):
            return True
        following = text[match.end() : match.end() + 300].lstrip().split("\n", 1)[0].rstrip()
        if "(" in following and not following.endswith(";"):
            return True
    return False


def languages(tests: tuple[NativeTest, ...]) -> str:
    """``C/CUDA`` for a message, in alphabetical order."""
    return "/".join(sorted({test.language for test in tests}))


def runs_program(segment: str, tests: tuple[NativeTest, ...]) -> bool:
    """Whether a shell segment runs one of the test programs (``OMP_NUM_THREADS=8
    ./test_gpt2``, ``build/test_model``, ``test_gpt2.exe``); building one is not running it."""
    if not tests:
        return False
    names = "|".join(sorted({re.escape(test.program) for test in tests}, key=len, reverse=True))
    pattern = (
        rf"^\s*(?:\w+=\S*\s+)*(?:(?:\.|[\w.-]+)?/[\w./-]*?)?(?:{names})\w*(?:\.exe|\.out)?(?:\s|$)"
    )
    executed = re.match(pattern, segment)
    if executed is None:
        return False
    # A bare name runs from PATH, which the build never puts it on, unless it is a .exe.
    word = executed.group(0).split()[-1]
    return "/" in word or word.endswith(".exe")
