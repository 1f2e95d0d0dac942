"""Where a README shows the project's results: a results heading, a metric with its value,
a table, a picture below the first paragraphs, what a code block prints, or the text the
README says the model generates. A paper's claims quoted ("Smith et al. report 94%") are not
the project's results.
"""

from __future__ import annotations

import ast
import re
import textwrap
from itertools import pairwise

from repocheck.analysis.readme_lines import (
    FENCE,
    HEADING_MD,
    INSTALL_TEXT,
    RUN_TEXT,
    TREE_CHARS,
    UNCHECKED_TASK,
    USEFUL_WORDS,
    Line,
    closes,
)
from repocheck.patterns import compile_on_use

# Every pattern here runs on repository text and must take linear time: no two quantifiers
# that can match the same characters side by side, no match that can start again at every
# character of a long run (tests/hostile/test_patterns.py times them on pathological lines).
# "## Latest results", "## Final results": one word before says which results they are;
# "## Sample results", "## Example results": a few of them shown (rows of the predictions).
# "## Test set results", "## Validation results": which split they were measured on.
# "## Showcase", "## Gallery": what a generative model made, shown under the heading.
# "## 4. Results", "### V. Some results": a section's number (Arabic, or Roman up to XV)
# before it, then a dot or a parenthesis.
_SECTION_NUMBER = r"(?:(?:\d{1,2}(?:\.\d{1,2}){0,3}|[IVX]{1,4})[.)]\s+)?"
_RESULTS_HEADING = compile_on_use(
    r"^"
    + _SECTION_NUMBER
    + r"((?:(?:latest|final|our|my|main|key|current|experimental|sample|example|some|test\s+set|test"
    r"|validation)\s+)?(results?|performance|evaluation|benchmarks?|metrics|scores?|leaderboard|findings"
    r"|outcomes?|(generated\s+)?samples|sample\s+(outputs?|images?|generations?)"
    r"|generated\s+(text|images?|audio|samples?)|qualitative|showcase|gallery)\b"
    r"|效果|结果|結果|实验结果|實驗結果|性能|결과|성능"
    # The same in Spanish, Portuguese, French, Italian, German and Indonesian, one word
    # before it at most ("Los resultados", "Contoh Hasil Rekomendasi": example results).
    r"|(?:\w+\s+)?(?:resultados?|r[ée]sultats?|risultati|ergebnisse?|hasil)\b)",
    re.IGNORECASE,
)
#: A heading's leading emoji or symbols ("📊 Results"), which say nothing of what it names.
_LEADING_SYMBOLS = compile_on_use(r"^[^\w\s]+\s*")


def _heading_words(heading: str) -> str:
    """The heading without its leading emoji or symbols."""
    return _LEADING_SYMBOLS.sub("", heading, count=1)


