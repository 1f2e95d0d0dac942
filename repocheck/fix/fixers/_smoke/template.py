"""The text of the generated smoke test, already in ruff's format (double quotes, 88 columns,
two blank lines between functions), so the first ``ruff format`` changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from repocheck.fix import hints
from repocheck.fix.fixers._smoke.inputs import BATCH, ModelInput
from repocheck.fix.fixers._smoke.training import TrainingStep

LINE_LENGTH = 88
#: Where the test goes, and the conftest that puts the code on the import path when needed.
TEST_PATH = hints.SMOKE_TEST
CONFTEST_PATH = "tests/conftest.py"


@dataclass(frozen=True)
class SmokeTest:
    """Everything the test text needs."""

    model: str  # class name
    model_path: str
    module: str  # dotted, as imported
    import_root: str  # folder put on sys.path ("" for the repository root)
    arguments: tuple[tuple[str, object, bool], ...]  # (name, value, as keyword)
    built_at: str | None  # "train.py:12" where the arguments were read
    model_input: ModelInput
    step: TrainingStep | None
    path_in_test: bool  # put the import root on sys.path in the test itself (a conftest exists)
    line_length: int = LINE_LENGTH  # the project's, for ruff to leave the lines as they are
    quote: str = '"'  # the project's quote style (docstrings keep double quotes, as in ruff)


def quoted(text: str, quote: str = '"') -> str:
    """A string literal as ruff writes it: in ``quote``, unless the other quote needs fewer
    escapes. Every control or non-ASCII character is escaped: the text comes from the analyzed
    repository, and a raw carriage return or escape sequence has no place in a test's source."""
    other = "'" if quote == '"' else '"'
    if quote in text and other not in text:
        quote = other
    body = text.encode("unicode_escape").decode("ascii").replace(quote, "\\" + quote)
    return f"{quote}{body}{quote}"


def _prose(text: str) -> str:
    """Repository text (a path) made safe inside a docstring or a comment."""
    return text.encode("unicode_escape").decode("ascii").replace('"', '\\"')


def literal(value: object, quote: str = '"') -> str:
    """``value`` as ruff formats a literal."""
    if isinstance(value, str):
        return quoted(value, quote)
    if value is Ellipsis:
        return "..."  # a template's blank to fill
    if isinstance(value, tuple):
        items = [literal(item, quote) for item in value]
        return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"
    return repr(value)


def _call(indent: str, head: str, arguments: list[str], width: int) -> str:
    """``head(arguments)`` split the way ruff splits a line longer than ``width``."""
    flat = f"{indent}{head}({', '.join(arguments)})"
    if len(flat) <= width:
        return flat
    inner = indent + "    "
    joined = f"{inner}{', '.join(arguments)}"
    if len(joined) <= width:
        return f"{indent}{head}(\n{joined}\n{indent})"
    return f"{indent}{head}(\n" + "".join(f"{inner}{a},\n" for a in arguments) + f"{indent})"


def _path_line(root: str, quote: str) -> str:
    here = "Path(__file__).resolve().parents[1]"
    if not root:
        return f"sys.path.insert(0, str({here}))"
    return f"sys.path.insert(0, str({here} / {quoted(root, quote)}))"


def conftest_text(root: str, quote: str = '"') -> str:
    where = f"{_prose(root)}/" if root else "the repository root"
    return (
        f'"""Puts {where} on the tests\' import path (written by repocheck fix)."""\n'
        "\n"
        "import sys\n"
        "from pathlib import Path\n"
        "\n"
        f"{_path_line(root, quote)}\n"
    )


def smoke_test_text(spec: SmokeTest) -> str:
    """The whole ``tests/test_smoke.py``."""
    built = f"The model is built as {_prose(spec.built_at)} builds it.\n" if spec.built_at else ""
    step = ", and one training step must lower the loss" if spec.step else ""
    docstring = (
        f'"""Smoke tests of {spec.model} ({_prose(spec.model_path)}), written by `repocheck fix`.\n'
        "\n"
        f"{built}"
        "A tiny batch goes forward and backward: the batch dimension must hold and every\n"
        f"number must stay finite{step}.\n"
        "Edit freely: repocheck never overwrites this file.\n"
        '"""\n'
    )
    message = quoted("no parameter received a gradient", spec.quote)
    forward_tests = _FORWARD_TESTS.replace('"no parameter received a gradient"', message)
    parts = [_imports(spec), f"BATCH = {BATCH}\n", _factories(spec), forward_tests]
    if spec.step is not None:
        parts.append(_step_test(spec.step))
    # ruff: one blank line after the module docstring, two around top-level definitions.
    return docstring + "\n" + "\n\n".join(parts)


def _imports(spec: SmokeTest) -> str:
    import_line = f"from {spec.module} import {spec.model}"
    if not spec.path_in_test:
        return f"import torch\n\n{import_line}\n"
    return (
        "import sys\nfrom pathlib import Path\n\nimport torch\n\n"
        f"{_path_line(spec.import_root, spec.quote)}\n\n{import_line}  # noqa: E402\n"
    )


def _factories(spec: SmokeTest) -> str:
    arguments = [
        f"{name}={literal(value, spec.quote)}" if keyword else literal(value, spec.quote)
        for name, value, keyword in spec.arguments
    ]
    because = _prose(spec.model_input.because)[:120]
    return (
        "def make_model():\n"
        "    torch.manual_seed(0)\n"
        + _call("    ", f"return {spec.model}", arguments, spec.line_length)
        + "\n"
        "\n\n"
        "def make_input():\n"
        f"    # {because}\n"
        "    torch.manual_seed(1)\n"
        f"    return {spec.model_input.code}\n"
    )


_FORWARD_TESTS = """def test_forward_keeps_the_batch():
    output = make_model()(make_input())
    assert output.shape[0] == BATCH


def test_forward_is_finite():
    output = make_model()(make_input())
    assert torch.isfinite(output).all()


def test_backward_gives_finite_gradients():
    model = make_model()
    model(make_input()).float().sum().backward()
    grads = [p.grad for p in model.parameters() if p.grad is not None]
    assert grads, "no parameter received a gradient"
    assert all(torch.isfinite(grad).all() for grad in grads)
"""

_TARGETS = {
    "classes": "torch.randint(0, sizes[-1], sizes[:-1])",
    "values": "torch.randn(sizes)",
    "probabilities": "torch.rand(sizes)",
}


def _step_test(step: TrainingStep) -> str:
    if step.targets == "classes":
        loss_line = "return loss_fn(output.reshape(-1, sizes[-1]), targets.reshape(-1))"
    else:
        loss_line = "return loss_fn(output, targets)"
    return (
        "def test_one_step_lowers_the_loss():\n"
        "    model = make_model()\n"
        "    model.eval()  # no dropout: before and after the step, one function\n"
        "    inputs = make_input()\n"
        "    with torch.no_grad():\n"
        "        sizes = model(inputs).shape\n"
        f"    targets = {_TARGETS[step.targets]}\n"
        f"    loss_fn = torch.nn.{step.loss}()\n"
        f"    optimizer = torch.optim.{step.optimizer}(model.parameters(), lr={step.lr!r})\n"
        "\n"
        "    def loss():\n"
        "        output = model(inputs)\n"
        f"        {loss_line}\n"
        "\n"
        "    before = loss()\n"
        "    optimizer.zero_grad()\n"
        "    before.backward()\n"
        "    optimizer.step()\n"
        "    with torch.no_grad():\n"
        "        after = loss()\n"
        "    assert after.item() < before.item()\n"
    )
