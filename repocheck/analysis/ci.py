"""The CI configurations, read the way the CI service reads them, once per snapshot.

YAML configurations are parsed (PyYAML's composer keeps every value's line): one that does not
parse does not run, and says where it breaks. The commands a configuration runs are the values
of its command keys (GitHub's ``run``, GitLab's ``script``, CircleCI's ``command`` ...), each
with the line it sits on; a ``pytest`` in a step's name, a cache key or an ``if:`` is not a
command. A Jenkinsfile is Groovy, not YAML: every meaningful line of it counts as a command.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from repocheck.analysis.cache import per_object
from repocheck.facts.snapshot import Snapshot
from repocheck.facts.yaml_text import safe_loader
from repocheck.patterns import compile_on_use

if TYPE_CHECKING:
    import yaml

#: CI configurations that live at one fixed path.
CI_PATHS = frozenset(
    {
        ".gitlab-ci.yml",
        ".gitlab-ci.yaml",
        ".circleci/config.yml",
        ".circleci/config.yaml",
        "azure-pipelines.yml",
        "azure-pipelines.yaml",
        ".azure-pipelines.yml",
        ".travis.yml",
        "Jenkinsfile",
        "bitbucket-pipelines.yml",
        ".drone.yml",
        "appveyor.yml",
        ".appveyor.yml",
        ".cirrus.yml",
        ".woodpecker.yml",
        ".buildkite/pipeline.yml",
        ".semaphore/semaphore.yml",
    }
)
#: Workflow folders hold any number of files; only their direct children run.
CI_FOLDERS = compile_on_use(r"^\.(github|gitea|forgejo)/workflows/[^/]+\.ya?ml$")
#: Other services that read every file of a folder.
_OTHER_FOLDERS = compile_on_use(r"^\.woodpecker/[^/]+\.ya?ml$")

#: Keys whose values are shell commands, across GitHub, GitLab, CircleCI, Azure, Travis and
#: Bitbucket.
COMMAND_KEYS = frozenset(
    {
        "run",
        "script",
        "scripts",
        "before_script",
        "after_script",
        "before_install",
        "install",
        "after_success",
        "command",
        "commands",
        "bash",
        "pwsh",
        "powershell",
        "cmd",
        "shell_command",
    }
)

_COMMENT = compile_on_use(r"^\s*(#|//)")


@dataclass(frozen=True)
class Command:
    """One line of a command the CI runs: its 1-based line in the file, the command's text,
    and the source line to show (``- run: pytest -q``)."""

    line: int
    text: str
    shown: str = ""
    #: For a step of a local composite action: the action's file and the configuration's
    #: ``uses:`` line that runs it.
    action: str | None = None
    via: int | None = None


@dataclass(frozen=True)
class CiConfig:
    """One CI configuration: where it breaks if it does not parse, and the commands it runs.

    ``runs`` is False for a configuration that can run nothing: it does not parse, is empty,
    or is a GitHub workflow without jobs.
    """

    path: str
    commands: tuple[Command, ...] = ()
    error: str | None = None
    error_line: int | None = None
    runs: bool = True
    #: The YAML parses but the service refuses it (a GitHub job without runs-on).
    rejected: bool = False
    #: A GitHub workflow's events (push, pull_request, schedule ...); empty elsewhere.
    triggers: tuple[str, ...] = ()
    #: (line, what) of configuration run from elsewhere that repocheck does not read: a
    #: reusable workflow of another repository, a local composite action, a GitLab include.
    unread: tuple[tuple[int, str], ...] = ()

    @property
    def on_every_change(self) -> bool:
        """Whether pushes or pull requests start it: true of every service but a GitHub
        workflow started only by hand, on a schedule or on a release."""
        return not self.triggers or bool(_CHANGE_EVENTS & set(self.triggers))

    @property
    def broken(self) -> str:
        """Why the configuration cannot run, for messages ("does not parse (line 9: ...)")."""
        if self.error is None:
            return ""
        verdict = "is not a valid workflow" if self.rejected else "does not parse"
        return f"{verdict} ({self.error})"


def service(path: str) -> str:
    """Who runs the configuration, for messages: "GitHub", "GitLab", "the CI service"."""
    if path.startswith(".github/"):
        return "GitHub"
    if path.startswith(".gitlab-ci"):
        return "GitLab"
    return "the CI service"


def ci_files(snapshot: Snapshot) -> list[str]:
    """Paths of the repository's CI configurations, sorted."""
    return sorted(
        info.path
        for info in snapshot.files
        if info.path in CI_PATHS or CI_FOLDERS.match(info.path) or _OTHER_FOLDERS.match(info.path)
    )