# "## inference: GPT-4 comparison", "## Comparison with baselines": a comparison shows what
# came out even where there is no accuracy to report (a tokenizer matching tiktoken's output).
_COMPARISON_HEADING = compile_on_use(r"\b(comparisons?|compared\s+(to|with))\b", re.IGNORECASE)
_METRIC = compile_on_use(
    r"\b(accuracy|acc|loss|f1(-score)?|bleu|rouge(-\w+)?|perplexity|ppl|auc|roc[- ]auc|iou"
    r"|dice|precision|recall|rmse|mae|mse|r2|r²|wer|cer|top-?[15]|psnr|ssim|fid|ndcg|mrr"
    r"|error rate|log-?prob\w*|log-?likelihood|nll|bits/dim|bpd|elbo|cross-?entropy"
    # A clustering's scores: what an unsupervised project reports.
    r"|silhouette|calinski[- ]harabasz|davies[- ]bouldin|adjusted rand|nmi"
    # A judge's or a benchmark's score, named as a measured one ("average normalised score").
    # "Our final model's score is 0.42": the model between the word and the score.
    r"|(?:average|mean|overall|normali[sz]ed|final)\s+(?:model(?:['’]s)?\s+)?scores?"
    # A forecast's error, as percentages (mean absolute percentage error, its variants).
    r"|s?mape|wmape"
    # The same measures named in a README written in Spanish, Portuguese, French, Italian or
    # German ("alcanza una precisión general del 94.50%", "acurácia de 91%").
    r"|precisión|precisão|précision|precisione|exactitude?|exatidão|acur[áa]cia|accuratezza"
    r"|genauigkeit)\b"
    r"|(?-i:\bmAP\b)",
    re.IGNORECASE,
)
# "**Target Accuracy:** >95%", "Goal accuracy of 90%", "accuracy target: 92%": what a plan
# aims for (a course project's README before its notebook exists), not what came out.
_TARGET = compile_on_use(
    r"\b(?:target|goal)\s+(?:" + _METRIC.pattern + r")|\b(?:accuracy|f1|score|performance)"
    r"\s+(?:target|goal)\b",
    re.IGNORECASE,
)
# "## Loss Function", "## Dice loss implementation": a section saying what is computed,
# not what came out.
_DEFINES_METRIC = compile_on_use(r"\b(functions?|implementation|definition|formula)\b", re.I)
#: Starts only where a number starts, so a long run of digits is scanned once, not per digit.
#: A percent sign may carry Markdown's escape ("83\%", kept from a LaTeX report), which
#: GitHub renders as "83%"; the escape is matched the same way in the patterns below.
_NUMBER = compile_on_use(r"(?<!\d)(?:\d+(\.\d+)?\s*\\?%|\d*\.\d+)")
#: What sets values rather than reports them, beside the metric they are tuned for: a share
#: of the data ("the first 90% of the training data") and an assignment quoted as code
#: ("`candidate_lrs = [0.1, 0.01]`").
_SETTINGS = compile_on_use(
    r"(?<![\d.])\d+(\.\d+)?\s*\\?%\s+of\s+(the\s+|each\s+|all\s+)?([\w-]+\s+){0,2}?"
    r"(data(set)?|samples|rows|records|images|examples|instances|engines|set|split)\b"
    r"|`[^`\n]*?\b\w+\s*=(?!=)[^`\n]*`",
    re.IGNORECASE,
)
# "error" alone is too common in prose; "test error 2.3%" or "2.3% error" is a result.
_ERROR_RATE = compile_on_use(
    r"\berror\b[^\n%]{0,20}?\d+(\.\d+)?\s*\\?%|(?<!\d)\d+(\.\d+)?\s*\\?%\s*error\b", re.I
)
# In a code block, a printed metric has its value right after it: "loss 0.231", "logprob ~1.92".
_PRINTED_METRIC = compile_on_use(
    # Each optional part takes its own trailing spaces: "\s*[:=]?\s*" side by side backtracks
    # cubically on a metric followed by a long run of spaces.
    r"(" + _METRIC.pattern + r")\s*(?:[:=]\s*)?(?:(?:is|of)\s+)?(?:[~≈]\s*)?"
    r"-?(\d+\.\d+|\d*\.\d+|\d+\s*\\?%)",
    re.IGNORECASE,
)
# A command or a line of code: its numbers are arguments (--lr 0.001, loss = 0.5 * mse). A
# line starting with an option ("--epochs  number of epochs (default: 10)") documents one.
_COMMAND_LINE = compile_on_use(
    r"^\s*(\$|>>>|!|%|python|pip|bash|sh\b|\./|accelerate|torchrun|--[a-z])|\s--?[a-z]"
    r"|^\s*[\w.\[\]'\"]+\s*[-+*/]?=(?!=)",
    re.I,
)
# "**Results**: k=3 was picked", "- *Performance:* 93%": a bold label that stands for a
# results heading, and a number after it. Without one ("**Results**: coming soon") it promises.
_RESULTS_LABEL = compile_on_use(r"^\s*(?:[-*+]\s+)?(\*\*|__|\*|_)([^*_]{1,40})\1\s*:?")
# What sits under these headings is about the licence, the paper or the project's people.
_NOT_RESULTS = compile_on_use(
    r"^(licen[cs]e|citation|cite|citing|bibtex|references?|acknowledge?ments?|contribut\w*"
    r"|authors?|credits?|related work|papers?)\b",
    re.IGNORECASE,
)
# A paper's claims quoted in a README are not what this project measured.
# "Our paper reports 94%" is a research repository's own result; "Smith et al." is not.
_CITED = compile_on_use(
    r"\bet al\b|\barxiv\b|\b(original|their|the authors')\s+paper\b|\bthe authors\b"
    r"|\breported\s+(in|by)\b|\baccording to\b",
    re.I,
)
# GitHub renders an unquoted src (`<img src=Images/results.png>`) as well as a quoted one.
_IMAGE = compile_on_use(
    r"!\[[^\[\]]*\]\(\s*([^)\s]+)|<img\b[^<>]*\bsrc=(?:[\"']([^\"']+)|([^\"'\s<>]+))"
    r"|^\s*\.\.\s+(?:image|figure)::\s*(\S+)",
    re.IGNORECASE,
)
# Badges and logos decorate a README; they show no result.
_DECORATION = compile_on_use(r"shields\.io|badge|badgen|codecov|travis-ci|colab|binder", re.I)
_LOGO = compile_on_use(r"logo", re.I)
# A picture whose alt text or file name says it shows a result ("![Result](logos/result.png)",
# "demo.gif") is one, even where the author keeps it in a folder named for logos.
_ALT_TEXT = compile_on_use(r"!\[([^\[\]]*)\]|<img\b[^<>]*\balt=[\"']([^\"']*)", re.I)
_NAMED_RESULT = compile_on_use(
    r"(?<![a-z])(results?|outputs?|demo|predictions?|answers?)(?![a-z])", re.I
)
# A picture of the method ("![Autoencoder: schema](.../autoencoder_schema.jpg)",
# "architecture.png") explains how the project works, not what came out of it; one of the
# project's layout ("![Folder Structure Image](custom_img/root.jpg)", "directory_tree.png")
# shows how the code is kept.
_DIAGRAM = compile_on_use(
    r"(?<![a-z])(schemas?|schematics?|architectures?|diagrams?|flow\s?charts?|overview"
    r"|pipeline|workflow"
    r"|(folders?|director(y|ies)|project|files?|repo(sitory)?)[\s_-]*(structure|tree|layout))"
    r"(?![a-z])",
    re.I,
)
# A section about the data ("### Data Exploration", "## Dataset", "## EDA") pictures the input
# ("I plotted the total sales of each date"), not what the project got out of it. So does one
# headed so in a README written in Portuguese, Spanish, French, Italian or German, the
# languages whose metric names are read above ("## 3) Análise exploratória", "## Datos",
# "## Analyse exploratoire des données"), accents written or not.
_DATA_SECTION = compile_on_use(
    r"^(\d+(\.\d+)*[.)]?\s+)?(the\s+|les\s+|los\s+|os\s+|i\s+)?"
    r"(data(sets?)?|data\s+(exploration|overview|description)"
    r"|exploring\s+the\s+data|exploratory\s+(data\s+)?analysis|eda"
    r"|dados|datos|donn[ée]es|dati|daten(satz|s[äa]tze|exploration|analyse)?"
    r"|(conjunto|base)\s+de\s+(dados|datos)|jeu\s+de\s+donn[ée]es"
    r"|an[áa]lise\s+explorat[óo]ria(\s+de\s+dados|\s+dos\s+dados)?"
    r"|an[áa]lisis\s+exploratorio(\s+de\s+(los\s+)?datos)?"
    r"|analyse\s+exploratoire(\s+des\s+donn[ée]es)?"
    r"|analisi\s+esplorativa(\s+dei\s+dati)?|explorative\s+datenanalyse"
    r"|explora[çc][ãa]o\s+(de\s+|dos\s+)?dados|exploraci[óo]n\s+de\s+(los\s+)?datos"
    r"|exploration\s+des\s+donn[ée]es|esplorazione\s+dei\s+dati)"
    r"(\s+\((eda|aed)\))?$",
    re.IGNORECASE,
)
#: A Markdown or grid table's rule line, matched on the stripped line (GitHub takes one hyphen
#: a cell: ``--|--|--``).
_TABLE_RULE = compile_on_use(r"^\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?$|^\+(?:-+\+){2,}$")
#: A reStructuredText simple table's rule, on the stripped line: a run of "=" a column, two
#: columns at the least (one run is a title's underline).
_SIMPLE_TABLE_RULE = compile_on_use(r"^=+(?:[ \t]+=+)+$")


