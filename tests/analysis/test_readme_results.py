from __future__ import annotations

from repocheck.analysis.readme_lines import read_lines
from repocheck.analysis.readme_results import find_results

PROSE = "This project samples forty reasoning paths and votes on the final answer. " * 3


def _found(readme: str) -> str | None:
    line = find_results(read_lines(readme))
    return line.text if line else None


def test_a_table_a_citing_line_introduces_is_the_papers() -> None:
    # "From the original paper (GSM8K dataset):" over a table of accuracies: the paper's
    # numbers, not what this project measured. The same table under the project's own words
    # is its result.
    table = "| Model | Method | Accuracy |\n|---|---|---|\n| GPT-3 | Greedy | 60.1% |\n"
    cited = (
        f"# Solver\n\n{PROSE}\n\n## Results\n\nFrom the original paper (GSM8K dataset):\n\n{table}"
    )
    assert _found(cited) is None
    own = f"# Solver\n\n{PROSE}\n\n## Results\n\nOn 100 GSM8K questions:\n\n{table}"
    assert _found(own) == "## Results"
    # Behind an emoji the heading is the same results heading.
    emoji = cited.replace("## Results", "## 📊 Results")
    assert _found(emoji) is None
    assert _found(own.replace("## Results", "## 📊 Results")) == "## 📊 Results"


def test_an_average_score_in_prose_is_a_result() -> None:
    # An LLM judge's scores: "the highest average normalised score (9.36/10)".
    readme = (
        f"# Judge\n\n{PROSE}\n\n- Found that Chain of Thought achieved the highest average "
        "normalised score (9.36/10).\n"
    )
    assert _found(readme) is not None
    assert _found(f"# Judge\n\n{PROSE}\n\nThe judge gives each answer a score.\n") is None


def test_a_final_models_score_in_prose_is_a_result() -> None:
    # A competition write-up: "Our final model's score is 0.42", or its MAPE with a value.
    readme = f"# Gap forecast\n\n{PROSE}\n\nOur final model's score is 0.42.\n"
    assert _found(readme) is not None
    mape = f"# Gap forecast\n\n{PROSE}\n\nThe validation MAPE is 0.42.\n"
    assert _found(mape) is not None
    assert _found(f"# Gap forecast\n\n{PROSE}\n\nThe final model gets a score.\n") is None


def test_what_a_download_prints_is_no_result() -> None:
    # "ollama pull llama3.1:8b" then "Progress will show:" over its progress bars: the
    # download's printout, not what the project measured. A run's printout still is one.
    pull = (
        f"# Setup\n\n{PROSE}\n\n```powershell\nollama pull llama3.1:8b\n```\n\n"
        "Progress will show:\n```\npulling manifest\n"
        "pulling 8934d96d3f08... 100% ▕████████████████▏ 4.7 GB\nsuccess\n```\n"
    )
    assert _found(pull) is None
    for fetch in ("pip install -r requirements.txt", "git clone https://example.com/x.git"):
        assert _found(pull.replace("ollama pull llama3.1:8b", fetch)) is None, fetch
    run = pull.replace("ollama pull llama3.1:8b", "python evaluate.py --samples 5").replace(
        "pulling 8934d96d3f08... 100% ▕████████████████▏ 4.7 GB", "Correct: 4 of 5 (80%)"
    )
    assert _found(run) == "Correct: 4 of 5 (80%)"
    # A test script's printout says the set-up works ("✓ Llama 3.1 is installed!").
    check = run.replace("python evaluate.py --samples 5", "python test_ollama.py").replace(
        "Correct: 4 of 5 (80%)", "✓ Llama 3.1 is installed!"
    )
    assert _found(check) is None


def test_a_picture_named_a_demo_near_the_top_is_a_result() -> None:
    # Two sentences, then the learned density as a GIF: "![demo](.../learned_distribution.gif)".
    # A picture above the first paragraphs is read as a banner, but one whose alt text or
    # name says it shows a result is one wherever it stands.
    readme = (
        "# normalizing flow with coupling layers\n\n"
        "Visualized how the prior distribution changes into the target distribution.\n\n"
        "![demo](https://github.com/a/b/blob/main/saved_gifs/learned_distribution.gif)\n"
    )
    assert _found(readme) == readme.splitlines()[4]
    # A banner that names no result is still none.
    assert _found(readme.replace("![demo]", "![banner]")) is None


