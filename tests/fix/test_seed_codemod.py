"""The seeding codemods on module texts: where the call goes, where its seed comes from.

The round trips through real repositories are in test_seeding.py; these pin the choices
the codemods make on their own, and that what they add is laid out as ruff lays it out.
"""

from __future__ import annotations

import subprocess
import sys
from itertools import combinations

import libcst as cst
import pytest

from repocheck.fix.fixers._cst_edit import MAIN, MODULE, Style, function
from repocheck.fix.fixers._flag_codemod import add_deterministic_flag
from repocheck.fix.fixers._seed_codemod import add_seeding
from repocheck.fix.fixers._seed_helper import SEEDABLE, generated_libraries, helper_text

IMPORT = "from seeding import seed_everything"


def _not_local(_: cst.BaseStatement) -> bool:
    return False


def _seeded(text: str, start: tuple[str, str] = MAIN, style: Style | None = None) -> str:
    result = add_seeding(text, start, IMPORT, _not_local, style or Style())
    assert result.text is not None, result.note
    return result.text


def _ruff(*args: str, text: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ruff", *args, "--isolated", "--stdin-filename", "x.py", "-"]
    return subprocess.run(command, input=text, capture_output=True, text=True)


@pytest.mark.parametrize("deterministic", [False, True])
def test_every_helper_is_ruff_formatted_lint_clean_and_recognised(deterministic: bool) -> None:
    for size in range(1, len(SEEDABLE) + 1):
        for libraries in combinations(SEEDABLE, size):
            text = helper_text(libraries, deterministic=deterministic)
            assert _ruff("format", text=text).stdout == text
            lint = _ruff("check", "--select", "E,F,W,I,B,UP,SIM", text=text)
            assert lint.returncode == 0, lint.stdout
            switched = deterministic and "torch" in libraries
            assert generated_libraries(text) == (frozenset(libraries), switched)
    assert generated_libraries(helper_text(["numpy"]) + "# mine\n") is None


def test_a_click_seed_option_is_used_at_the_start_of_the_command() -> None:
    text = (
        "import click\n\n\n"
        "@click.command()\n"
        '@click.option("--seed", default=3)\n'
        "def main(seed: int) -> None:\n"
        '    """Train."""\n'
        "    print(seed)\n\n\n"
        'if __name__ == "__main__":\n'
        "    main()\n"
    )
    seeded = _seeded(text)
    assert '    """Train."""\n    seed_everything(seed)\n    print(seed)\n' in seeded
    assert "SEED" not in seeded


def test_a_click_seed_without_a_number_is_not_trusted() -> None:
    text = (
        "import click\n\n\n"
        "@click.command()\n"
        '@click.option("--seed", default=None)\n'
        "def main(seed: int | None) -> None:\n"
        "    print(seed)\n\n\n"
        'if __name__ == "__main__":\n'
        "    main()\n"
    )
    assert 'if __name__ == "__main__":\n    seed_everything(SEED)\n    main()\n' in _seeded(text)


def test_a_hydra_config_seed_is_used() -> None:
    text = (
        "import hydra\n\n\n"
        '@hydra.main(config_path="conf", config_name="train", version_base=None)\n'
        "def train(cfg) -> None:\n"
        "    print(cfg.seed, cfg.lr)\n\n\n"
        'if __name__ == "__main__":\n'
        "    train()\n"
    )
    seeded = _seeded(text)
    assert "\nSEED = 0\n" in seeded  # for a config whose seed is null
    assert (
        "def train(cfg) -> None:\n    seed_everything(SEED if cfg.seed is None else cfg.seed)\n"
        in seeded
    )


def test_a_parse_at_import_time_seeds_at_the_start_of_the_main_block() -> None:
    text = (
        "import argparse\n\n"
        "parser = argparse.ArgumentParser()\n"
        'parser.add_argument("--seed", type=int, default=1, dest="random_seed")\n'
        "args = parser.parse_args()\n\n"
        'if __name__ == "__main__":\n'
        "    print(args)\n"
    )
    seeded = _seeded(text)
    assert seeded.count("--seed") == 1  # the option it has is used, with its dest
    assert 'if __name__ == "__main__":\n    seed_everything(args.random_seed)\n' in seeded


def test_an_existing_seed_constant_is_used_and_kept() -> None:
    text = 'import random\n\nSEED = 42\n\nif __name__ == "__main__":\n    print(random.random())\n'
    seeded = _seeded(text)
    assert seeded.count("SEED =") == 1 and "    seed_everything(SEED)\n" in seeded


def test_a_seed_name_bound_to_something_else_is_a_note() -> None:
    text = 'SEED = "abc"\n\nif __name__ == "__main__":\n    print(SEED)\n'
    result = add_seeding(text, MAIN, IMPORT, _not_local, Style())
    assert result.text is None and "SEED" in result.note


def test_a_seed_everything_of_its_own_is_a_note() -> None:
    text = "from lightning import seed_everything\n\nprint(1)\n"
    result = add_seeding(text, MODULE, IMPORT, _not_local, Style())
    assert result.text is None and "seed_everything" in result.note


def test_long_options_are_wrapped_as_ruff_wraps_them() -> None:
    text = (
        "import argparse\n\n\n"
        "def main() -> None:\n"
        "    a_rather_long_parser_name_for_this = argparse.ArgumentParser()\n"
        "    args = a_rather_long_parser_name_for_this.parse_args()\n"
        "    print(args)\n"
    )
    seeded = _seeded(text, function("main"), Style(line_length=79))
    assert "    a_rather_long_parser_name_for_this.add_argument(\n" in seeded
    assert _ruff("format", "--line-length", "79", text=seeded).stdout == seeded
    flagged = add_deterministic_flag(seeded, IMPORT, Style(line_length=79))
    assert flagged is not None and '"--deterministic",\n' in flagged
    assert _ruff("format", "--line-length", "79", text=flagged).stdout == flagged


def test_crlf_files_and_single_quotes_are_kept() -> None:
    text = (
        "import argparse\r\n\r\n"
        "if __name__ == '__main__':\r\n"
        "    parser = argparse.ArgumentParser()\r\n"
        "    args = parser.parse_args()\r\n"
    )
    seeded = _seeded(text, style=Style(quote="'"))
    assert "\n" not in seeded.replace("\r\n", "")
    assert "parser.add_argument('--seed', type=int, default=0, help='random seed')" in seeded


def test_the_flag_is_never_handed_to_a_seed_everything_of_another_library() -> None:
    text = (
        "import argparse\n\n"
        "from lightning import seed_everything\n\n"
        "parser = argparse.ArgumentParser()\n"
        'parser.add_argument("--seed", type=int, default=0)\n'
        "args = parser.parse_args()\n"
        "seed_everything(args.seed)\n"
    )
    assert add_deterministic_flag(text, IMPORT, Style()) is None
    mine = text.replace("from lightning import", "from seeding import")
    flagged = add_deterministic_flag(mine, IMPORT, Style())
    assert flagged is not None
    assert "seed_everything(args.seed, deterministic=args.deterministic)\n" in flagged


def test_a_module_libcst_cannot_read_is_a_note_not_an_error() -> None:
    result = add_seeding("def broken(:\n    pass\n", MODULE, IMPORT, _not_local, Style())
    assert result.text is None and "libcst cannot edit it" in result.note
    assert add_deterministic_flag("def broken(:\n", IMPORT, Style()) is None


def test_a_namespace_spread_into_a_call_gets_no_new_option() -> None:
    text = (
        "import argparse\n\n\n"
        "def train(epochs: int) -> None:\n"
        "    print(epochs)\n\n\n"
        'if __name__ == "__main__":\n'
        "    parser = argparse.ArgumentParser()\n"
        '    parser.add_argument("--epochs", type=int, default=1)\n'
        "    args = parser.parse_args()\n"
        "    train(**vars(args))\n"
    )
    seeded = _seeded(text)
    assert "--seed" not in seeded
    assert 'if __name__ == "__main__":\n    seed_everything(SEED)\n' in seeded


def test_new_options_take_the_quotes_of_the_options_around_them() -> None:
    text = (
        "import argparse\n\n"
        "parser = argparse.ArgumentParser()\n"
        "parser.add_argument('--lr', type=float)\n"
        "args = parser.parse_args()\n"
    )
    seeded = _seeded(text, MODULE)
    assert "parser.add_argument('--seed', type=int, default=0, help='random seed')\n" in seeded
    forced = _seeded(text, MODULE, Style(quote='"'))
    assert 'parser.add_argument("--seed", type=int, default=0, help="random seed")\n' in forced


def test_a_seed_option_under_another_name_is_used() -> None:
    text = (
        "import argparse\n\n"
        'if __name__ == "__main__":\n'
        "    parser = argparse.ArgumentParser()\n"
        '    parser.add_argument("--manualSeed", type=int, default=999)\n'
        "    opt = parser.parse_args()\n"
    )
    seeded = _seeded(text)
    assert "--seed" not in seeded and "    seed_everything(opt.manualSeed)\n" in seeded


def test_a_seed_option_that_may_be_none_falls_back_to_a_constant() -> None:
    text = (
        "import argparse\n\n"
        'if __name__ == "__main__":\n'
        "    parser = argparse.ArgumentParser()\n"
        '    parser.add_argument("--seed", type=int)\n'
        "    args = parser.parse_args()\n"
    )
    seeded = _seeded(text)
    assert "\nSEED = 0\n" in seeded
    assert "    seed_everything(SEED if args.seed is None else args.seed)\n" in seeded
    assert add_deterministic_flag(seeded, IMPORT, Style()) is None  # the helper's default holds
