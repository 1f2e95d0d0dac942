from __future__ import annotations

from repocheck.analysis.readme import readme_parts
from tests.helpers import snapshot_from


def _install_line(readme: str) -> str | None:
    found = readme_parts(snapshot_from({"README.md": readme}), readme)["install"]
    return found.text if found else None


def test_a_misspelled_environment_heading_still_names_the_install_part() -> None:
    # "<h3>1. Enviornment</h3>" over the Python version and the packages to install: learners
    # misspell the word, and the section still says what to install.
    for spelling in ("Enviornment", "Enviroment", "Enviorment", "Environments"):
        readme = f"# Digits\n\nDetect digits.\n\n## 1. {spelling}\npytorch=1.10.0\nh5py\n"
        assert _install_line(readme) == f"## 1. {spelling}", spelling
    html = "<h2>Digits</h2>\n<h3>1. Enviornment</h3>\n<h4>package:</h4>\npytorch=1.10.0<br>\n"
    assert _install_line(html) == "<h3>1. Enviornment</h3>"
    # Words that only start like it still name nothing.
    assert _install_line("# Digits\n\n## Environmental impact\nNone.\n") is None


def test_a_setup_or_environment_heading_over_no_install_step_names_no_install() -> None:
    # A flow library's "#### Setup" sits over the change-of-variables formula, an RL project's
    # "## Environment" over the game the agent plays: neither says how to install anything.
    formula = (
        "# Flows\n\nNormalizing flows in PyTorch.\n\n#### Setup\n\n```math\nx = f^{-1}(z)\n```\n\n"
        "where $f$ is an invertible function.\n\n#### Planar flows\n\nText.\n"
    )
    assert _install_line(formula) is None
    game = "# Agent\n\n## Environment\nCartPole: a pole balanced on a cart.\n\n## Results\n"
    assert _install_line(game) is None
    # "the version of the cart-pole problem" names no version to install; "version 3.8" does.
    told = game.replace("on a cart.", "on a cart, the version of the problem Barto described.")
    assert _install_line(told) is None
    assert _install_line(told.replace("the version of", "version 3.8 of")) == "## Environment"
    # Over the packages, a command or a code block, each still names the install part.
    for body in ("Python 3.10 and PyTorch 2.1.", "pytorch=1.10.0", "```\nmake env\n```"):
        readme = f"# Flows\n\nText.\n\n## Setup\n{body}\n\n## Usage\nRun it.\n"
        assert _install_line(readme) == "## Setup", body
    # A subsection over the packages is still the section's.
    nested = "# Flows\n\n## Environment\n\n### Packages\npytorch=1.10.0\n"
    assert _install_line(nested) == "## Environment"


def _usage_line(readme: str) -> str | None:
    # A train.py in the repository: a README's "python train.py" runs a file that exists.
    found = readme_parts(snapshot_from({"README.md": readme, "train.py": ""}), readme)["usage"]
    return found.text if found else None


def test_a_results_heading_that_starts_with_training_says_not_how_to_run() -> None:
    # "### Training and Validation Results" over a plot of accuracy per epoch shows what came
    # out of training; no command says how to start it.
    shown = "![Training accuracy](assets/train.png)\n_Accuracy per epoch of both models._\n"
    readme = "# BNN\n\nBayes by Backprop on MNIST.\n\n## Results\n\n### Training and Validation Results\n\n"
    assert _usage_line(readme + shown) is None
    # Over a command it still says how to run, and so does the command itself.
    steps = "```bash\npython -m src.train\n```\n"
    assert _usage_line(readme.replace("## Results\n\n", "") + steps) is not None
    assert _usage_line("# BNN\n\n## Reproducing the results\n\nRun every cell of the notebook.\n")


def test_a_heading_comparing_two_curves_of_training_says_not_how_to_run() -> None:
    # Effect-of-weather-on-dengue: "### Training vs. Validation Loss" over the plot of both
    # losses, beside "### Actual vs. Predicted Dengue Cases": a figure's caption, not a step.
    shown = "![Training vs Validation Loss](images/loss.jpg)\n \n"
    readme = "# Dengue Prediction\n\nLSTM on monthly cases.\n\n### Training vs. Validation Loss\n"
    assert _usage_line(readme + shown) is None
    assert _usage_line(readme.replace("vs.", "versus") + shown) is None
    # Over a command it still says how to run.
    assert _usage_line(readme + "```bash\npython train.py\n```\n") is not None


