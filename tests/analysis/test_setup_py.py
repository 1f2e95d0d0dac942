"""The extensions a repository's own setup.py builds are modules of the repository."""

from __future__ import annotations

from repocheck.analysis.setup_py import built_extensions
from tests.helpers import snapshot_from

LITERAL = (
    "from setuptools import setup\n"
    "from torch.utils.cpp_extension import CUDAExtension\n"
    "setup(name='local_att', ext_modules=[CUDAExtension('local_att', ['a.cpp'])])\n"
)
# instant-NGP ports build their kernels so: the list bound to a name first.
NAMED = (
    "from setuptools import setup\n"
    "from torch.utils.cpp_extension import BuildExtension, CUDAExtension\n"
    "ext_modules = [\n"
    "    CUDAExtension('nerfngp_cuda', ['csrc/binding.cpp']),\n"
    "]\n"
    "setup(name='instant-ngp', ext_modules=ext_modules, cmdclass={'build_ext': BuildExtension})\n"
)


def test_an_extension_listed_in_the_setup_call_is_built() -> None:
    assert built_extensions(snapshot_from({"ext/setup.py": LITERAL}).sources) == {"local_att"}


def test_an_extension_listed_under_a_module_level_name_is_built() -> None:
    assert built_extensions(snapshot_from({"ngp/setup.py": NAMED}).sources) == {"nerfngp_cuda"}


def test_a_name_bound_to_something_else_builds_nothing() -> None:
    other = NAMED.replace("ext_modules = [", "ext_modules = find([")
    other = other.replace("\n]\n", "\n])\n")
    assert built_extensions(snapshot_from({"ngp/setup.py": other}).sources) == set()
