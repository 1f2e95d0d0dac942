"""The required command-line arguments of a script, read from its argparse or click calls."""

from __future__ import annotations

from repocheck.analysis.cli_options import required_arguments
from repocheck.analysis.imports import programs
from tests.helpers import snapshot_from


def _shown(source: str) -> list[str] | None:
    [program] = programs(snapshot_from({"run.py": source}))
    found = required_arguments(program)
    return None if found is None else [argument.shown for argument in found]


def test_argparse_positionals_and_required_options_in_order() -> None:
    source = (
        "import argparse\np = argparse.ArgumentParser()\n"
        "p.add_argument('data')\np.add_argument('extra', nargs='?')\n"
        "p.add_argument('--lr', type=float, default=0.1)\n"
        "p.add_argument('-o', '--out_dir', required=True, metavar='FOLDER')\n"
        "p.add_argument('--dry', action='store_true', required=True)\np.parse_args()\n"
    )
    assert _shown(source) == ["<data>", "--out_dir <folder>", "--dry"]


def test_click_arguments_and_required_options() -> None:
    source = (
        "import click\n\n@click.command()\n@click.argument('src')\n"
        "@click.argument('dst', default='out')\n@click.option('--seed', required=True)\n"
        "@click.option('--fast', is_flag=True, required=True)\n"
        "def main(src, dst, seed, fast):\n    pass\n\nmain()\n"
    )
    assert _shown(source) == ["<src>", "--seed <seed>", "--fast"]


def test_a_script_without_a_command_line_needs_no_argument() -> None:
    assert _shown("print('hello')\n") == []


def test_a_command_line_read_another_way_is_unknown() -> None:
    assert _shown("import sys\nprint(sys.argv[1])\n") is None
    assert _shown("import fire\nfire.Fire(lambda x: x)\n") is None
    # The parser is made in another module: its arguments are not declared here.
    assert _shown("import argparse\nfrom opts import parser\nparser.parse_args()\n") is None


def test_what_is_shown_is_one_plain_word() -> None:
    source = (
        "import argparse\np = argparse.ArgumentParser()\n"
        "p.add_argument('src', metavar='```<b>SRC FILE')\np.parse_args()\n"
    )
    assert _shown(source) == ["<b-src-file>"]
    odd_flag = (
        "import argparse\np = argparse.ArgumentParser()\np.add_argument('--a b', required=True)\n"
    )
    assert _shown(odd_flag) is None


def test_a_command_line_of_subcommands_is_unknown() -> None:
    argparse_sub = (
        "import argparse\np = argparse.ArgumentParser()\nsub = p.add_subparsers()\n"
        "train = sub.add_parser('train')\ntrain.add_argument('config')\np.parse_args()\n"
    )
    assert _shown(argparse_sub) is None
    click_group = (
        "import click\n\n@click.group()\ndef cli():\n    pass\n\n"
        "@cli.command()\n@click.argument('config')\ndef train(config):\n    pass\n\ncli()\n"
    )
    assert _shown(click_group) is None


def test_a_required_choice_between_options_is_unknown() -> None:
    source = (
        "import argparse\np = argparse.ArgumentParser()\n"
        "g = p.add_mutually_exclusive_group(required=True)\n"
        "g.add_argument('--train')\ng.add_argument('--eval')\np.parse_args()\n"
    )
    assert _shown(source) is None
    optional = source.replace("required=True", "")
    assert _shown(optional) == []
