"""Files a README's commands name, read against the repository (analysis/readme_commands.py)."""

from __future__ import annotations

from repocheck.analysis.readme_commands import readme_commands
from repocheck.analysis.readme_lines import read_lines


def _absent(readme: str, tracked: frozenset[str]) -> list[str]:
    commands = readme_commands(read_lines(readme), tracked, "project")
    return [file.path for file in commands.absent]


def test_a_file_an_earlier_command_downloads_is_no_absent_file() -> None:
    # pip's bootstrap script: `curl ... -o get-pip.py` then `python3.9 get-pip.py`; the README
    # brings the file it runs, as wget does with the name of the URL it fetches.
    readme = (
        "# project\n\n## Install\n\n```bash\n"
        "curl https://bootstrap.pypa.io/get-pip.py -o get-pip.py\n"
        "python3.9 get-pip.py\n"
        "wget https://example.org/tools/fetch_data.py\n"
        "python fetch_data.py\n"
        "curl -L --output setup_env.py https://example.org/x\n"
        "python setup_env.py\n"
        "python train.py\n```\n"
    )
    assert _absent(readme, frozenset({"main.py"})) == ["train.py"]


def test_a_clone_of_a_placeholder_owner_is_this_project_and_its_commands_are_read() -> None:
    # A README template's `git clone https://github.com/username/Tool.git`: the owner is a
    # word to replace, the project is this one, so its install step is read like any other.
    readme = (
        "# Tool\n\n## Installation\n\n```bash\n"
        "git clone https://github.com/username/Tool.git\n"
        "cd Tool/Backend\n"
        "pip install -r requirements.txt\n"
        "python app.py\n```\n"
    )
    tracked = frozenset({"app.py", "requirement.txt"})
    commands = readme_commands(read_lines(readme), tracked, "Tool-Extension")
    assert [file.path for file in commands.absent] == ["requirements.txt"]
    ssh = readme.replace("https://github.com/username/", "git@github.com:GITHUB_USER/")
    commands = readme_commands(read_lines(ssh), tracked, "Tool-Extension")
    assert [file.path for file in commands.absent] == ["requirements.txt"]


def test_a_clone_of_another_named_project_leaves_the_commands_unread() -> None:
    readme = (
        "# project\n\n## Run\n\n```bash\n"
        "git clone https://github.com/ultralytics/yolov5\n"
        "pip install -r requirements.txt\n"
        "python train.py\n```\n"
    )
    assert _absent(readme, frozenset({"main.py"})) == []


def test_a_script_a_sentence_says_to_run_is_read_as_a_command() -> None:
    # "Run `main_train.py` to train": the script was deleted, so the step fails as written.
    readme = "# fabric\n\nRun `main_train.py` to train the VGG16, then run test.py.\n"
    commands = readme_commands(read_lines(readme), frozenset({"test.py"}), "fabric")
    assert [file.path for file in commands.absent] == ["main_train.py"]
    assert commands.runs_a_held_file  # test.py is there
    alone = readme_commands(read_lines("Run `main_train.py` to train.\n"), frozenset(), "f")
    assert alone.every("run") and not alone.runs_a_held_file
    # Said in Chinese ("运行main_train.py，开始训练": run main_train.py to start training).
    chinese = readme_commands(read_lines("3. 运行main_train.py，开始训练\n"), frozenset(), "f")
    assert [file.path for file in chinese.absent] == ["main_train.py"]
    # A name run on from other words ("运行程序main.py") is not cut out of them.
    unsure = readme_commands(read_lines("运行程序main.py\n"), frozenset(), "f")
    assert unsure.absent == ()


def test_a_generic_script_name_the_readme_explains_is_a_placeholder() -> None:
    # "python3 src/script.py ... Here 'script.py' represents any python script": a name
    # for any of the project's scripts, as ``your_script.py`` is; a real name still counts.
    readme = (
        "# project\n\n## Run Project\n\n```bash\npython3 src/run_project.py\n```\n"
        "Any script can be run on its own:\n```bash\npython3 src/script.py\n"
        "python3 src/script_name.py\npython3 src/filename.py\npython3 src/train.py\n```\n"
        "Here script.py represents any python script.\n"
    )
    assert _absent(readme, frozenset({"run_project.py"})) == ["src/train.py"]


def test_a_tracked_file_with_a_generic_name_is_still_a_held_run() -> None:
    readme = "# project\n\n## Usage\n\n```bash\npython script.py\n```\n"
    commands = readme_commands(read_lines(readme), frozenset({"script.py"}), "project")
    assert commands.absent == () and commands.runs_a_held_file