def test_a_heading_that_holds_the_command_says_how_to_run() -> None:
    # A README written all in headings: "## Start training with a GPU: python train.py" is
    # the command to run, though it names no part ("Usage") and sits in no paragraph.
    readme = (
        "# FCN-Road-Segmentation\n\n## I segment roads in KITTI images with an FCN.\n\n"
        "## Start training with a GPU: python train.py\n"
    )
    assert _usage_line(readme) == "## Start training with a GPU: python train.py"
    # A heading that only mentions running, with no command, still names nothing.
    assert _usage_line("# Roads\n\n## Start training with a GPU\n\nFast.\n") is None


def test_a_run_heading_over_only_install_steps_says_not_how_to_run() -> None:
    # "## Getting Started" over nothing but `pip install -r requirements.txt` says how to
    # install; nothing in it starts a run.
    install = (
        "```bash\ngit clone https://github.com/a/b\ncd b\npip install -r requirements.txt\n```\n"
    )
    readme = f"# Digits\n\nDigits.\n\n## Getting Started\n\nInstall the packages:\n\n{install}"
    assert _usage_line(readme) is None
    assert _install_line(readme) == "## Getting Started"
    # A command or an instruction to run beside the install step still says how to run.
    ran = readme.replace(
        "pip install -r requirements.txt\n", "pip install -r requirements.txt\npython train.py\n"
    )
    assert _usage_line(ran) == "## Getting Started"
    told = readme.replace("Install the packages:", "Install the packages, then open the notebook:")
    assert _usage_line(told) == "## Getting Started"


def test_a_run_heading_over_a_clone_alone_says_not_how_to_run() -> None:
    # "## How to Run" over "1. Clone the repository:" and its `git clone`, where the README
    # ends: the reader has the code and no step that starts it.
    clone = "```bash\n   git clone https://github.com/you/demand.git\n"
    readme = (
        f"# Demand\n\nForecasts demand.\n\n## How to Run\n\n1. Clone the repository:\n   {clone}"
    )
    assert _usage_line(readme) is None
    closed = readme + "   ```\n"
    assert _usage_line(closed) is None
    # A step after the clone still says how to run, and so does a heading over prose alone.
    ran = closed + "2. Open `demand.ipynb` and run every cell.\n"
    assert _usage_line(ran) == "## How to Run"
    assert _usage_line("# Demand\n\n## How to Run\n\nEvery cell of the notebook.\n")


def test_a_heading_that_describes_the_training_method_says_not_how_to_run() -> None:
    # "## Training Strategy" over prose about early stopping and "#### Training Algorithm (The
    # Full Loop)" over the maths describe how the model learns, not how to start it.
    prose = "We stop early on the validation loss and halve the learning rate on plateaus.\n"
    for heading in ("## Training Strategy", "#### Training Algorithm (The Full Loop)"):
        readme = f"# PM2.5\n\nForecasts PM2.5.\n\n{heading}\n\n{prose}"
        assert _usage_line(readme) is None, heading
    # "## Training" and "## Training the model" still name the step, and a command under a
    # method's heading still says how to run.
    assert _usage_line(f"# PM2.5\n\n## Training\n\n{prose}") == "## Training"
    assert _usage_line(f"# PM2.5\n\n## Training the model\n\n{prose}") == "## Training the model"
    command = "# PM2.5\n\n## Training Details\n\n```bash\npython train.py --epochs 20\n```\n"
    assert _usage_line(command) == "python train.py --epochs 20"


def test_a_training_pipeline_heading_over_its_stages_says_not_how_to_run() -> None:
    # "### Training Pipeline" over a list of the stages the model goes through (split, fit,
    # evaluate) describes the method; the README's "How to Run" further down is the step.
    stages = "- Train-test split\n- Model fitting\n- Performance evaluation\n"
    readme = f"# ETA\n\nPredicts delivery time.\n\n### Training Pipeline\n{stages}\n"
    assert _usage_line(readme) is None
    told = readme + "## How to Run the Project\n\nOpen `eta.ipynb` and run every cell.\n"
    assert _usage_line(told) == "## How to Run the Project"
    # A command under it still says how to run.
    command = readme + "```bash\npython train.py\n```\n"
    assert _usage_line(command) == "python train.py"


def test_a_heading_that_tells_to_install_over_the_packages_says_how_to_install() -> None:
    # "### To run the project, install the following dependencies: ###" over a list of
    # packages: the heading names the step after other words, and its section lists them.
    readme = (
        "# SafeDrive\n\nDrowsiness detection.\n\n"
        "### To run the project, install the following dependencies: ###\n"
        "- numpy\n- tensorflow\n- opencv\n\n### Execution ###\nText.\n"
    )
    assert _install_line(readme) == (
        "### To run the project, install the following dependencies: ###"
    )
    # Over no package, tool or version, such a heading still names nothing.
    empty = "# App\n\n## Why we did not install a database\n\nFiles are enough.\n"
    assert _install_line(empty) is None