def _shows_picture(line: Line, saved: frozenset[str] = frozenset()) -> bool:
    # A picture above the first paragraphs is a banner; one further down shows something.
    # One whose alt text or name says it shows a result ("![demo](learned_density.gif)" under
    # the README's first sentence) is one wherever it stands, and so is one the project's code
    # saves (``plt.savefig("example.png")`` under a short README's "see example.py"), unless
    # it pictures the method.
    image = _IMAGE.search(line.text)
    if not image or _DECORATION.search(line.text):
        return False
    if line.words_before < USEFUL_WORDS:
        return _named_result(line.text, image) or _saved_plot(line.text, image, saved)
    if _LOGO.search(line.text) or _DATA_SECTION.match(line.section.strip()):
        return _named_result(line.text, image)
    if any(_DIAGRAM.search(name) for name in _picture_names(line.text, image)):
        return _named_result(line.text, image)
    return True


def _picture_names(text: str, image: re.Match[str]) -> list[str]:
    """A picture's file name and its alt text."""
    alt = _ALT_TEXT.search(text)
    target = next(group for group in image.groups() if group is not None)
    return [target.rsplit("/", 1)[-1]] + ([alt.group(1) or alt.group(2) or ""] if alt else [])


def _named_result(text: str, image: re.Match[str]) -> bool:
    return any(_NAMED_RESULT.search(name) for name in _picture_names(text, image))


def _saved_plot(text: str, image: re.Match[str], saved: frozenset[str]) -> bool:
    """The picture is a file the project's code saves, and no diagram of the method."""
    names = _picture_names(text, image)
    name = names[0].split("?", 1)[0].lower()
    return name in saved and not any(_DIAGRAM.search(part) for part in names)