def meaningful_lines(text: str) -> list[tuple[int, str]]:
    """(1-based line number, line) of every line that is neither blank nor a comment."""
    return [
        (number, line)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not _COMMENT.match(line)
    ]


@per_object
def ci_configs(snapshot: Snapshot) -> tuple[CiConfig, ...]:
    """Every CI configuration of the snapshot, read once, in path order, the steps of the
    local composite actions it uses read into it."""
    configs = (read_config(path, snapshot.texts.get(path, "")) for path in ci_files(snapshot))
    return tuple(_with_actions(config, snapshot) for config in configs)


def _with_actions(config: CiConfig, snapshot: Snapshot) -> CiConfig:
    """Follow each ``uses: ./folder`` into ``folder/action.yml``; what cannot be read stays
    unread."""
    commands = list(config.commands)
    unread = []
    for line, what in config.unread:
        folder = what.removeprefix("uses: ./").rstrip("/") if what.startswith("uses: ./") else None
        found = _action_commands(snapshot, folder, line) if folder else None
        if found is None:
            unread.append((line, what))
        else:
            commands.extend(found)
    return replace(config, commands=tuple(commands), unread=tuple(unread))


def _action_commands(snapshot: Snapshot, folder: str, via: int) -> list[Command] | None:
    """The commands of a composite action's steps, or None without a readable action file."""
    import yaml

    for name in ("action.yml", "action.yaml"):
        path = f"{folder}/{name}"
        text = snapshot.texts.get(path)
        if text is None:
            continue
        try:
            root = yaml.compose(text, Loader=safe_loader())
        except (yaml.YAMLError, RecursionError, ValueError):
            return None
        if not isinstance(root, yaml.MappingNode):
            return None
        lines = text.splitlines()
        return [replace(c, action=path, via=via) for c in _commands(root, lines)]
    return None


