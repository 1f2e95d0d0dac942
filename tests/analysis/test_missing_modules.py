from __future__ import annotations

from repocheck.analysis.missing_modules import is_project_module_name, named_in_another_case
from tests.helpers import snapshot_from


def test_a_helper_module_named_for_the_projects_data_or_model_is_the_projects() -> None:
    # dataset_utils/ renamed to utils/ while a script still imports dataset_utils: the
    # project's own module, named as learners name them, not a package to declare.
    for name in ("dataset_utils", "image_utils", "vqa_dataset_utils", "Model_Helpers"):
        assert is_project_module_name(name), name
    # Helper names built on no word of a project's own are packages (python-utils,
    # lightning-utilities), and so is a library's name with a helper word in front.
    for name in ("python_utils", "lightning_utilities", "torch_utils", "utils_extra", "dataset"):
        assert is_project_module_name(name) is (name == "dataset"), name


def test_a_module_of_the_authors_functions_is_the_projects() -> None:
    # main.py's `from functions import *` where no functions.py is committed (and main.py
    # takes np from it): the author's module left out of a commit, not a package to declare.
    assert is_project_module_name("functions")


def test_a_folder_of_experiment_configs_is_the_projects() -> None:
    # `from exps.baseline.config import config`, kept from the training template a project
    # grew from (YOLOX and its kin keep each run's settings in exps/): the project's folder
    # of experiments, left out of the commit, not a package to declare.
    for name in ("exps", "exp", "experiments", "Experiment"):
        assert is_project_module_name(name), name
    # A library with "exp" in its name stays a package.
    for name in ("expecttest", "exputils", "experta"):
        assert not is_project_module_name(name), name


def test_a_module_of_the_authors_network_is_the_projects() -> None:
    # A notebook's `from net import ShuffleNetV2` where no net.py is committed (its saved
    # output is "No module named 'net'"): the author's module holding the model, left out of
    # the commit, not a package to declare.
    for name in ("net", "nets", "Net"):
        assert is_project_module_name(name), name
    # Libraries whose names merely end in "net" stay packages.
    for name in ("netaddr", "efficientnet", "dotnet"):
        assert not is_project_module_name(name), name


def test_a_module_named_in_another_case_is_found_nearest_the_importer() -> None:
    paths = ["a/neuralnetwork.py", "b/neuralnetwork.py", "b/run.py", "Utils/__init__.py"]
    snapshot = snapshot_from(dict.fromkeys(paths, "x = 1\n"))
    assert named_in_another_case("Neuralnetwork", "b/run.py", snapshot) == "b/neuralnetwork.py"
    assert named_in_another_case("utils", "b/run.py", snapshot) == "Utils/__init__.py"
    # The same name in the same case is not another case; no such name at all is None.
    assert named_in_another_case("neuralnetwork", "b/run.py", snapshot) is None
    assert named_in_another_case("models", "b/run.py", snapshot) is None


def test_a_module_does_not_import_itself_under_another_case() -> None:
    # ``from kan import *`` in ``KAN/KAN.py`` takes a package (pykan's ``kan``): a module
    # importing itself would be a loop, so its own file is no other-case match.
    paths = ["KAN/KAN.py", "run.py"]
    snapshot = snapshot_from(dict.fromkeys(paths, "x = 1\n"))
    assert named_in_another_case("kan", "KAN/KAN.py", snapshot) is None
    # Another file of that name still is one.
    assert named_in_another_case("kan", "run.py", snapshot) == "KAN/KAN.py"


def test_a_folder_of_modules_without_init_is_found_in_another_case() -> None:
    # src/Training/ holds modules and no __init__.py: Python imports it as a namespace
    # package, so `import training` names it but for case.
    paths = ["src/Training/evaluation.py", "src/main.py"]
    snapshot = snapshot_from(dict.fromkeys(paths, "x = 1\n"))
    assert named_in_another_case("training", "src/main.py", snapshot) == "src/Training/"
    assert named_in_another_case("Training", "src/main.py", snapshot) is None


def test_a_course_part_a_script_imports_is_the_courses_module() -> None:
    # `from part3_ppo.solutions import PPOArgs` in a learner's PPO, kept from the course's
    # exercise folders (part3_ppo/, chapter2_rl/, week3_lab): a module of the course left
    # out of the repository, not a package to declare ("part3-ppo" is on no index).
    for name in ("part3_ppo", "chapter2_rl", "week3", "hw2_utils", "lab1", "Assignment4"):
        assert is_project_module_name(name), name
    # Packages whose names hold such a word, or a digit after another word, stay packages.
    for name in ("partd", "labml", "homework_checker", "py3dmol", "h5py", "labelme"):
        assert not is_project_module_name(name), name
