from __future__ import annotations

from repocheck.analysis.readme_lines import count_words, read_lines
from repocheck.analysis.readme_results import find_results

PROSE = "This project trains an energy-based model with Langevin dynamics on MNIST. " * 3


def test_an_html_comment_is_not_read() -> None:
    # GitHub renders nothing of "<!--- Example console output ... --->": the training log an
    # author hid there is no result the reader sees.
    readme = (
        f"# EBM\n\n{PROSE}\n\n<!---\nExample console output during training:\n\n```\n"
        "INFO:root:Epoch 1/15 | Train Loss: 1.1440 | Val Loss: -2.6497 | Val Acc: 0.8137\n"
        "```\n--->\n\n## Author\n"
    )
    lines = read_lines(readme)
    assert find_results(lines) is None
    assert [line.number for line in lines] == list(range(1, len(readme.splitlines()) + 1))
    assert not any("Val Acc" in line.text for line in lines)
    assert lines[-1].heading == "Author"
    # The same log shown, outside the comment, is a result; so is a line after a one-line
    # comment closed on it.
    shown = readme.replace("<!---\n", "").replace("--->\n", "")
    assert find_results(read_lines(shown)) is not None
    inline = readme.replace("<!---\n", "<!-- hidden -->\n").replace("--->\n", "")
    assert find_results(read_lines(inline)) is not None


def test_chinese_and_japanese_text_counts_words_without_spaces() -> None:
    # A README in Chinese writes no spaces between words: a paragraph of 43 characters is
    # one run of letters, but it says about as much as 22 English words (a word is one
    # or two characters). Latin words and numbers beside it count as before.
    paragraph = (
        "贝叶斯优化是一种用于黑盒函数全局优化的技术。高斯过程常常作为贝叶斯优化过程中的代理模型。"
    )
    assert count_words(paragraph) >= 20
    assert count_words("用 GPyTorch 训练高斯过程") == 1 + 1 + 3
    assert count_words("Bayesian optimisation with a GP") == 5


def test_an_interpreter_named_by_its_quoted_full_path_runs_the_project() -> None:
    # PowerShell runs a program by its quoted path after the call operator, as VS Code's
    # "Run Python File" prints it: `& "C:/Program Files/Python311/python.exe" -m src.train`
    # is how to run, as `python -m src.train` is. The closing quote stood between the
    # interpreter and its arguments.
    from repocheck.analysis.readme_lines import RUN_TEXT

    for line in (
        'to run: & "C:/Program Files/Python311/python.exe" -m src.train',
        "& 'C:\\Python39\\python.exe' train.py",
        '"C:/Users/me/venv/Scripts/python.exe" main.py --epochs 3',
    ):
        assert RUN_TEXT.search(line), line
    # A quoted word "python" in prose, or the setup modules, still run nothing.
    for line in (
        'the word "python" appears twice',
        '& "C:/Python311/python.exe" -m venv .venv',
        '& "C:/Python311/python.exe" -m pip install -r requirements.txt',
    ):
        assert not RUN_TEXT.search(line), line
