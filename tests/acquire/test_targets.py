"""Targets: local paths, URLs and GitHub shorthands, and everything that must be refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from repocheck.acquire.errors import AcquireError
from repocheck.acquire.targets import Remote, check_ref, parse_target


def remote(target: str, ref: str | None = None, github_url: str = "https://github.com") -> Remote:
    found = parse_target(target, ref, github_url)
    assert isinstance(found, Remote), found
    return found


def test_an_existing_folder_is_local_even_when_it_looks_like_owner_repo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "owner" / "repo").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert parse_target("owner/repo") == Path("owner/repo")


def test_an_empty_target_is_refused_not_the_current_folder() -> None:
    # `repocheck check "$REPO"` with REPO unset must not analyze wherever it runs.
    with pytest.raises(AcquireError, match="an empty target"):
        parse_target("")


def test_owner_repo_goes_to_github_when_no_such_folder(tmp_path: Path) -> None:
    found = remote("ada/mnist-cnn")
    assert found.clone_url == "https://github.com/ada/mnist-cnn"
    assert found.canonical == "https://github.com/ada/mnist-cnn"
    assert found.name == "mnist-cnn" and found.ref is None
    assert found.token_scope == "https://github.com/"


def test_gh_shorthand_with_ref_and_enterprise_base() -> None:
    found = remote("gh:ada/mnist.git@v1.2", github_url="https://git.example.com/")
    assert found.ref == "v1.2"
    assert found.clone_url.startswith("https://git.example.com/")
    assert found.name == "mnist"
    assert found.token_scope == "https://git.example.com/"


def test_https_url_canonical_drops_dot_git_and_slash_on_github() -> None:
    found = remote("https://GitHub.com/ada/mnist.git/")
    assert found.canonical == "https://github.com/ada/mnist"
    assert found.clone_url == "https://GitHub.com/ada/mnist.git/"


def test_url_ref_suffix_and_ref_option_agree_or_refuse() -> None:
    assert remote("https://example.org/ada/mnist@main").ref == "main"
    assert remote("https://example.org/ada/mnist", "feature/x").ref == "feature/x"
    with pytest.raises(AcquireError, match="two refs"):
        parse_target("https://example.org/ada/mnist@main", "dev")


def test_no_token_for_other_hosts() -> None:
    assert remote("https://gitlab.example.org/ada/mnist").token_scope is None
    assert remote("git://127.0.0.1:9418/repo").token_scope is None


def test_scp_like_ssh_and_ssh_urls() -> None:
    found = remote("git@github.com:ada/mnist.git")
    assert found.clone_url == "git@github.com:ada/mnist.git"
    assert found.canonical == "https://github.com/ada/mnist"
    assert found.token_scope is None  # a token is an https header: never over ssh
    assert remote("ssh://git@example.org/ada/mnist.git").name == "mnist"


def test_http_only_to_loopback() -> None:
    found = remote("http://127.0.0.1:8080/repo")
    assert "http" in found.transports
    assert "http" not in remote("https://example.org/repo").transports
    with pytest.raises(AcquireError, match="plain http"):
        parse_target("http://example.org/repo")


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("ext::sh -c touch% /tmp/pwned", "transport helpers"),
        ("fd::17", "transport helpers"),
        ("ext://whatever", "not supported"),
        ("ftp://example.org/repo", "not supported"),
        ("-uhack", "start with '-'"),
        ("--upload-pack=touch /tmp/x", "start with '-'"),
        ("ssh://-oProxyCommand=x/repo", "may not start with '-'"),
        ("-oProxyCommand=x:repo", "start with '-'"),
        ("https://ada:hunter2@github.com/ada/mnist", "password in the URL"),
        ("https://example.org/a b", "spaces or control"),
        ("https://example.org/a\nb", "spaces or control"),
        ("gh:not a repo", "spaces or control"),
        ("gh:nope", "gh:OWNER/REPO"),
        ("no/such/local/path", "no such file or directory"),
    ],
)
def test_unsafe_or_unknown_targets_are_refused(target: str, message: str) -> None:
    with pytest.raises(AcquireError, match=message):
        parse_target(target)


@pytest.mark.parametrize(
    "ref", ["-b", "--orphan", "a..b", "a b", "x:y", "HEAD@{1}", "ref.lock", "/abs", "a\nb", ""]
)
def test_refs_that_git_could_misread_are_refused(ref: str) -> None:
    with pytest.raises(AcquireError, match="not a branch, tag or commit"):
        check_ref(ref)


@pytest.mark.parametrize("ref", ["main", "v1.0.2", "feature/new-model", "0123abc", "release-2024"])
def test_ordinary_refs_pass(ref: str) -> None:
    assert check_ref(ref) == ref


def test_a_local_repo_at_a_ref_is_cloned_from_file_url(tmp_path: Path) -> None:
    found = remote(str(tmp_path), "main")
    assert found.clone_url == tmp_path.resolve().as_uri()
    assert found.canonical == str(tmp_path) and found.ref == "main"


def test_github_url_must_be_https() -> None:
    with pytest.raises(AcquireError, match="--github-url"):
        parse_target("gh:ada/mnist", github_url="ftp://example.org")
    with pytest.raises(AcquireError, match="https"):
        parse_target("gh:ada/mnist", github_url="http://github.example.org")


def _git_dir(path: Path) -> Path:
    (path / "objects").mkdir(parents=True)
    (path / "refs").mkdir()
    (path / "HEAD").write_text("ref: refs/heads/main\n")
    return path


def test_a_bare_repository_is_cloned_from_file_url_at_its_head(tmp_path: Path) -> None:
    bare = _git_dir(tmp_path / "mnist.git")
    found = remote(str(bare))
    assert found.clone_url == bare.resolve().as_uri()
    assert (found.name, found.ref) == ("mnist", None)
    assert remote(str(bare), "dev").ref == "dev"


def test_a_work_trees_git_folder_points_at_the_work_tree(tmp_path: Path) -> None:
    _git_dir(tmp_path / "project" / ".git")
    with pytest.raises(AcquireError, match=r"\.git folder of .*project: analyze that folder"):
        parse_target(str(tmp_path / "project" / ".git"))