def read_config(path: str, text: str) -> CiConfig:
    """Read one configuration: YAML is parsed, a Jenkinsfile taken line by line."""
    if not path.endswith((".yml", ".yaml")):
        lines = meaningful_lines(text)
        commands = tuple(Command(n, line.strip(), line.strip()) for n, line in lines)
        return CiConfig(path, commands, runs=len(lines) > 1)
    import yaml  # imported here, not at the top: a repository without CI never pays for it

    try:
        root = yaml.compose(text, Loader=safe_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        where = f"line {line}: " if line else ""
        return CiConfig(path, error=f"{where}{problem}", error_line=line, runs=False)
    except RecursionError:  # nesting past the parser's stack
        return CiConfig(path, error="too deeply nested to parse", runs=False)
    except ValueError as exc:  # odd bytes the reader refuses
        return CiConfig(path, error=f"cannot be read: {exc}"[:100], runs=False)
    if not isinstance(root, yaml.MappingNode):
        return CiConfig(path, runs=False)
    commands = tuple(_commands(root, text.splitlines()))
    if CI_FOLDERS.match(path):
        rejected = _rejected_workflow(root)
        if rejected is not None:
            return CiConfig(path, commands, rejected[1], rejected[0], runs=False, rejected=True)
        jobs = bool(_jobs(root))
        return CiConfig(path, commands, runs=jobs, triggers=_triggers(root), unread=_uses(root))
    # GitLab's include:, CircleCI's orbs: ... may be all a working configuration holds.
    included = _value(root, "include")
    unread = ((included.start_mark.line + 1, "include:"),) if included is not None else ()
    return CiConfig(path, commands, runs=bool(root.value), unread=unread)


def _uses(root: yaml.MappingNode) -> tuple[tuple[int, str], ...]:
    """Jobs calling another repository's workflow, and steps running a local action."""
    import yaml

    found = []
    for _, job in _jobs(root):
        if not isinstance(job, yaml.MappingNode):
            continue
        called = _value(job, "uses")
        if isinstance(called, yaml.ScalarNode) and not str(called.value).startswith("./"):
            found.append((called.start_mark.line + 1, f"uses: {called.value}"))
        steps = _value(job, "steps")
        for step in steps.value if isinstance(steps, yaml.SequenceNode) else []:
            action = _value(step, "uses") if isinstance(step, yaml.MappingNode) else None
            if isinstance(action, yaml.ScalarNode) and str(action.value).startswith("./"):
                found.append((action.start_mark.line + 1, f"uses: {action.value}"))
    return tuple(found)


def _value(node: yaml.MappingNode, key: str) -> yaml.Node | None:
    import yaml

    return next(
        (v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None
    )


def _jobs(root: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    """A GitHub workflow runs only its ``jobs``: without one it does nothing."""
    import yaml

    jobs = _value(root, "jobs")
    return list(jobs.value) if isinstance(jobs, yaml.MappingNode) else []


#: GitHub events that fire on each change to the code. A workflow another one calls or follows
#: (workflow_call, workflow_run) gets the benefit of the doubt: its caller may run on push.
_CHANGE_EVENTS = frozenset(
    {"push", "pull_request", "pull_request_target", "merge_group", "workflow_call", "workflow_run"}
)


def _triggers(root: yaml.MappingNode) -> tuple[str, ...]:
    """``on: push``, ``on: [push, pull_request]`` or ``on: {push: ..., schedule: ...}``."""
    import yaml

    on = _value(root, "on")
    if isinstance(on, yaml.ScalarNode):
        return (str(on.value),)
    if isinstance(on, yaml.SequenceNode):
        return tuple(str(item.value) for item in on.value if isinstance(item, yaml.ScalarNode))
    if isinstance(on, yaml.MappingNode):
        return tuple(str(key.value) for key, _ in on.value if isinstance(key, yaml.ScalarNode))
    return ()


def _rejected_workflow(root: yaml.MappingNode) -> tuple[int, str] | None:
    """(line, reason) when GitHub refuses the workflow: no trigger, or a job that says
    neither where it runs (``runs-on``) nor which workflow it calls (``uses``)."""
    import yaml

    if _value(root, "on") is None:
        return 1, "no on: trigger, so GitHub never starts it"
    for key, job in _jobs(root):
        if isinstance(job, yaml.MappingNode) and not any(
            _value(job, name) is not None for name in ("runs-on", "uses")
        ):
            return key.start_mark.line + 1, f"job {key.value} has no runs-on"
    return None


def _commands(root: yaml.Node, lines: list[str]) -> list[Command]:
    """The command lines under every command key, in file order, each node read once (an
    alias may point back at its own parent)."""
    import yaml

    found: list[Command] = []
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, is_command = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            if is_command:
                found.extend(_scalar_lines(node, lines))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, is_command) for item in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else ""
                # CircleCI's "run: {command: ...}" nests the command one level down.
                stack.append((value, name in COMMAND_KEYS))
    return sorted(set(found), key=lambda command: command.line)


def _scalar_lines(node: yaml.ScalarNode, lines: list[str]) -> list[Command]:
    """The lines a command value covers: itself when on one line, else the source lines of a
    block (``run: |``), so evidence can point at the very line that runs the tests."""
    start, end = node.start_mark.line, node.end_mark.line
    if node.end_mark.column == 0 and end > start:
        end -= 1  # a block ends at the start of the line after it
    if node.style in ("|", ">"):
        start += 1  # the indicator's own line holds no command
    elif start == end:
        value = str(node.value).strip()
        shown = lines[start].strip() if start < len(lines) else value
        return [Command(start + 1, value, shown)] if value else []
    found = []
    for index in range(start, min(end + 1, len(lines))):
        text = lines[index].strip()
        if text and not _COMMENT.match(text):
            found.append(Command(index + 1, text, text))
    return found