def _shows_result(
    lines: list[Line], index: int, *, pictures: bool = True, saved: frozenset[str] = frozenset()
) -> bool:
    line = lines[index]
    if line.heading:  # "## Results", "## Accuracy"; not a roadmap's "## Evaluation" to do
        return not line.planned and bool(
            (_RESULTS_HEADING.match(_heading_words(line.heading)) and _heading_shows(lines, index))
            or (_METRIC.match(line.heading) and not _DEFINES_METRIC.search(line.heading))
            or (_COMPARISON_HEADING.search(line.heading) and _comparison_shows(lines, index))
        )
    if _CITED.search(line.text) or _NOT_RESULTS.match(line.section):
        return False
    if not line.in_code and _TARGET.search(line.text):
        return False
    # "- [ ] Validate model accuracy ~99.77%": a step of a to-do list still to take (often the
    # paper's figure to match), not what came out; a ticked item may report a result.
    if not line.in_code and UNCHECKED_TASK.match(line.text):
        return False
    if line.in_code:
        return not _COMMAND_LINE.search(line.text) and _printed_metric(line.text)
    if _labelled_result(line.text) or _label_over_values(lines, index):
        return True
    if _METRIC.search(line.text) and _NUMBER.search(
        _METRIC.sub(" ", _SETTINGS.sub(" ", line.text))
    ):
        return True
    if _ERROR_RATE.search(line.text):
        return True
    if pictures and _shows_picture(line, saved):
        return True
    following = lines[index + 1].text if index + 1 < len(lines) else ""
    is_table = "|" in line.text and bool(_TABLE_RULE.match(following.strip()))
    if is_table and _cited_above(lines, index):
        return False
    if _simple_table_header(lines, index):
        return _table_measures(lines, index, simple=True)
    return is_table and _table_measures(lines, index)


# "## Evaluation", "## Metrics", "## Evaluation metrics": a heading that may name how the
# project is measured as well as what came out.
_PROCEDURE_HEADING = compile_on_use(
    r"^"
    + _SECTION_NUMBER
    + r"(model\s+)?(evaluation|metrics)(\s+(metrics|protocol|procedure|methodology))?$",
    re.I,
)
#: A numbered step's marker ("1. Run ..."), whose digit is no value.
_LIST_NUMBER = compile_on_use(r"^\s*\d+[.)]\s")
#: A link or a picture: a section pointing at a report, a plot or a results file.
_POINTER = compile_on_use(r"\]\(|<img\b|<a\b", re.I)


#: A whole number set beside a name ("F-beta Score (β=2)", "k=5"): a setting, no value that
#: came out ("val_acc=0.93" keeps its value). It starts only where a word starts, so a long
#: word is scanned once.
_SETTING_VALUE = compile_on_use(r"(?<!\w)[^\W\d]\w*\s*=\s*\d+(?![\d.%])")
#: The number of folds of a cross-validation ("5-fold", "10 fold", "3–fold"): a setting of the
#: procedure, no value that came out.
_FOLDS = compile_on_use(r"(?<![\w.])\d+[\s\-\u2010-\u2013]?fold\b", re.I)
#: How many things the authors built or scored ("We train 13 binary classifiers", "we
#: compare 4 models"): a count of the procedure's parts. "We reach 13" keeps its value.
_COUNTED_PARTS = compile_on_use(
    r"\b(?:we|i)\s+(?:train|fit|build|compare|evaluate|test|use)\s+\d+(?![\d.,%])", re.I
)


def _heading_shows(lines: list[Line], index: int) -> bool:
    """A results heading counts; one that may name the procedure ("## Evaluation" over "runs
    after each epoch and reports CER and WER") counts only over some value: a number in its
    text, a link or a picture, or a printed metric, before the next heading. Its subsections'
    results count on their own lines. A number is written in decimal digits: the superscript
    of a metric's name ("R²", "m²") and the digit in one ("F1", "Top-5") are no value, nor
    the number of folds a cross-validation takes ("5-fold") or of the models the authors
    train ("We train 13 binary classifiers")."""
    if not _PROCEDURE_HEADING.match(_heading_words(lines[index].heading.strip())):
        return _section_shows(lines, index)
    for line in lines[index + 1 :]:
        if line.heading:
            return False
        if line.in_code:
            if _printed_metric(line.text):
                return True
            continue
        # The digit of a metric's name ("F1-score", "Top-5") is no value either, nor its
        # setting ("F-beta Score (β=2)").
        text = _SETTING_VALUE.sub(" ", _METRIC.sub(" ", _LIST_NUMBER.sub("", line.text)))
        text = _COUNTED_PARTS.sub(" ", _FOLDS.sub(" ", text))
        if any(character.isdecimal() for character in text) or _POINTER.search(text):
            return True
    return False


#: Words naming what a run is measured by, beside the metrics' own names.
_MEASURES = compile_on_use(r"\b(metrics?|performance|scores?)\b", re.IGNORECASE)
#: A share written out in words ("close to one hundred percent", "ninety-five per cent"):
#: a value as much as "99%" is.
_SPELLED_PERCENT = compile_on_use(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|hundred)[\s-]per\s?cent\b",
    re.IGNORECASE,
)