def test_a_results_label_over_a_printed_session_is_a_result() -> None:
    # "Latest results:" on a line of its own over the demo's session (its prompt, then "x wins:
    # 60.10%"): a heading in all but its markup, and the block below shows what came out.
    session = (
        "```\nC:\\Dev\\tictac>python -m tictac.main\nPlaying random vs random:\n"
        "-------------------------\nx wins: 60.10%\no wins: 28.90%\ndraw  : 11.00%\n```\n"
    )
    readme = f"# Tic-tac-toe\n\n{PROSE}\n\nLatest results:\n\n{session}"
    assert _found(readme) == "Latest results:"
    assert _found(readme.replace("Latest results:", "Results:")) == "Results:"
    # A results heading with a word before it is one too.
    assert _found(readme.replace("Latest results:", "## Latest results")) == "## Latest results"
    # A label over a block without a value, or over the command to run, shows nothing yet.
    waiting = readme.replace("x wins: 60.10%\no wins: 28.90%\ndraw  : 11.00%\n", "")
    assert _found(waiting) is None
    command = (
        f"# Tic-tac-toe\n\n{PROSE}\n\nResults:\n\n```\npython -m tictac.main --epsilon 0.7\n```\n"
    )
    assert _found(command) is None
    # The label alone names results; a sentence ending in a colon is prose.
    prose = readme.replace("Latest results:", "Run the demo to see the results:")
    assert _found(prose) is None


def test_a_metric_table_whose_values_are_all_dashes_shows_nothing_yet() -> None:
    # "| Model | Top-1 Acc | Top-5 Acc | Parameters |" over rows of "-": columns waiting for
    # values; the parameter counts beside them are no measured result.
    table = (
        "| Model | Top-1 Acc | Top-5 Acc | Parameters |\n|---|---|---|---|\n"
        "| Full (SE + Spatial) | - | - | ~25M |\n| No Attention | — | TBD | ~23M |\n"
    )
    readme = f"# VQA\n\n{PROSE}\n\n## Ablation Study\n\n{table}"
    assert _found(readme) is None
    filled = table.replace("| - | - |", "| 54.1 | 80.2 |", 1)
    assert _found(f"# VQA\n\n{PROSE}\n\n## Ablation Study\n\n{filled}") is not None


def test_a_version_in_a_table_is_no_measured_number() -> None:
    # "| VQA v2.0 val | Questions & Answers |": the data's version, not a value measured.
    table = (
        "| Dataset | Purpose | Size |\n|---|---|---|\n"
        "| MS-COCO val2017 | Images | ~5,000 images |\n| VQA v2.0 val | Questions | ~214,000 |\n"
    )
    assert _found(f"# VQA\n\n{PROSE}\n\n### Datasets Used\n\n{table}") is None
    measured = table.replace("~214,000", "0.91")
    assert _found(f"# VQA\n\n{PROSE}\n\n### Datasets Used\n\n{measured}") is not None


def test_a_table_of_settings_under_a_hyperparameters_heading_is_no_result() -> None:
    # "| Learning Rate | 1e-4 |", "| Weight Decay | 0.01 |": what the run was given, not what
    # came out of it. A metric column under the same heading (a search's scores) still is.
    table = (
        "| Parameter | Value | Justification |\n|---|---|---|\n"
        "| Learning Rate | 1e-4 | Standard |\n| Weight Decay | 0.01 | Regularization |\n"
    )
    assert (
        _found(f"# VQA\n\n{PROSE}\n\n## Training Setup\n\n### Hyperparameters\n\n{table}") is None
    )
    search = "| Learning Rate | Val Accuracy |\n|---|---|\n| 1e-4 | 0.61 |\n"
    assert _found(f"# VQA\n\n{PROSE}\n\n### Hyperparameters\n\n{search}") is not None


