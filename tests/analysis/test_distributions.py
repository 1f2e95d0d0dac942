from repocheck.analysis.distributions import misspelling_of


def test_one_edit_inside_a_name_is_a_misspelling() -> None:
    assert misspelling_of("sklarn", {"sklearn", "numpy"}) == "sklearn"
    assert misspelling_of("nmupy", {"numpy"}) == "numpy"
    assert misspelling_of("matplotib", {"matplotlib"}) == "matplotlib"


def test_related_names_are_no_misspellings() -> None:
    assert misspelling_of("pandsa", {"pandas"}) is None  # the last letter moved: not inside
    assert misspelling_of("torchx", {"torch"}) is None  # something added at an end
    assert misspelling_of("jaxl", {"jax"}) is None  # too short to tell
    assert misspelling_of("pytorch", {"torch"}) is None