def _section_shows(lines: list[Line], index: int) -> bool:
    """A results heading ("## Results") counts unless its section speaks of measures and
    gives none: prose naming metrics or performance ("achieves emotion classification ...
    with performance metrics tracked during training") with no number (in digits, or a share
    in words: "one hundred percent"), table, picture, link or code block before the next
    heading. It promises a value it does not show. A section
    of other words ("very good", "See the report.") stays the author's result; a heading
    right over its subsections still counts, their results on their own lines."""
    measures = False
    unfilled = -1
    for number in range(index + 1, len(lines)):
        line = lines[number]
        if line.heading:
            break
        if number <= unfilled:
            continue
        text = _LIST_NUMBER.sub("", line.text)
        if "|" in text and not line.in_code and (end := _unfilled_table(lines, number)):
            unfilled, measures = end, True  # "| Val PSNR |" over rows of "—": still to come
            continue
        if line.in_code or "|" in text or "<table" in text.lower() or _POINTER.search(text):
            return True
        if any(character.isdecimal() for character in text) or _IMAGE.search(text):
            return True
        if _SPELLED_PERCENT.search(text):
            return True
        measures = measures or bool(_METRIC.search(text) or _MEASURES.search(text))
    return not measures


def _unfilled_table(lines: list[Line], header: int) -> int | None:
    """The last line of the Markdown table whose header is at ``header`` when that header
    names metrics and every row holds a placeholder under them; None for any other line."""
    following = lines[header + 1].text.strip() if header + 1 < len(lines) else ""
    if not _TABLE_RULE.match(following) or not _METRIC.search(lines[header].text):
        return None
    rows = _rows(lines, header)
    return header + 1 + len(rows) if _metric_columns_empty(lines[header], rows) else None


def _comparison_shows(lines: list[Line], index: int) -> bool:
    """A comparison heading counts over something that came out: a code block (a tokenizer's
    output beside tiktoken's), a number, a link or a picture before the next heading. Over
    only prose and tables without a value ("| Merge Strategy | Most frequent pair |") it
    compares designs, not results, and over the commands that run the comparison or open its
    notebook (``python compare.py``, a block fenced as shell) it says how to get one. A
    Markdown heading right over its subsections counts over what they show; one whose levels
    are not read still counts."""
    seen_text = False
    heading = lines[index].text
    typed = False  # inside a block of commands to type or of a file's content
    for number in range(index + 1, len(lines)):
        line = lines[number]
        if line.heading:
            if seen_text:
                return False
            return not _deeper(heading, line.text) or _subsections_show(lines, number, heading)
        if line.in_code:
            typed, shown = _read_code_line(line, typed)
            if shown:
                return True
            continue
        text = _LIST_NUMBER.sub("", line.text)
        if any(character.isdecimal() for character in text) or _POINTER.search(text):
            return True
        seen_text = seen_text or bool(text.strip())
    return not seen_text


def _deeper(heading: str, following: str) -> bool:
    """Both are Markdown ``#`` headings and ``following`` opens a part of ``heading``."""
    return bool(HEADING_MD.match(heading) and HEADING_MD.match(following)) and not closes(
        heading, following
    )


def _read_code_line(line: Line, typed: bool) -> tuple[bool, bool]:
    """(whether the lines after it sit in a block of commands to type or of a file, whether
    it shows something that came out): a fence opens or closes such a block; a code line
    shows something when it is no command and sits in no such block."""
    if FENCE.match(line.text):
        return not typed and bool(_INPUT_FENCE.match(line.text)), False
    return typed, not typed and not any(pattern.search(line.text) for pattern in _COMMANDS)


_COMMANDS = (_COMMAND_LINE, INSTALL_TEXT, RUN_TEXT)


def _subsections_show(lines: list[Line], start: int, heading: str) -> bool:
    """The subsections from ``lines[start]`` to the end of ``heading``'s section show a value:
    a code line that is not a command, a number that is neither a list's nor a setting's, a
    link or a picture."""
    typed = False
    for line in lines[start + 1 :]:
        if line.heading and closes(heading, line.text):
            return False
        if line.heading:
            continue
        if line.in_code:
            typed, shown = _read_code_line(line, typed)
            if shown:
                return True
            continue
        text = _SETTING_VALUE.sub(" ", _METRIC.sub(" ", _LIST_NUMBER.sub("", line.text)))
        text = _COUNTED_PARTS.sub(" ", _FOLDS.sub(" ", text))
        if any(character.isdecimal() for character in text) or _POINTER.search(text):
            return True
        if _IMAGE.search(line.text):
            return True
    return False


def _cited_above(lines: list[Line], header: int) -> bool:
    """A table the line above it says is quoted ("From the original paper (GSM8K dataset):"):
    the paper's numbers, not this project's."""
    for line in reversed(lines[max(0, header - 3) : header]):
        if line.heading or line.in_code:
            return False
        if line.text.strip():
            return bool(_CITED.search(line.text))
    return False


