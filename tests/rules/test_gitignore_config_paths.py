"""GIT003: a folder the run writes into, named by a key of the project's committed YAML config."""

from __future__ import annotations

from repocheck.model import Status
from tests.helpers import check, snapshot_from

PYTHON_IGNORE = "__pycache__/\n"
CONFIG = 'DATA:\n  root_dir: "data"\nLOGGING:\n  logging_dir: "artifacts/logs"\n'
#: A trainer reading its folders from an EasyDict of the YAML (``cfg.LOGGING.logging_dir``).
TRAINER = (
    "import os, time, torch\n"
    "from torch.utils.tensorboard import SummaryWriter\n"
    "def setup_logging(config):\n"
    "    base_dir = config.LOGGING.logging_dir\n"
    "    experiment_dir = os.path.join(base_dir, f'exp_{time.time()}')\n"
    "    writer = SummaryWriter(log_dir=os.path.join(experiment_dir, 'tensorboard'))\n"
    "    return writer, experiment_dir\n"
    "def save(model, cfg, step):\n"
    "    torch.save(model.state_dict(), os.path.join(cfg.LOGGING.logging_dir, f'step_{step}.pth'))\n"
)


def test_git003_reads_a_folder_from_the_committed_config_s_key() -> None:
    files = {".gitignore": PYTHON_IGNORE, "config/cfg.yml": CONFIG, "trainer.py": TRAINER}
    result = check("GIT003", snapshot_from(files))
    assert result.status is not Status.PASS, result.message
    assert "artifacts/logs/" in result.message, result.message
    snippets = [e.snippet for e in result.evidence]
    assert "torch.save writes artifacts/logs/step_0.pth" in snippets, snippets
    covered = {**files, ".gitignore": PYTHON_IGNORE + "artifacts/logs/\n"}
    assert check("GIT003", snapshot_from(covered)).status is Status.PASS


def test_git003_reads_a_config_dict_s_nested_keys_and_get_defaults() -> None:
    config = "output:\n  results_dir: ./results\n"
    code = (
        "import torch, yaml\n"
        "config = yaml.safe_load(open('configs/base.yaml'))\n"
        "torch.save(state, config['output']['results_dir'] + '/model.pth')\n"
        "torch.save(state, config['output'].get('best_dir', 'best') + '/best.pth')\n"
    )
    files = {".gitignore": PYTHON_IGNORE, "configs/base.yaml": config, "train.py": code}
    result = check("GIT003", snapshot_from(files))
    assert "(add: results/, best/)" in result.message, result.message


def test_git003_a_key_no_committed_config_holds_stays_unjudged() -> None:
    # The key is not in any committed YAML, or only one key deep (``cfg.save_dir`` may be
    # anything's attribute): the place is not told, as before.
    files = {".gitignore": PYTHON_IGNORE, "config/cfg.yml": "OTHER:\n  x: y\n", "t.py": TRAINER}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    assert result.metrics["writes_not_judged"] == 2
    shallow = "import torch\ntorch.save(m, cfg.save_dir + '/m.pth')\n"
    files = {".gitignore": PYTHON_IGNORE, "cfg.yml": "save_dir: out\n", "t.py": shallow}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message


def test_git003_a_config_path_outside_the_repository_is_no_artefact_of_it() -> None:
    config = "LOGGING:\n  logging_dir: /scratch/me/logs\n"
    files = {".gitignore": PYTHON_IGNORE, "cfg.yml": config, "trainer.py": TRAINER}
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message


HYDRA_APP = (
    "import hydra\n\n"
    '@hydra.main(config_path="configs", config_name="train", version_base=None)\n'
    "def main(cfg):\n    print(cfg)\n\n"
    'if __name__ == "__main__":\n    main()\n'
)


def test_git003_a_hydra_app_writes_its_runs_into_outputs() -> None:
    # Every run of a @hydra.main app keeps its composed config and log in
    # outputs/<date>/<time>/ below the working folder.
    files = {".gitignore": "__pycache__/\n", "train.py": HYDRA_APP, "configs/train.yaml": "lr: 1\n"}
    result = check("GIT003", snapshot_from(files))
    assert "(add: outputs/)" in result.message, result.message
    assert "hydra.main writes into outputs/" in [e.snippet for e in result.evidence]
    ignored = {**files, ".gitignore": "__pycache__/\noutputs/\n"}
    assert check("GIT003", snapshot_from(ignored)).status is Status.PASS