def test_a_table_of_command_line_arguments_is_no_result() -> None:
    # "| Argument | Default | Description |" with "| `--kl_weight` | `1.0` | ... |" under
    # "## Training": options and their defaults, whatever the section is called. A results
    # table below it whose every metric cell is still "—" shows nothing either.
    options = (
        "| Argument | Default | Description |\n|---|---|---|\n"
        "| `--latent_dim` | `20` | Size of each latent code |\n"
        "| `--kl_weight` | `1.0` | Max weight on the KL term |\n"
    )
    pending = "| Variant | Val PSNR | Test SSIM |\n|---|---|---|\n| `unet_3ch` | — | — |\n"
    readme = f"# UIE\n\n{PROSE}\n\n## Training\n\n{options}\n## Results\n\n{pending}"
    assert _found(readme) is None
    for header in ("| Option | Default | Meaning |", "| Flag | Type | Description |"):
        assert _found(readme.replace("| Argument | Default | Description |", header)) is None
    # A table of runs whose first column names the setting tried still shows what came out.
    runs = "| Learning rate | PSNR |\n|---|---|\n| 1e-4 | 24.1 |\n"
    assert _found(f"# UIE\n\n{PROSE}\n\n## Training\n\n{runs}") is not None


def test_a_picture_of_the_folder_structure_is_no_result() -> None:
    # "### Folder Structure" then "![Folder Structure Image](/custom_img/root.jpg)": a
    # screenshot of the project's layout, which shows how the code is kept, not what came out.
    for picture in (
        "![Folder Structure Image](/custom_img/root.jpg)",
        "![artifacts folder structure](/custom_img/artifacts.jpg)",
        "![project tree](docs/img.png)",
        "![](docs/directory_structure.png)",
    ):
        readme = f"# Genres\n\n{PROSE}{PROSE}\n\n### Layout\n\n{picture}\n"
        assert _found(readme) is None, picture
    # A picture named for nothing of the kind still shows something.
    assert _found(f"# Genres\n\n{PROSE}{PROSE}\n\n### Layout\n\n![confusion](img/cm.png)\n")


def test_a_share_of_the_data_beside_a_metric_is_no_result() -> None:
    # "trained on the first 90% of the training data ... the lowest RMSE values": the split
    # and the metric tuned on, not a value the project reached.
    tuning = (
        f"# RUL\n\n{PROSE}\n\n### Tuning\n\n"
        "Models are trained on the first 90% of the training data for each engine and are "
        "then evaluated on the rest of the 10% of the training data, to find the values "
        "that result in the lowest RMSE values.\n"
    )
    assert _found(tuning) is None
    # A value reached beside the split still is one.
    reached = tuning.replace("lowest RMSE values.", "lowest RMSE, 12.4 cycles.")
    assert _found(reached) is not None


def test_values_assigned_in_quoted_code_beside_a_metric_are_no_result() -> None:
    # The candidates swept, quoted as the code that sets them, are settings, not results.
    sweep = (
        f"# RUL\n\n{PROSE}\n\n### Tuning\n\n"
        "The sweeps keep the values with the lowest RMSE, for example the learning rates "
        "`candidate_lrs = [0.1, 0.01, 0.005]`.\n"
    )
    assert _found(sweep) is None
    # A value reported in quoted code is still one.
    assert _found(sweep.replace("`candidate_lrs = [0.1, 0.01, 0.005]`", "`0.91`")) is not None


def test_a_comparison_heading_over_a_table_of_design_choices_shows_nothing() -> None:
    # "### Algorithm Comparison" over "| Merge Strategy | Most frequent pair | Highest
    # likelihood score |": how two methods differ in design, nothing the project measured.
    table = (
        "| Aspect | BPE | WordPiece |\n|---|---|---|\n"
        "| Merge Strategy | Most frequent pair | Highest likelihood score |\n"
        "| Complexity | Simpler | More sophisticated |\n"
    )
    readme = f"# Tokenizers\n\n{PROSE}\n\n### Algorithm Comparison\n\n{table}\n## Usage\n\nText.\n"
    assert _found(readme) is None
    # A value, a picture or a code block under the same heading shows what came out.
    measured = table.replace("Simpler", "1.1 s")
    assert _found(readme.replace(table, measured)) == "### Algorithm Comparison"
    picture = "![speed](data/speed_sweep.png)\n"
    assert _found(readme.replace(table, picture)) == "### Algorithm Comparison"
    output = "```\n['un', '##break', '##able']\n```\n"
    assert _found(readme.replace(table, output)) == "### Algorithm Comparison"
    # Right over subsections, the heading counts over what they show, and only that.
    nested = f"### Algorithm Comparison\n\n#### Speed\n\n{measured}"
    assert _found(readme.replace(f"### Algorithm Comparison\n\n{table}", nested)) is not None
    nested = f"### Algorithm Comparison\n\n#### Speed\n\n{table}"
    assert _found(readme.replace(f"### Algorithm Comparison\n\n{table}", nested)) is None


