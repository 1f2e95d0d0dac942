from repocheck.analysis.distributions import is_declared, misspelling_of


def test_one_edit_inside_a_name_is_a_misspelling() -> None:
    assert misspelling_of("sklarn", {"sklearn", "numpy"}) == "sklearn"
    assert misspelling_of("nmupy", {"numpy"}) == "numpy"
    assert misspelling_of("matplotib", {"matplotlib"}) == "matplotlib"


def test_related_names_are_no_misspellings() -> None:
    assert misspelling_of("pandsa", {"pandas"}) is None  # the last letter moved: not inside
    assert misspelling_of("torchx", {"torch"}) is None  # something added at an end
    assert misspelling_of("jaxl", {"jax"}) is None  # too short to tell
    assert misspelling_of("pytorch", {"torch"}) is None


def test_a_flask_app_imports_what_flask_and_its_extensions_install() -> None:
    # A Flask demo pinning Flask and Flask-WTF imports wtforms' fields and werkzeug's
    # secure_filename: each is a hard requirement of what it declares.
    declared = frozenset({"flask", "flask-wtf"})
    for name in ("wtforms", "werkzeug", "jinja2", "itsdangerous", "markupsafe", "click"):
        assert is_declared(name, declared), name
    assert is_declared("flask", frozenset({"flask-login"}))
    # Flask itself does not bring WTForms, nor an extension another one.
    assert not is_declared("wtforms", frozenset({"flask"}))
    assert not is_declared("flask_login", frozenset({"flask-wtf"}))