def test_git003_a_hydra_run_dir_from_the_config_is_where_the_runs_go() -> None:
    config = "hydra:\n  run:\n    dir: logs/hydra/${now:%Y-%m-%d_%H%M%S}\nlr: 1\n"
    files = {".gitignore": "__pycache__/\n", "train.py": HYDRA_APP, "configs/train.yaml": config}
    result = check("GIT003", snapshot_from(files))
    assert "(add: logs/hydra/)" in result.message, result.message
    # A run folder that starts from another config value is not guessed at.
    interpolated = "run:\n  dir: ${paths.log_dir}/runs/${now:%H}\n"
    files["configs/hydra/default.yaml"] = interpolated
    files["configs/train.yaml"] = "lr: 1\n"
    result = check("GIT003", snapshot_from(files))
    assert "outputs/" not in result.message and "hydra" not in result.message, result.message


SAVING_HYDRA_APP = (
    "import hydra\nimport torch\n\n"
    '@hydra.main(config_path="../conf", config_name="train", version_base=None)\n'
    "def main(cfg):\n"
    "    model = torch.nn.Linear(2, 2)\n"
    '    torch.save(model.state_dict(), f"checkpoint_{cfg.epochs}.pt")\n\n'
    'if __name__ == "__main__":\n    main()\n'
)


def test_git003_a_hydra_app_that_changes_into_its_run_folder_writes_there() -> None:
    # hydra.job.chdir: true (in the hydra group's file) makes every run work in
    # outputs/<date>/<time>/: the checkpoint saved by a bare name lands there, and the
    # .gitignore's outputs/ keeps it out; no *.pt line to add.
    chdir = "run:\n  dir: outputs/${now:%Y-%m-%d}/${now:%H-%M-%S}\njob:\n  chdir: true\n"
    files = {
        ".gitignore": "__pycache__/\noutputs/\n",
        "src/train.py": SAVING_HYDRA_APP,
        "conf/train.yaml": "defaults:\n  - hydra: default\nepochs: 5\n",
        "conf/hydra/default.yaml": chdir,
    }
    result = check("GIT003", snapshot_from(files))
    assert result.status is Status.PASS, result.message
    # Without the change of folder the checkpoint lands at the top, where nothing keeps it out.
    files["conf/hydra/default.yaml"] = chdir.replace("true", "false")
    result = check("GIT003", snapshot_from(files))
    assert "*.pt" in result.message, result.message
    # Hydra 1.1's defaults (no version_base) change folder too.
    files["src/train.py"] = SAVING_HYDRA_APP.replace(", version_base=None", "")
    files["conf/hydra/default.yaml"] = "run:\n  dir: outputs/${now:%H}\n"
    assert check("GIT003", snapshot_from(files)).status is Status.PASS
    # A run folder read from another config value is not guessed at: nothing said of the file.
    files["conf/hydra/default.yaml"] = "run:\n  dir: ${paths.log_dir}/${now:%H}\n"
    result = check("GIT003", snapshot_from(files))
    assert "*.pt" not in result.message, result.message


def test_git003_keeps_a_config_s_interpolations_out_of_its_advice() -> None:
    # The folders come from ${paths.root_path} = ${hydra:runtime.cwd}, the folder the run was
    # started from: not told by the source, and never a folder literally named "${...}".
    config = (
        "paths:\n"
        '  root_path: "${hydra:runtime.cwd}"\n'
        '  models_path: "${paths.root_path}/models"\n'
        '  preprocessor_file_path: "${paths.models_path}/preprocessor.pkl"\n'
    )
    code = (
        "import hydra, joblib\n"
        '@hydra.main(config_path="conf", config_name="config", version_base=None)\n'
        "def main(cfg):\n"
        "    joblib.dump(pipe, cfg.paths.preprocessor_file_path)\n"
        "if __name__ == '__main__':\n    main()\n"
    )
    ignore = "__pycache__/\noutputs/\nmodels/*\n"
    files = {".gitignore": ignore, "conf/config.yaml": config, "prep.py": code}
    result = check("GIT003", snapshot_from(files))
    assert "${" not in result.message, result.message
    assert all("${" not in e.snippet for e in result.evidence), result.evidence
