"""Web routes that run a model, and the test-client requests that reach them.

A Flask or FastAPI app loads its model at import and predicts inside a route
(``@app.route("/api/predict")``, ``@app.post("/predict")``); its tests send a sentence
through the framework's test client (``client.post("/api/predict", json=...)``). Such a
request runs the model end to end on tiny data, as a forward pass in the test would. Only a
path spelled the same in the decorator and in the request is matched: a router's prefix or a
path built at run time is not followed, so nothing is said about those.

A route runs a model when it, or a project helper it calls, runs one forward (``model(x)``)
or asks a fitted estimator for its predictions (``estimator.predict_proba(sample)`` on a
scikit-learn or Keras model loaded with ``joblib.load``): a serving app's model is seldom
called, it is asked to predict.
"""

from __future__ import annotations

import ast

from repocheck.analysis.cache import per_object
from repocheck.analysis.ml_code import Code, FunctionFacts, Repo
from repocheck.analysis.ml_names import is_double_name, method, terminal
from repocheck.analysis.spans import contains
from repocheck.facts.snapshot import SourceUnit

#: Decorator methods that register a route with its path as the first argument.
_ROUTE_DECORATORS = frozenset({"route", "get", "post", "put", "patch", "delete", "api_route"})
#: Test-client methods that send a request to a path.
_REQUESTS = frozenset({"get", "post", "put", "patch", "delete", "open"})
#: Methods a fitted estimator answers with its predictions.
_PREDICTS = frozenset({"predict", "predict_proba", "predict_log_proba", "decision_function"})


def _predicts(facts: FunctionFacts) -> bool:
    """The function asks an object it holds for predictions (``clf.predict(X)``), not a
    library function (``np.predict``) or a test's stand-in (``FakeModel().predict(x)``)."""
    return any(
        unit is facts.unit and contains(facts.node, call)
        for unit, call in _prediction_calls(facts.code)
    )


@per_object
def _prediction_calls(code: Code) -> tuple[tuple[SourceUnit, ast.Call], ...]:
    """The program's calls asking an object it holds for predictions, found once for all of
    its functions."""
    return tuple(
        (unit, call)
        for unit, call in code.method_calls(_PREDICTS)
        if not code.resolve(owner := call.func.value)  # type: ignore[attr-defined]
        and not is_double_name(terminal(owner))
    )


def _paths(node: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    return [
        decorator.args[0].value
        for decorator in node.decorator_list
        if isinstance(decorator, ast.Call)
        and method(decorator) in _ROUTE_DECORATORS
        and decorator.args
        and isinstance(decorator.args[0], ast.Constant)
        and isinstance(decorator.args[0].value, str)
        and decorator.args[0].value.startswith("/")  # mock.patch("pkg.fn") names no route
    ]


def model_routes(repo: Repo) -> dict[str, str]:
    """Route path -> the name of its function, for the routes that run a model forward
    (directly or through the project's helpers)."""
    routed = {
        name
        for name, defs in repo.functions.items()
        for facts in defs
        if isinstance(facts.node, (ast.FunctionDef, ast.AsyncFunctionDef)) and _paths(facts.node)
    }
    if not routed:
        return {}  # most projects serve nothing: which functions predict goes unasked
    running = repo.model_functions | repo.closure(_predicts)
    found: dict[str, str] = {}
    for name, defs in repo.functions.items():
        if name not in running or name not in routed:
            continue
        for facts in defs:
            if isinstance(facts.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for path in _paths(facts.node):
                    found.setdefault(path, name)
    return found


def requested_route(call: ast.Call, routes: dict[str, str]) -> str | None:
    """The route path ``client.post("/api/predict?x=1", ...)`` requests, when it is one of
    ``routes``."""
    if method(call) not in _REQUESTS or not call.args:
        return None
    first = call.args[0]
    if not isinstance(first, ast.Constant) or not isinstance(first.value, str):
        return None
    path = first.value.split("?", 1)[0]
    return path if path.startswith("/") and path in routes else None