def test_a_comparison_heading_over_how_to_run_it_shows_nothing() -> None:
    # "## Model Comparison" right over "### Running Model Comparisons" (the commands that
    # run it and open its notebook) and "### Evaluation Metrics:" (the metrics' names, one
    # with its β=2): how to get the comparison, not what came out.
    readme = (
        f"# Defects\n\n{PROSE}\n\n## Model Comparison\n\n### Running Model Comparisons\n\n"
        "1. Run the comparison script:\n   ```bash\n   python src/compare.py\n   ```\n"
        "2. View the results:\n   ```\n   jupyter notebook notebooks/results.ipynb\n   ```\n\n"
        "### Evaluation Metrics:\n- Precision\n- F-beta Score (β=2)\n\n## License\n\nMIT\n"
    )
    assert _found(readme) is None
    # What the comparison printed, in a subsection, is what came out.
    printed = "### Scores\n\n```\nsvm_smote   0.41   0.73\n```\n\n### Evaluation Metrics:"
    assert _found(readme.replace("### Evaluation Metrics:", printed)) == "## Model Comparison"
    # A metrics heading over a metric's setting shows no value; over a value it does.
    metrics = f"# Defects\n\n{PROSE}\n\n## Evaluation Metrics\n\n- F-beta Score (β=2)\n"
    assert _found(metrics) is None
    assert _found(metrics.replace("(β=2)", "(β=2): val_fbeta=0.62")) == "## Evaluation Metrics"
    # Nor does one over the command that evaluates, its options set to whole numbers.
    command = "    $ python evaluate.py --model_path=model.pt --batch_size=50\n"
    assert _found(f"# Digits\n\n{PROSE}\n\n## Evaluation\n\n{command}") is None


def test_a_superscript_in_a_metrics_name_is_no_value() -> None:
    # "### Evaluation Metrics" over a table that says what RMSE, R² and Pearson mean: the
    # procedure, not what came out. The superscript of "R²" is no number measured.
    table = (
        "| Metric | Meaning |\n|:-----|:--------:|\n| `RMSE` | Root Mean Square Error |\n"
        "| `R²` | Coefficient of Determination |\n"
        "| `Pearson` | Linear correlation between predicted and actual |\n"
    )
    readme = f"# Affinity\n\n{PROSE}\n\n### Evaluation Metrics\n{table}\n### Citation\n\nX\n"
    assert _found(readme) is None
    measured = readme.replace("Coefficient of Determination", "0.61 on the test split")
    assert _found(measured) == "### Evaluation Metrics"


def test_the_digit_in_a_metrics_name_listed_under_evaluation_metrics_is_no_value() -> None:
    # "## Evaluation Metrics" over a list of what will be measured ("- F1-score", "- Top-5
    # accuracy"): the procedure. The digit in the metric's name is no value measured.
    listed = "The metrics determined in this project are:\n\n- Precision\n- F1-score\n- Top-5\n"
    readme = f"# Fake jobs\n\n{PROSE}\n\n## Evaluation Metrics\n\n{listed}\n## Tools\n\n- Python\n"
    assert _found(readme) is None
    measured = readme.replace("- F1-score", "- F1-score: 0.82")
    assert _found(measured) == "## Evaluation Metrics"


def test_a_percent_sign_escaped_with_a_backslash_is_a_result() -> None:
    # Markdown renders "83\%" as "83%": prose copied from a LaTeX report keeps the escape.
    # The metric beside such a value is a result; a share of the data escaped so stays a
    # setting, and an escaped percent with no metric beside it stays no result.
    readme = "# Faces\n\nOn the test set our detector reaches a Precision of 83\\%.\n"
    assert _found(readme) == "On the test set our detector reaches a Precision of 83\\%."
    assert _found("# Faces\n\nAccuracy is tuned on 20\\% of the data.\n") is None
    assert _found("# Faces\n\nAbout 83\\% of the faces are frontal.\n") is None
    error = "# Faces\n\nThe gender model reaches a test error of 15\\% on Adience.\n"
    assert _found(error) == "The gender model reaches a test error of 15\\% on Adience."