def _simple_table_header(lines: list[Line], index: int) -> bool:
    """A reStructuredText simple table's header: a line between its first two rules."""
    if index == 0 or index + 1 >= len(lines) or _is_simple_rule(lines[index]):
        return False
    return _is_simple_rule(lines[index - 1]) and _is_simple_rule(lines[index + 1])


def _is_simple_rule(line: Line) -> bool:
    return bool(_SIMPLE_TABLE_RULE.match(line.text.strip()))


def _labelled_result(text: str) -> bool:
    label = _RESULTS_LABEL.match(text)
    if not label or not _RESULTS_HEADING.match(label.group(2).strip().rstrip(":")):
        return False
    return any(character.isdecimal() for character in text[label.end() :])


def _label_over_values(lines: list[Line], index: int) -> bool:
    """A line saying only "Latest results:": a heading in all but its markup. It shows results
    when the block right below it holds a value outside a command (a demo's session: its
    prompt, then "x wins: 60.10%"), a link or a picture."""
    text = lines[index].text.strip()
    if not text.endswith(":") or len(text) > 40:
        return False
    label = _RESULTS_HEADING.match(text[:-1].strip())
    if not label or label.end() != len(text[:-1].strip()):
        return False
    block = _block_below(lines, index)
    return any(
        (_NUMBER.search(line.text) and not _COMMAND_LINE.search(line.text))
        or _POINTER.search(line.text)
        or _IMAGE.search(line.text)
        for line in block
    )


def _block_below(lines: list[Line], index: int) -> list[Line]:
    """The paragraph, list or fenced code block right below ``lines[index]``, blank lines
    between aside; none where a heading comes first. A block is read to its end or to
    ``_MAX_OUTPUT_LINES``."""
    start = index + 1
    while start < len(lines) and not lines[start].text.strip():
        start += 1
    if start >= len(lines) or lines[start].heading:
        return []
    fenced = lines[start].in_code and bool(FENCE.match(lines[start].text))
    block: list[Line] = []
    for line in lines[start + 1 if fenced else start : start + 1 + _MAX_OUTPUT_LINES]:
        if fenced and FENCE.match(line.text) and line.in_code:
            break
        if not fenced and (not line.text.strip() or line.heading):
            break
        block.append(line)
    return block


#: Rows of a table read for a measured value; a results table shows one in its first rows.
_TABLE_ROWS = 30


#: A number in a table's row, not a version's ("VQA v2.0", "Python3.8"): no letter before it.
_TABLE_NUMBER = compile_on_use(r"(?<![\dA-Za-z])(?:\d+(\.\d+)?\s*\\?%|\d*\.\d+)")
# "### Hyperparameters", "## Training Setup": a table there holds what a run was given
# ("| Learning Rate | 1e-4 |"), not what came out of it.
_SETTINGS_SECTION = compile_on_use(
    r"^(\d+[.)]?\s+)?((training|model|default|experimental)\s+)?(hyper-?\s?parameters?"
    r"|parameters|configurations?|config|settings|set-?up)(\s+used)?$",
    re.IGNORECASE,
)
#: A cell waiting for its value: "-", "—", "TBD", "n/a", "?", "...".
_PLACEHOLDER = compile_on_use(r"^(?:[-–—?.…]*|tb[ad]|n/?a|to\s?do)$", re.IGNORECASE)


def _rows(lines: list[Line], header: int, *, simple: bool = False) -> list[Line]:
    """The first rows of the table whose header is at ``header``: up to a line without a
    ``|`` (or, in a ``simple`` reStructuredText table, its closing rule)."""
    rows: list[Line] = []
    for line in lines[header + 2 : header + 2 + _TABLE_ROWS]:
        if _is_simple_rule(line) if simple else "|" not in line.text:
            break
        rows.append(line)
    return rows


def _table_measures(lines: list[Line], header: int, *, simple: bool = False) -> bool:
    """A table of results: a metric in its header ("| Model | Accuracy |") or a measured
    number in a row (93.02%, 1.5 h). A table of design choices or of links to assignments
    shows nothing the project measured, and a Markdown table whose metric columns hold only
    dashes or "TBD" shows none yet. A ``simple`` (reStructuredText) table's rows end at its
    closing rule."""
    rows = _rows(lines, header, simple=simple)
    if _METRIC.search(lines[header].text):
        return simple or not _metric_columns_empty(lines[header], rows)
    if _SETTINGS_SECTION.match(lines[header].section.strip()):
        return False
    return any(_TABLE_NUMBER.search(line.text) or _ERROR_RATE.search(line.text) for line in rows)


#: A table's first column naming what a run is given ("| Argument | Default | Description |"),
#: or a column of defaults: options documented, not results.
_OPTION_COLUMN = compile_on_use(
    r"^(?:(?:command[- ]line\s+)?(?:arguments?|options?|flags?|switch(?:es)?)"
    r"|(?:hyper-?\s?)?parameters?|settings?|(?:config(?:uration)?\s+)?keys?"
    r"|(?:environment\s+)?variables?|defaults?(?:\s+values?)?)$",
    re.IGNORECASE,
)


