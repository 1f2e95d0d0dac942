"""Which names of a function reach only results its caller throws away."""

from __future__ import annotations

import ast

from repocheck.analysis.discarded_results import (
    assigns_only,
    builds_only,
    dead_names,
    discarded_positions,
    unpacked_names,
)


def _function(source: str) -> ast.FunctionDef:
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef)
    return node


LOADERS = (
    "def loaders(ds, test_ds):\n"
    "    train_ds, val_ds = random_split(ds, [8, 2])\n"
    "    train_dl = DataLoader(train_ds, shuffle=True)\n"
    "    val_dl = DataLoader(val_ds)\n"
    "    test_dl = DataLoader(test_ds)\n"
    "    return train_dl, val_dl, test_dl\n"
)


def test_names_feeding_only_discarded_positions_are_dead() -> None:
    function = _function(LOADERS)
    assert dead_names(function, (3, frozenset({0, 1}))) == {
        "train_ds",
        "val_ds",
        "train_dl",
        "val_dl",
    }
    # The validation loader kept: the split's training half and loader are dead, but the
    # split itself assigns a used name too, so it is no statement to leave out.
    kept = dead_names(function, (3, frozenset({0})))
    assert kept == {"train_ds", "train_dl"}
    split = function.body[0]
    assert not assigns_only(split, kept) and assigns_only(function.body[1], kept)


def test_a_name_read_elsewhere_is_used() -> None:
    iterated = LOADERS.replace("    return", "    for batch in train_dl:\n        pass\n    return")
    assert "train_dl" not in dead_names(_function(iterated), (3, frozenset({0, 1})))
    shared = LOADERS.replace("):\n", "):\n    global train_dl\n", 1)
    assert "train_dl" not in dead_names(_function(shared), (3, frozenset({0, 1})))
    nested = LOADERS.replace("    return", "    def show():\n        print(val_dl)\n    return")
    assert "val_dl" not in dead_names(_function(nested), (3, frozenset({0, 1})))
    attribute = LOADERS.replace("    return", "    self.loader = train_dl\n    return")
    assert "train_dl" not in dead_names(_function(attribute), (3, frozenset({0, 1})))


def test_returns_of_another_shape_say_nothing() -> None:
    other = LOADERS.replace("    return", "    if ds is None:\n        return None\n    return")
    assert dead_names(_function(other), (3, frozenset({0, 1}))) == frozenset()
    assert dead_names(_function(LOADERS), (2, frozenset({0}))) == frozenset()


def test_the_caller_side_unpacking() -> None:
    statement = ast.parse("a, _, c = f()").body[0]
    assert isinstance(statement, ast.Assign)
    names = unpacked_names(statement)
    assert names == ["a", "_", "c"]
    assert discarded_positions(names, {"c"}) == (3, frozenset({0, 1}))
    assert discarded_positions(["a", "c"], {"a", "c"}) is None
    single = ast.parse("a = f()").body[0]
    assert isinstance(single, ast.Assign)
    assert unpacked_names(single) is None


def test_only_a_value_built_and_assigned_is_left_out() -> None:
    built, trained, shuffled = (
        ast.parse(line).body[0]
        for line in ("x = DataLoader(ds)", "history = model.fit(X, y)", "y = np.random.shuffle(a)")
    )
    for statement in (built, trained, shuffled):
        assert isinstance(statement, ast.Assign)
    assert assigns_only(built, {"x"}) and not assigns_only(built, {"y"})
    assert builds_only(built, built.value)  # type: ignore[attr-defined]
    assert not builds_only(trained, trained.value)  # type: ignore[attr-defined]
    assert not builds_only(shuffled, shuffled.value)  # type: ignore[attr-defined]


DICT_LOADERS = (
    "def loaders(datasets):\n"
    "    dataloaders = {}\n"
    "    for k in datasets.keys():\n"
    "        if k == 'train':\n"
    "            dataloaders[k] = DataLoader(datasets[k], shuffle=True)\n"
    "        else:\n"
    "            dataloaders[k] = DataLoader(datasets[k])\n"
    "    return datasets, dataloaders\n"
)


def test_a_fresh_container_filled_item_by_item_is_dead_with_its_position() -> None:
    function = _function(DICT_LOADERS)
    assert dead_names(function, (2, frozenset({1}))) == {"dataloaders"}
    filled = function.body[1].body[0].body[0]  # type: ignore[attr-defined]
    assert assigns_only(filled, {"dataloaders"})
    assert builds_only(filled, filled.value)
    assert dead_names(function, (2, frozenset({0}))) == frozenset()
    # A container the caller handed in (or one bound to anything but a fresh display)
    # outlives the call: filling it is a use.
    handed_in = DICT_LOADERS.replace("(datasets):", "(datasets, dataloaders):").replace(
        "    dataloaders = {}\n", ""
    )
    assert dead_names(_function(handed_in), (2, frozenset({1}))) == frozenset()
    aliased = DICT_LOADERS.replace("dataloaders = {}", "dataloaders = CACHE")
    assert dead_names(_function(aliased), (2, frozenset({1}))) == frozenset()