def test_a_results_heading_over_prose_alone_shows_no_result() -> None:
    # "## Results" over one sentence that promises metrics without giving one: nothing came
    # out that a reader could see. A number, a table, a picture, a link or printed output
    # under the same heading is a result; so is a heading right over its subsections.
    prose = (
        "The model achieves emotion classification across multiple emotional categories "
        "with performance metrics tracked during training and validation phases.\n"
    )
    readme = f"# Emotions\n\n{PROSE}\n\n## Results\n\n{prose}\n## Licence\n\nMIT\n"
    assert _found(readme) is None
    for shown in (
        "Test accuracy reached 0.62.\n",
        "| Model | F1 |\n|---|---|\n| LSTM | 0.41 |\n",
        "![loss](plots/loss.png)\n",
        "See [the report](report.pdf).\n",
        "```\nEpoch 5: loss 0.2903\n```\n",
    ):
        assert _found(readme.replace(prose, prose + shown)) == "## Results", shown
    nested = readme.replace(f"## Results\n\n{prose}", f"## Results\n\n### LSTM\n\n{prose}")
    assert _found(nested) == "## Results"


def test_a_results_section_giving_its_value_in_words_shows_a_result() -> None:
    # "## Results" over "both networks reach close to one hundred percent accuracy": the
    # value is written out in words, not digits, and it is still what came out. A section
    # naming a measure with no value at all stays a promise.
    words = (
        "On the generated dataset, both networks reach close to one hundred percent "
        "accuracy when identifying enrolled subjects.\n"
    )
    readme = f"# Biometrics\n\n{PROSE}\n\n## Results\n\n{words}\n## Licence\n\nMIT\n"
    assert _found(readme) == "## Results"
    for value in ("ninety-five percent", "fifty per cent"):
        assert _found(readme.replace("one hundred percent", value)) == "## Results", value
    promise = readme.replace("close to one hundred percent accuracy", "a high accuracy")
    assert _found(promise) is None


def test_a_target_to_reach_is_no_result() -> None:
    # A course project's plan: "**Target Accuracy:** >95%" says what it aims for, not what
    # came out; "reached 93.7% accuracy" is a result.
    plan = (
        f"# Course projects\n\n{PROSE}\n\n### Project 1: Sign language\n\n"
        "**Status:** In progress\n**Target Accuracy:** >95%\n\n"
        "- Goal accuracy of at least 90% on the validation set\n"
        "- Accuracy target: 92%\n"
    )
    assert _found(plan) is None
    assert _found(f"{plan}\nThe classifier reached 93.7% accuracy.\n") == (
        "The classifier reached 93.7% accuracy."
    )


def test_an_unchecked_task_naming_a_number_is_no_result() -> None:
    # A project's to-do list: "- [ ] Validate model accuracy ~99.77%" is a step still to take
    # (the paper's figure to match), beside ticked steps; a ticked one that reports a number
    # ("- [x] Reached 93.7% accuracy") says what came out.
    todo = (
        f"# Cube solver\n\n{PROSE}\n\n## TODO\n\n- [x] Implement cube rotation\n"
        "- [x] Train and tune\n- [ ] Validate model accuracy ~99.77%\n"
        "- [ ] Try plot loss for them\n    - [ ] accuracy prediction\n"
    )
    assert _found(todo) is None
    done = todo.replace("- [x] Train and tune", "- [x] Reached 93.7% accuracy")
    assert _found(done) == "- [x] Reached 93.7% accuracy"