def _option_tables(lines: list[Line]) -> set[int]:
    """The lines of each Markdown table documenting options ("| Argument | Default |
    Description |" over "| `--kl_weight` | `1.0` | Max weight on the KL term of the ELBO |"):
    its values are what a run is given, even beside a metric's name. A column naming a metric
    makes it a table of results again ("| Setting | Accuracy |")."""
    found: set[int] = set()
    for number, line in enumerate(lines[:-1]):
        if number in found or "|" not in line.text or line.in_code:
            continue
        if not _TABLE_RULE.match(lines[number + 1].text.strip()) or _METRIC.search(line.text):
            continue
        cells = _cells(line)
        if not (
            _OPTION_COLUMN.match(cells[0])
            or any(cell.lower() in ("default", "defaults", "default value") for cell in cells[1:])
        ):
            continue
        end = number + 2
        while end < len(lines) and "|" in lines[end].text:
            end += 1
        found.update(range(number, end))
    return found


def _cells(line: Line) -> list[str]:
    """A Markdown table row's cells, their emphasis and code marks aside."""
    return [cell.strip(" *_`") for cell in line.text.strip().strip("|").split("|")]


def _metric_columns_empty(header: Line, rows: list[Line]) -> bool:
    """Whether every row holds a placeholder under each column the header names a metric."""
    columns = [i for i, cell in enumerate(_cells(header)) if _METRIC.search(cell)]
    cells = [
        row_cells[i]
        for row in rows
        if columns and len(row_cells := _cells(row)) > max(columns)
        for i in columns
    ]
    return bool(cells) and all(_PLACEHOLDER.match(cell) for cell in cells)


def _printed_metric(text: str) -> bool:
    return bool(_PRINTED_METRIC.search(text) or _ERROR_RATE.search(text))


def find_results(lines: list[Line], saved: frozenset[str] = frozenset()) -> Line | None:
    """The line that best shows a result. A picture is the weakest sign (it may be the
    paper's architecture diagram), so it is the evidence only where nothing else shows one:
    a results section further down is what a reader should be pointed at. ``saved`` names the
    pictures the project's code saves."""
    pending = _pending_sections(lines) | _option_tables(lines)
    shown = [i for i in range(len(lines)) if i not in pending]
    found = next((lines[i] for i in shown if _shows_result(lines, i, pictures=False)), None)
    found = found or _printed_output(lines) or _generated_text(lines)
    return found or next((lines[i] for i in shown if _shows_result(lines, i, saved=saved)), None)


# "Still Training Now", "coming soon", "TBD": what a results section says before there is one.
_PENDING = compile_on_use(
    r"\b(coming\s+soon|tb[ad]|to-?do|wip|work\s+in\s+progress|(in|under)\s+progress"
    r"|still\s+(training|running|in\s+progress)|not\s+(yet\s+)?(available|finished|trained)"
    r"|(to|will)\s+be\s+(added|updated|announced|determined|posted|published|released"
    r"|uploaded|shared))\b",
    re.IGNORECASE,
)


def _pending_sections(lines: list[Line]) -> set[int]:
    """The lines of each results section that only promises results: its text says they are
    still to come, with no number, link or picture beside ("## Performance" over a table
    whose one cell reads "-- Still Training Now --"). Such a section shows no result; its
    table's "Accuracy" header is a column waiting for a value. A section that only quotes a
    paper ("From the original paper (GSM8K dataset):" over its table) shows none either."""
    headings = [i for i, line in enumerate(lines) if line.heading]
    pending: set[int] = set()
    for start, end in zip(headings, [*headings[1:], len(lines)], strict=False):
        if not _RESULTS_HEADING.match(_heading_words(lines[start].heading)):
            continue
        if _only_quotes(lines[start + 1 : end]):
            pending.update(range(start, end))
            continue
        body = [line.text for line in lines[start + 1 : end]]
        if not any(_PENDING.search(text) for text in body):
            continue
        if any(c.isdecimal() for text in body for c in text) or any(
            _POINTER.search(text) or _IMAGE.search(text) for text in body
        ):
            continue
        pending.update(range(start, end))
    return pending


#: A thematic break (``---``) between sections says nothing.
_BREAK = compile_on_use(r"^\s*(?:[-*_]\s*){3,}$")


def _only_quotes(body: list[Line]) -> bool:
    """A section whose own words all cite a paper, the tables under them aside."""
    prose = [
        line.text
        for line in body
        if line.text.strip()
        and not line.in_code
        and "|" not in line.text
        and not _BREAK.match(line.text)
    ]
    return bool(prose) and all(_CITED.search(text) for text in prose)


#: A printed example is short; a longer block is read no further (nor parsed).
_MAX_OUTPUT_LINES = 200