def test_a_heading_that_names_the_dependencies_after_other_words_says_how_to_install() -> None:
    # "### List of dependencies:" over the packages at the versions the author ran: the
    # heading "## Dependencies" already names the install part; other words before it too.
    readme = (
        "# Sarcasm detection\n\nModels for sarcasm.\n\n### List of dependencies:\n\n"
        "- [Keras](https://keras.io/) == 2.3.1\n- [spacy](https://spacy.io/) == 2.2.3\n\n"
        "### Data configuration\nText.\n"
    )
    assert _install_line(readme) == "### List of dependencies:"
    # Over no package, tool or version, such a heading still names nothing.
    empty = "# App\n\n## How the dependencies between tasks are resolved\n\nIn order.\n"
    assert _install_line(empty) is None


def test_an_instruction_to_run_a_tracked_script_by_name_says_how_to_run() -> None:
    # "run the **test1.py** file" names the script to start, in prose, with no command.
    readme = (
        "# SafeDrive\n\n### Execution ###\n"
        "If you want to run the model on your system then run the **test1.py** file.\n"
    )
    assert _usage_line(readme.replace("test1.py", "train.py")) == (
        "If you want to run the model on your system then run the **train.py** file."
    )
    # A script the repository does not hold is no instruction it can follow.
    assert _usage_line(readme) is None


def test_an_instruction_in_the_gerund_to_run_a_tracked_script_says_how_to_run() -> None:
    # "I'd recommend running clean_build_and_run.py", in an HTML list under "In order to run
    # this project please do the following:": the script to start, named after "running".
    readme = (
        "# Claims\n## In order to run this project please do the following:\n<ol>\n"
        "<li>Make sure docker desktop is running</li>\n"
        "<li>I'd recommend running train.py to start from a clean slate</li>\n</ol>\n"
    )
    assert _usage_line(readme) == (
        "<li>I'd recommend running train.py to start from a clean slate</li>"
    )
    assert _usage_line("# Claims\n\nStart by executing `train.py` once.\n") == (
        "Start by executing `train.py` once."
    )
    # A script the repository does not hold is still no instruction it can follow.
    assert _usage_line(readme.replace("train.py", "fit.py")) is None


def test_an_instruction_to_run_a_script_named_by_a_link_says_how_to_run() -> None:
    # "run [main.py](src/main.py)": the script to start, named by a Markdown link to it.
    readme = (
        "# NODE RUL\n\n### Outputting Graphs\n\n"
        "To generate the figures, run [train.py](src/train.py) from the root directory.\n"
    )
    assert _usage_line(readme) == (
        "To generate the figures, run [train.py](src/train.py) from the root directory."
    )
    # A link to a script the repository does not hold is no instruction it can follow.
    assert _usage_line(readme.replace("[train.py]", "[fit.py]")) is None


def test_a_run_heading_over_an_empty_code_block_says_not_how_to_run() -> None:
    # A README template still to fill: "## Run it" over a comment saying what goes there and
    # an empty fenced block. GitHub shows the heading and an empty box; nothing to run.
    readme = (
        "# micrograd-from-scratch\n\n## Run it\n\n<!-- clone / venv / pip install / pytest -->\n\n"
        "```bash\n```\n\n## Repo map\n"
    )
    assert _usage_line(readme) is None
    # The same block holding the command says how to run.
    assert _usage_line(readme.replace("```bash\n```", "```bash\npython train.py\n```"))


def test_an_instruction_in_spanish_or_portuguese_to_run_a_tracked_script_says_how_to_run() -> None:
    # Learners write READMEs in their language: "Para ejecutar el train.py basta clonar el
    # repositorio" ("to run train.py, just clone the repository") names the file to start.
    spanish = "# PixelRNN\n\nPara ejecutar el train.py basta clonar el repositorio.\n"
    assert _usage_line(spanish) == "Para ejecutar el train.py basta clonar el repositorio."
    portuguese = "# PixelCNN\n\nPara executar o train.py, rode no terminal.\n"
    assert _usage_line(portuguese) == "Para executar o train.py, rode no terminal."
    # A script the repository does not hold is still no instruction it can follow.
    assert _usage_line(spanish.replace("train.py", "fit.py")) is None