def test_a_picture_under_a_showcase_or_gallery_heading_near_the_top_is_a_result() -> None:
    # A short README: two lines on the project, its requirements, then "## Showcase" over
    # the samples the model generated. The picture stands above the first paragraphs, where
    # a banner would, but the heading says it shows what came out.
    readme = (
        "# StyleGAN 2\n\n"
        "A reimplementation of StyleGAN 2 in PyTorch.\n\n"
        "## Requirements\n- Python 3.7\n- PyTorch 1.9\n\n"
        "## Showcase\n"
        "Below are samples from the model.\n\n"
        "![StyleGANPreview](https://github.com/a/b/assets/1/preview)\n"
    )
    assert _found(readme) == "## Showcase"
    assert _found(readme.replace("## Showcase", "## Gallery")) == "## Gallery"
    # The same heading with nothing below it shows nothing.
    empty = readme.split("## Showcase")[0] + "## Showcase\n\n## References\nKarras et al.\n"
    assert _found(empty) is None


def test_a_sample_results_heading_over_the_predictions_a_run_wrote_is_a_result() -> None:
    # "## Sample Results" over a few rows of the predictions.csv that training writes (actual
    # beside predicted price): what came out, as "## Results" would be. "## Example results"
    # too. A sample of the input data is not a result.
    rows = (
        "```\ntimestamp,actual_price,predicted_price\n"
        "2025-05-20 10:00:00,67150.50,67085.25\n2025-05-20 11:00:00,67210.00,67165.70\n```\n"
    )
    readme = (
        f"# Forecaster\n\n{PROSE}\n\n## Sample Results\n\n{rows}\n## Model Overview\n\nA model.\n"
    )
    assert _found(readme) == "## Sample Results"
    assert _found(readme.replace("Sample Results", "Example results")) == "## Example results"
    assert _found(readme.replace("Sample Results", "Sample Data")) is None


def test_a_picture_whose_src_is_unquoted_is_shown() -> None:
    # HTML lets an attribute go unquoted and GitHub renders `<img src=Images/ML1m-results.png>`:
    # a picture of the results all the same.
    readme = (
        f"# Recommender\n\n{PROSE}\n\n## Usage\n\nRun it.\n\n<img src=Images/ML1m-results.png>\n"
    )
    assert _found(readme) == "<img src=Images/ML1m-results.png>"
    # A test set's results under their heading are the project's results too.
    headed = f"# Recommender\n\n{PROSE}\n\n# Test Set Results\n\nHR@10 is 0.71.\n"
    assert _found(headed) == "# Test Set Results"
    assert _found(headed.replace("Test Set", "Validation")) == "# Validation Results"


def test_a_metric_named_in_the_readmes_own_language_is_a_result() -> None:
    # A Spanish README: "alcanza una precisión general del 94.50%" is the model's accuracy,
    # as "reaches an overall precision of 94.50%" would be. The same names in Portuguese,
    # French, Italian and German too; the word with no value ("una alta precisión") is
    # still no result.
    for line in (
        "El modelo final alcanza una precisión general del 94.50% en la predicción.",
        "La exactitud en el conjunto de prueba es 0.87.",
        "O modelo atingiu uma acurácia de 91% no teste.",
        "Precisão no conjunto de teste: 0.88",
        "Le modèle atteint une précision de 92 % sur le test.",
        "Il modello raggiunge un'accuratezza del 90%.",
        "Das Modell erreicht eine Genauigkeit von 0.93.",
    ):
        assert _found(f"# Crímenes\n\n{PROSE}\n\n{line}\n") == line, line
    vague = "Utiliza un modelo avanzado de XGBoost (2025), logrando una alta precisión."
    assert _found(f"# Crímenes\n\n{PROSE}\n\n{vague}\n") is None


def test_a_numbered_results_heading_is_a_results_heading() -> None:
    # "### V. Some results" over the GIFs of the application at work, below a "How to run"
    # step that shows the server's log ("In below example its DESKTOP-HT34P2E:"): the
    # section is what came out, not the log's time stamps. "## 4. Results" and "## 4)
    # Results" are numbered the same way.
    readme = (
        f"# Mask detector\n\n{PROSE}\n\n### IV. How to run\n"
        "3. Run the server:\n```\npython mainServer.py\n```\n"
        "4. Check the server name. In below example its DESKTOP:\n"
        "```\n2021-07-01 15:31:10.931750: I tensorflow/core/gpu_device.cc:1264]\n"
        "[SERVER] Listening on DESKTOP:8006...\n```\n\n"
        "### V. Some results\n+ Application correctly working.\n\n"
        "![working gif](https://user-images.githubusercontent.com/1/working.gif)\n"
    )
    assert _found(readme) == "### V. Some results"
    table = "| Model | Accuracy |\n|---|---|\n| CNN | 97.1% |\n"
    numbered = f"# Mask detector\n\n{PROSE}\n\n## 4. Results\n\n{table}"
    assert _found(numbered) == "## 4. Results"
    assert _found(numbered.replace("4. Results", "4) Results")) == "## 4) Results"
    # A heading that only starts with a number ("## 10 things to try") names no results.
    assert _found(f"# Mask detector\n\n{PROSE}\n\n## 10 things to try\n\nMore data.\n") is None
    # A numbered "## 5. Evaluation" over how to run it is the procedure, as unnumbered.
    procedure = f"# Mask detector\n\n{PROSE}\n\n## 5. Evaluation\n\nRun the evaluation script.\n"
    assert _found(procedure) is None