def _code_blocks(lines: list[Line]) -> list[tuple[int, int]]:
    """(opening fence, closing fence) indexes of every closed fenced code block."""
    fences = [i for i, line in enumerate(lines) if line.in_code and FENCE.match(line.text)]
    return list(zip(fences[::2], fences[1::2], strict=False))  # an unclosed fence pairs with none


#: A fence naming a shell ("```bash", "~~~ powershell") holds commands to type, and one naming
#: a file format ("```csv", "```yaml") a file's expected content: neither is what the block
#: above printed. "console" and "shell-session" show a session with its output, and "json"
#: is what many tools print, so they are not among them.
_INPUT_FENCE = compile_on_use(
    r"^\s*(?:```|~~~)\s*\{?\.?(?:bash|sh|shell|zsh|fish|powershell|pwsh|ps1|cmd|bat|batch"
    r"|csv|tsv|ya?ml|toml|ini|cfg|xml)(?![\w-])",
    re.IGNORECASE,
)


#: A command that downloads, installs or tests the set-up: what it prints is progress
#: ("pulling ... 100%") or a check passing ("✓ Llama 3.1 is installed!"), not a result.
_SET_UP = compile_on_use(
    INSTALL_TEXT.pattern
    + r"|\bpytest\b|\bunittest\b|\btest_\w*\.py\b|\b\w+_test\.py\b"
    + r"|\b(ollama|podman)\s+pull\b|\bhuggingface-cli\s+download\b|\bgit\s+(clone|lfs\s+pull)\b"
    + r"|(^|[\s`$])(wget|curl)\s",
    re.IGNORECASE,
)


def _printed_output(lines: list[Line]) -> Line | None:
    """The first line with a number of a block shown as what the code block right above it
    prints (torchsummary's table after its ``summary(model, ...)`` example): nothing but
    blank lines, or one line ending in ":", between the two. An output holds no command and
    no code, and is not a tree of files."""
    blocks = _code_blocks(lines)
    for (open_a, close_a), (open_b, close_b) in pairwise(blocks):
        between = [line.text.strip() for line in lines[close_a + 1 : open_b]]
        said = [text for text in between if text]
        if len(said) > 1 or (said and not said[0].endswith(":")):
            continue
        shown = lines[open_b + 1 : close_b]
        if close_a - open_a < 2 or _NOT_RESULTS.match(lines[open_b].section):
            continue
        if _INPUT_FENCE.match(lines[open_b].text):
            continue
        if any(_SET_UP.search(line.text) for line in lines[open_a + 1 : close_a]):
            continue
        if _is_output(shown):
            return next(line for line in shown if any(c.isdecimal() for c in line.text))
    return None


# "Which generates", "this is what the model says after 10B tokens:": the block below is
# what the code produced, which for a text generator holds no number.
_OUTPUT_INTRO = compile_on_use(
    r"\b(generat(es|ed)|outputs|prints|printed|produces|produced|says|said|responds|replies"
    r"|completes|completions?)\b",
    re.IGNORECASE,
)
#: Words a line of prose has at the least: a tree or a list of names has one or two.
_SENTENCE_WORDS = 4


def _generated_text(lines: list[Line]) -> Line | None:
    """The first line of a block of prose that the line right above it introduces as what
    the code generates, prints or says: a language model's sample after its usage command.
    A block holding code, a command or a file tree is no such text."""
    for start, end in _code_blocks(lines):
        intro = next((line for line in reversed(lines[:start]) if line.text.strip()), None)
        if intro is None or intro.in_code or intro.heading or not _OUTPUT_INTRO.search(intro.text):
            continue
        if _NOT_RESULTS.match(intro.section):
            continue
        shown = [line for line in lines[start + 1 : end] if line.text.strip()]
        if shown and _is_prose(shown):
            return shown[0]
    return None


def _is_prose(shown: list[Line]) -> bool:
    texts = [line.text for line in shown]
    sentences = [text for text in texts if len(text.split()) >= _SENTENCE_WORDS]
    return 2 * len(sentences) >= len(texts) and _printed(texts)


def _is_output(shown: list[Line]) -> bool:
    texts = [line.text for line in shown if line.text.strip()]
    return any(any(c.isdecimal() for c in text) for text in texts) and _printed(texts)


def _printed(texts: list[str]) -> bool:
    """A short block that is neither code, nor a command, nor a tree of files: printed."""
    if len(texts) > _MAX_OUTPUT_LINES:
        return False
    commands = (_COMMAND_LINE, INSTALL_TEXT, RUN_TEXT)
    if any(pattern.search(text) for text in texts for pattern in commands):
        return False
    if any(TREE_CHARS.intersection(text) for text in texts):
        return False
    try:
        ast.parse(textwrap.dedent("\n".join(texts)))
    except (SyntaxError, ValueError):
        return True  # neither code nor a command: what the code above printed
    except (RecursionError, MemoryError):
        return False  # nested past the parser's depth: no printout looks like that
    return False