def test_an_ultralytics_command_line_says_how_to_run() -> None:
    # A YOLO project trains and predicts with the package's own command, written as a bare
    # line under a bold "Training Command:" ("yolo detect train data=data.yaml ..."): how to
    # run, though no `python` starts it.
    readme = (
        "# Tooth Detection\n\nTeeth in dental X-rays.\n\nTraining Command:\n\n"
        "yolo detect train data=data.yaml model=yolov8n.pt epochs=50 imgsz=640\n"
    )
    assert (
        _usage_line(readme)
        == "yolo detect train data=data.yaml model=yolov8n.pt epochs=50 imgsz=640"
    )
    assert _usage_line("# Teeth\n\nyolo task=detect mode=predict model=best.pt source=images/\n")
    assert _usage_line("# Teeth\n\n    yolo predict model=best.pt source=images/\n")
    # Prose naming the model with a verb after it is no command: no `key=value` follows.
    assert (
        _usage_line("# Teeth\n\nWe used YOLO train and val splits of 400 and 97 images.\n") is None
    )
    assert _usage_line("# Teeth\n\nThe yolo train loop ran for 100 epochs.\n") is None


def test_an_instruction_to_run_the_scripts_listed_below_says_how_to_run() -> None:
    # "run the following scripts **in order**:" over headings or list items that name each
    # script ("### 1. `train.py`"): the names come on the lines after the instruction.
    readme = (
        "# SeismoCNN\n\n## Execution Workflow\n\n"
        "Once the data is in place, run the following scripts **in order**:\n\n"
        "### 1. `train.py`\n- Trains the CNN.\n"
    )
    assert (
        _usage_line(readme) == "Once the data is in place, run the following scripts **in order**:"
    )
    listed = "# Flows\n\nRun these scripts:\n\n1. train.py\n2. plot.py\n"
    assert _usage_line(listed) == "Run these scripts:"
    # Listed scripts the repository does not hold are no instruction it can follow, and a
    # script named far below, in another part, is not the one the instruction lists.
    assert _usage_line(readme.replace("train.py", "fit.py")) is None
    far = "# Flows\n\nRun the following scripts:\n\n" + "Some prose.\n\n" * 8 + "- `train.py`\n"
    assert _usage_line(far) is None


def test_a_dvc_experiment_run_and_russian_install_headings_say_how_to_install_and_run() -> None:
    # A DVC pipeline is started as an experiment ("dvc exp run", the same run as "dvc repro"),
    # and a README in Russian names its steps in Russian: "Установите Docker" (install
    # Docker), "Запуск" (running).
    readme = (
        "# Рекомендации музыки\n\nКаскадная система рекомендаций.\n\n"
        "### Установите Docker\n\n```bash\ndocker --version\n```\n\n"
        "### Запустить эксперимент с помощью DVC\n\n```bash\ndvc exp run\n```\n"
    )
    assert _install_line(readme) == "### Установите Docker"
    assert _usage_line(readme) == "### Запустить эксперимент с помощью DVC"
    assert (
        _usage_line("# Music\n\nRun the pipeline:\n\n```bash\ndvc exp run\n```\n") == "dvc exp run"
    )
    assert _usage_line("# Музыка\n\n## Запуск\n\n```bash\nmake train\n```\n") == "## Запуск"
    # Prose about experiments is no command, nor a Russian heading that names no step.
    assert _usage_line("# Music\n\nEach dvc experiment ran for an hour.\n") is None
    assert _install_line("# Музыка\n\n## Результаты\n\nNDCG@10 0.31\n") is None


def test_french_spanish_and_portuguese_run_headings_say_how_to_run() -> None:
    # A README in French says how to run under "Utilisation" (usage) and "Reproduire les
    # résultats" (reproduce the results): its notebooks "doivent être exécutés dans l'ordre"
    # (must be run in order), listed below by name; Spanish and Portuguese say "Uso",
    # "Ejecución", "Execução".
    french = (
        "# Détection d'exoplanètes\n\nUn CNN 1D sur des courbes de lumière.\n\n"
        "## 6. Utilisation et Workflow\n\n* `develop` : branche d'intégration.\n\n"
        "### Reproduire les résultats\n\nLes notebooks doivent être exécutés dans l'ordre :\n\n"
        "1.  **`notebooks/01_EDA.ipynb`** :\n    * Chargement des données.\n"
    )
    assert _usage_line(french) in ("## 6. Utilisation et Workflow", "### Reproduire les résultats")
    for heading in ("Uso", "Ejecución", "Execução", "Exécution", "Utilización", "Utilização"):
        readme = f"# Exoplanetas\n\nUn modelo.\n\n## {heading}\n\n```bash\npython main.py\n```\n"
        assert _usage_line(readme) == f"## {heading}", heading
    # Words that only start like them name no run part.
    assert _usage_line("# Exoplanetas\n\n## Usuarios\n\nTexto.\n") is None
    assert _usage_line("# Exoplanètes\n\n## Résultats\n\nF1 0,89.\n") is None