def test_a_plot_under_a_data_heading_in_another_language_is_no_result() -> None:
    # "## 3) Análise exploratória" over a plot of the features' distributions, in a README
    # written in Portuguese: the input pictured, as under "## Exploratory Data Analysis".
    readme = (
        f"# Preço de celulares\n\n{PROSE}\n\n## 3) Análise exploratória\n\n"
        "A maioria das variáveis são quase igualmente distribuídas.\n\n"
        "![alt text](images/image.png)\n"
    )
    assert _found(readme) is None
    for heading in (
        "Analise exploratoria de dados",
        "Dados",
        "2.1) Conjunto de dados",
        "Análisis exploratorio de datos",
        "Exploración de los datos",
        "Analyse exploratoire des données",
        "Les données",
        "Analisi esplorativa dei dati",
        "Explorative Datenanalyse",
        "Datensatz",
    ):
        assert _found(readme.replace("3) Análise exploratória", heading)) is None, heading
    # Under a heading of its own the same picture shows what came out.
    assert _found(readme.replace("3) Análise exploratória", "4) Resultados")) is not None
    assert _found(readme.replace("3) Análise exploratória", "4) Modelagem")) is not None


def test_a_results_heading_in_another_language_behind_an_emoji_is_one() -> None:
    # "## 📊 Contoh Hasil Rekomendasi" (Indonesian: example recommendation results) over a
    # table of the courses a content-based recommender picked: the project's results, though
    # the table holds no metric.
    table = (
        "| Judul Kursus | Deskripsi Singkat |\n|---|---|\n"
        "| Machine Learning with Python | Dive into ML with Python |\n"
    )
    readme = f"# Course Recommender\n\n{PROSE}\n\n## 📊 Contoh Hasil Rekomendasi\n\n{table}"
    assert _found(readme) == "## 📊 Contoh Hasil Rekomendasi"
    for heading in ("## Resultados", "## 🔬 Résultats", "## Ergebnisse", "## 📈 Results"):
        shown = readme.replace("## 📊 Contoh Hasil Rekomendasi", heading)
        assert _found(shown) == heading, heading
    # The same table under a heading that names no results shows none.
    assert _found(readme.replace("Contoh Hasil Rekomendasi", "Struktur Folder")) is None


def test_the_count_of_folds_under_an_evaluation_heading_is_no_value() -> None:
    # A depression-symptoms project's "# Evaluation" says how its classifiers are scored
    # ("- 5-fold cross-validation", "- ROC-AUC scoring"): the number of folds is a setting of
    # the procedure, not a value that came out.
    listed = "Each classifier is evaluated using:\n\n- 5-fold cross-validation\n- ROC-AUC scoring\n"
    readme = f"# Symptoms\n\n{PROSE}\n\n# Evaluation\n{listed}\n## Ethics\n\nText.\n"
    assert _found(readme) is None
    for spelling in ("10 fold", "3-Fold", "5–fold"):
        assert _found(readme.replace("5-fold", spelling)) is None, spelling
    # So is how many models the authors train: "We train 13 binary classifiers".
    counted = readme.replace("Each classifier", "We train 13 binary classifiers. Each one")
    assert _found(counted) is None
    assert _found(counted.replace("We train 13", "We reach 13")) == "# Evaluation"
    # A score beside it is still the result.
    measured = readme.replace("- ROC-AUC scoring", "- ROC-AUC 0.93 on average")
    assert _found(measured) == "# Evaluation"
