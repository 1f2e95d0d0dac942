"""Key paths of the committed YAML configs, and the key path an access chain reads."""

from __future__ import annotations

import ast
import itertools

from repocheck.analysis.config_values import config_strings, config_value, key_path
from tests.helpers import snapshot_from


def _chain(source: str) -> tuple[str, ...]:
    node = ast.parse(source, mode="eval").body
    return key_path(node)


def test_key_paths_two_keys_deep_from_yaml_outside_ci() -> None:
    files = {
        "configs/a.yml": "out:\n  dir: runs\n  n: 3\ntop: x\n",
        "configs/b.yaml": "out:\n  dir: results\n",
        ".github/workflows/ci.yml": "jobs:\n  build:\n    runs-on: ubuntu-latest\n",
        "broken.yml": "a: [\n",
        "train.py": "x = 1\n",
    }
    configs = config_strings(snapshot_from(files))
    assert configs == {("out", "dir"): ("runs", "results")}


def test_access_chains_and_their_config_values() -> None:
    assert _chain("self.cfg.LOGGING.logging_dir") == ("cfg", "LOGGING", "logging_dir")
    assert _chain("config['output']['results_dir']") == ("output", "results_dir")
    assert _chain("config[key]['dir']") == ()
    assert _chain("load().x.y") == ()
    configs = {("LOGGING", "logging_dir"): ("logs",)}
    assert config_value(("cfg", "LOGGING", "logging_dir"), configs) == ("logs",)
    assert config_value(("logging_dir",), configs) == ()
    assert config_value(("OTHER", "logging_dir"), configs) == ()


def test_interpolations_are_resolved_from_the_configs_or_left_unknown() -> None:
    # OmegaConf's ${a.b} names another key of the composed config; a resolver such as
    # ${hydra:runtime.cwd} or ${oc.env:HOME} is only told at run time.
    config = (
        "paths:\n"
        '  root_path: "${hydra:runtime.cwd}"\n'
        '  models_path: "${paths.root_path}/models"\n'
        '  preprocessor_file_path: "${paths.models_path}/preprocessor.pkl"\n'
        '  out_dir: "${paths.run_dir}/out"\n'
        "  run_dir: runs\n"
        '  loop: "${paths.loop}/x"\n'
    )
    configs = config_strings(snapshot_from({"conf/config.yaml": config}))
    assert configs[("paths", "models_path")] == ("\x00/models",)
    assert configs[("paths", "preprocessor_file_path")] == ("\x00/models/preprocessor.pkl",)
    assert configs[("paths", "out_dir")] == ("runs/out",)
    assert configs[("paths", "loop")] == ("\x00",)


def test_interpolations_that_multiply_are_cut_off_not_expanded() -> None:
    # Each value names the next one a hundred times: expanded, the first would be 100^4
    # copies of the last (a config-sized "billion laughs"); a path that long is no path the
    # advice could name, so it is a part the configs do not tell.
    keys = ["a", "b", "c", "d", "e"]
    lines = [
        f'  {key}: "{("${paths." + after + "}") * 100}"' for key, after in itertools.pairwise(keys)
    ]
    config = "paths:\n" + "\n".join(lines) + '\n  e: "' + "x" * 40 + '"\n'
    configs = config_strings(snapshot_from({"conf/config.yaml": config}))
    assert [configs[("paths", key)] for key in "abc"] == [("\x00",)] * 3
    assert configs[("paths", "d")] == ("x" * 4000,)