def test_an_npm_script_that_starts_the_services_says_how_to_run() -> None:
    # A full-stack project whose Flask model service starts with the front end and the API
    # under one "npm run dev": the command is the run step, under a "Setup" heading or not.
    readme = (
        "# Hate speech\n\nA dashboard.\n\n## Setup\n\n1. Install dependencies:\n\n"
        "```bash\nnpm run install:all\n```\n\n4. Run all services:\n\n```bash\nnpm run dev\n```\n"
    )
    assert _usage_line(readme) == "npm run dev"
    assert _usage_line(readme.replace("npm run dev", "$ npm start")) == "$ npm start"
    # Installing, building, linting or testing starts nothing; prose naming npm runs nothing.
    for step in ("npm install", "npm run build", "npm run lint", "npm test", "yarn run check"):
        assert _usage_line(readme.replace("npm run dev", step)) is None, step
    assert _usage_line("# App\n\nWe used npm run scripts for the front end.\n") is None


def test_notebooks_to_run_in_the_following_order_say_how_to_run() -> None:
    # "**5 notebooks** to run in the following order:" over a list of the notebooks: the
    # order to run them in is the instruction, the names come on the lines after it.
    readme = (
        "# Clickbait\n\n**2 notebooks** to run in the following order:\n"
        "- prep.ipynb\n- train.ipynb\n"
    )
    files = {"README.md": readme, "prep.ipynb": "{}", "train.ipynb": "{}"}
    found = readme_parts(snapshot_from(files), readme)["usage"]
    assert found is not None and found.text == "**2 notebooks** to run in the following order:"
    # Run in this order, with nothing listed that the repository holds: no instruction.
    missing = {"README.md": readme, "prep.ipynb": "{}"}
    other = readme.replace("prep.ipynb", "a.ipynb").replace("train.ipynb", "b.ipynb")
    assert readme_parts(snapshot_from({**missing, "README.md": other}), other)["usage"] is None


def test_commands_in_underscore_bold_say_how_to_install_and_run() -> None:
    # "__pip install numpy__" and "Run __python train.py__": GitHub shows the commands in bold,
    # and the underscores around them are marks, not part of the words.
    readme = (
        "# Clickbait\n\nA classifier of headlines.\n\n### To run the project :\n"
        "* Install dependencies<br>\n__pip install jupyter numpy scipy sklearn__<br>\n"
        "* Run __python train.py__\n"
    )
    # The lines read as shown, without the marks.
    assert _install_line(readme) == "pip install jupyter numpy scipy sklearn<br>"
    assert _usage_line(readme) == "* Run python train.py"
    # Underscores inside a word or an inline code span are the name's own: no bold there.
    assert (
        _usage_line("# T\n\nThe `__python train.py__` file, and snake_python train.py_x\n") is None
    )


def test_numbered_steps_that_do_each_thing_with_a_named_script_say_how_to_run() -> None:
    # A plain-text "Quick Start" over numbered steps, each naming the script or notebook to do
    # it with ("3. Train model with "train model.ipynb" or use "model.pth""): the steps are
    # how to run, though no command is written and the names hold spaces.
    readme = (
        "A model that predicts the winner of a match\n\nQuick Start\n\n"
        '1. Load matches with "get data.py" or use "matches" folder\n'
        '2. Train model with "train model.ipynb" or use "model.pth"\n'
    )
    files = {"README.md": readme, "get data.py": "x = 1\n", "train model.ipynb": "{}"}
    found = readme_parts(snapshot_from(files), readme)["usage"]
    assert found is not None and found.text.startswith("1. Load matches with")
    backticked = readme.replace('"get data.py"', "`get data.py`")
    found = readme_parts(snapshot_from({**files, "README.md": backticked}), backticked)["usage"]
    assert found is not None and found.text.startswith("1. Load matches with")
    # A name the repository does not hold, or prose that is no numbered step ("The model was
    # trained with "train.py""), says nothing of how to run this one.
    missing = {"README.md": readme, "other.py": "x = 1\n"}
    assert readme_parts(snapshot_from(missing), readme)["usage"] is None
    told = 'A model.\n\nThe model was trained with "train model.ipynb" on a GPU.\n'
    assert readme_parts(snapshot_from({**files, "README.md": told}), told)["usage"] is None
