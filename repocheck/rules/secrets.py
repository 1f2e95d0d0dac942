"""Secrets rule: no API key, token or private key in any committed text file (GIT006).

Evidence names the kind of secret and a masked form of it: a report never repeats a secret.
``mask_secrets`` applies the same shapes to any text, so that the report masks a secret
wherever else it shows up (a README line, a path literal, a commit subject).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator

from repocheck.facts.snapshot import Snapshot
from repocheck.model import Evidence, Metrics, Result
from repocheck.patterns import compile_on_use
from repocheck.registry import rule
from repocheck.rules._verdict import committed_or_not
from repocheck.wording import plural

#: provider -> (label, shape anchored at one of its tokens, group "key" being the secret).
_SHAPES: dict[str, tuple[str, re.Pattern[str]]] = {
    "aws": ("AWS access key", compile_on_use(r"\b(?P<key>(?:AKIA|ASIA)[0-9A-Z]{16})\b")),
    "github": (
        "GitHub token",
        compile_on_use(r"\b(?P<key>gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{40,})\b"),
    ),
    "openai": (
        "OpenAI API key",
        compile_on_use(r"\b(?P<key>sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,})"),
    ),
    "huggingface": ("Hugging Face token", compile_on_use(r"\b(?P<key>hf_[A-Za-z]{34})\b")),
    "slack": ("Slack token", compile_on_use(r"\b(?P<key>xox[baprs]-[A-Za-z0-9-]{10,})")),
    "pem": (
        "private key",
        # Only a header followed by key material: docs that show the header alone are fine.
        compile_on_use(
            r"(?P<key>-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----)"
            r"(?=(?:\s|\\[nr]|[\",'])*(?:[A-Za-z0-9+/=]{20,}|Proc-Type))"
        ),
    ),
    "wandb": ("W&B API key", compile_on_use(r"(?i:wandb)[^\n]{0,60}?\b(?P<key>[0-9a-f]{40})\b")),
    # No prefix of its own: 20 letters and digits given to the client as its api_key
    # (``Roboflow(api_key="...")``, ``ROBOFLOW_API_KEY = "..."``), quotes escaped in a notebook.
    "roboflow": (
        "Roboflow API key",
        compile_on_use(
            r"(?i:roboflow[^\n]{0,40}?api_key)[\\\"'\]\s]{0,6}[=:]\s*\\?[\"']"
            r"(?P<key>[A-Za-z0-9]{20})\\?[\"']"
        ),
    ),
    # Comet's key has no prefix either: 25 letters and digits given as api_key a few lines
    # below comet_ml's import (``Experiment(\n    api_key="...",``), or set as COMET_API_KEY.
    "comet": (
        "Comet API key",
        compile_on_use(
            r"(?i:comet)(?:[^\n]*\n){0,6}?[^\n]{0,60}?(?i:api_key)[\\\"'\]\s]{0,6}[=:]\s*"
            r"\\?[\"'](?P<key>[A-Za-z0-9]{25})\\?[\"']"
        ),
    ),
    # NASA's key (api.nasa.gov) has no prefix either: 40 letters and digits given as api_key,
    # a default argument, a constant or a URL's query parameter (``...&api_key=...``). Only
    # in a file that calls api.nasa.gov (see ``_secrets_in``): elsewhere the shape is anyone's.
    "nasa": (
        "NASA API key",
        compile_on_use(
            r"(?i:api_key)[\\\"'\]\s]{0,6}[=:]\s*\\?[\"']?(?P<key>[A-Za-z0-9]{40})(?![A-Za-z0-9])"
        ),
    ),
    # Kaggle's key has no prefix either: 32 hex digits, written into kaggle.json by hand
    # ({"username": "...", "key": "..."}, quotes escaped in a notebook) or set as KAGGLE_KEY.
    "kaggle_json": (
        "Kaggle API key",
        compile_on_use(
            r"username\\?[\"']\s*:\s*\\?[\"'][^\"'\\\n]{1,60}\\?[\"']\s*,\s*"
            r"\\?[\"']key\\?[\"']\s*:\s*\\?[\"'](?P<key>[0-9a-f]{32})\\?[\"']"
        ),
    ),
    "kaggle_env": (
        "Kaggle API key",
        compile_on_use(
            r"(?i:kaggle_key)[\\\"'\]\s]{0,6}[=:]\s*\\?[\"']?(?P<key>[0-9a-f]{32})(?![0-9a-zA-Z])"
        ),
    ),
    # A password has no shape of its own: a strong one (three kinds of character at least)
    # given to a name that says password (``"password": "..."``, ``DB_PASSWORD = "..."``,
    # ``connect(password='...')``). Weak ones are a local app's defaults and placeholders.
    "password": (
        "password",
        compile_on_use(
            r"(?i:password|passwd|pwd)(?![A-Za-z0-9])[\\\"'\]\s]{0,6}[=:]\s*"
            r"\\?[\"'](?P<key>[^\"'\\\s]{10,64})\\?[\"']"
        ),
    ),
    # ngrok's authtoken has no prefix either: a digit and 26 letters and digits, '_', a digit
    # and 20 more, written a few lines below a mention of ngrok (``ngrok.set_auth_token("...")``,
    # ``NGROK_TOKEN = "..."``, ``ngrok config add-authtoken ...``), quoted or not.
    "ngrok": (
        "ngrok authtoken",
        compile_on_use(
            r"(?i:ngrok)(?:[^\n]*\n){0,6}?[^\n]{0,80}?(?<![A-Za-z0-9_])"
            r"(?P<key>[0-9][A-Za-z0-9]{26}_[0-9][A-Za-z0-9]{20})(?![A-Za-z0-9_])"
        ),
    ),
    # Google's API keys start "AIzaSy" (Gemini's, Cloud's, YouTube's). Not inside a base64
    # blob, where those letters turn up by chance.
    "google": (
        "Google API key",
        compile_on_use(r"(?<![A-Za-z0-9+/_-])(?P<key>AIzaSy[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])"),
    ),
    # A Firebase Realtime Database's legacy secret has no prefix: 40 letters and digits given
    # to a name that says Firebase and auth or secret (``FIREBASE_AUTH = "..."``, the REST
    # API's ?auth= parameter), quoted or not.
    "firebase": (
        "Firebase database secret",
        compile_on_use(
            r"(?i:firebase)[A-Za-z0-9_]{0,20}?(?i:auth|secret)[A-Za-z0-9_]{0,10}"
            r"[\\\"'\]\s]{0,6}[=:]\s*\\?[\"'`]?(?P<key>[A-Za-z0-9]{40})(?![A-Za-z0-9])"
        ),
    ),
    # A database's address holding its user's password (``mongodb+srv://user:pw@host/``,
    # ``postgresql://user:pw@host:5432/db``): the password is the secret; the host decides
    # whether it opens anyone's live database (see ``_local_database``).
    "database": (
        "database password",
        compile_on_use(
            r"(?i:mongodb(?:\+srv)?|postgres(?:ql)?(?:\+\w+)?|mysql(?:\+\w+)?|rediss?|amqps?)"
            r"://[^:/\s\"'@{}<>]{1,64}:(?P<key>[^@/\s\"'{}<>]{1,128})"
            r"@(?=(?P<host>[^/\s\"':?{}<>]{1,253}))"
        ),
    ),
    # A Telegram bot's token has no prefix: the bot's id (8 to 10 digits), a colon, then 35
    # letters, digits, '_' or '-' starting with AA. The part after the colon is the secret;
    # anchored at ":AA", the id before it is read by a fixed-width look-behind.
    "telegram": (
        "Telegram bot token",
        compile_on_use(r"(?<=[0-9]{8}):(?P<key>AA[A-Za-z0-9_-]{33})(?![A-Za-z0-9_-])"),
    ),
    # eBay's Auth'n'Auth user token (the "token" of ebaysdk's ebay.yaml) has no name before
    # it: "AgAAAA**" then hundreds of base64 characters with more '**' inside.
    "ebay": (
        "eBay user token",
        compile_on_use(r"(?<![A-Za-z0-9+/*])(?P<key>AgAAAA\*\*[A-Za-z0-9+/*]{100,}={0,2})"),
    ),
    # The eBay app's cert id is its client secret: PRD- (or SBX- for the sandbox) then a
    # hex id, given to a name that says certid (``certid: ...``, ``cert_id="..."``).
    "ebay_cert": (
        "eBay cert id",
        compile_on_use(
            r"(?i:cert_?id)[\\\"'\]\s]{0,6}[=:]\s*\\?[\"']?"
            r"(?P<key>(?:PRD|SBX)-[0-9a-f]{12}(?:-[0-9a-f]{4}){4})(?![0-9a-f-])"
        ),
    ),
    # Neptune's API token is the base64 of a JSON object that starts with its api_address, so
    # it always starts with the encoding of '{"api_address":'; the account's key is inside it.
    "neptune": (
        "Neptune API token",
        compile_on_use(r"(?P<key>eyJhcGlfYWRkcmVzcyI6[A-Za-z0-9+/]{40,}={0,2})"),
    ),
}
#: The api_key inside neptune.ANONYMOUS_API_TOKEN, which opens Neptune's public projects and
#: which its own examples print: not one person's secret.
_NEPTUNE_ANONYMOUS_KEY = "b706bc8f-76f9-4c2e-939d-4ba036f932e4"
#: Literal tokens where a secret (or, for W&B, its context) starts. str.find on these is far
#: faster than one regex trying every alternative at every position of every file.
_ANCHORS: tuple[tuple[str, str], ...] = (
    ("AKIA", "aws"),
    ("ASIA", "aws"),
    *((f"gh{kind}_", "github") for kind in "pousr"),
    ("github_pat_", "github"),
    ("sk-", "openai"),
    ("hf_", "huggingface"),
    *((f"xox{kind}-", "slack") for kind in "baprs"),
    ("-----BEGIN ", "pem"),
    *((spelling, "wandb") for spelling in ("wandb", "WANDB", "Wandb", "WandB")),
    *((spelling, "roboflow") for spelling in ("roboflow", "Roboflow", "ROBOFLOW")),
    *((spelling, "comet") for spelling in ("comet", "Comet", "COMET")),
    *((spelling, "nasa") for spelling in ("api_key", "API_KEY", "Api_Key", "api_KEY")),
    ("username", "kaggle_json"),
    *((spelling, "kaggle_env") for spelling in ("KAGGLE_KEY", "kaggle_key", "Kaggle_Key")),
    ("eyJhcGlfYWRkcmVzcyI6", "neptune"),
    ("AgAAAA**", "ebay"),
    *((spelling, "ebay_cert") for spelling in ("certid", "certId", "CertId", "CERTID")),
    *((spelling, "ebay_cert") for spelling in ("cert_id", "CERT_ID")),
    (":AA", "telegram"),
    ("AIzaSy", "google"),
    *((scheme, "database") for scheme in ("mongodb", "postgres", "mysql", "redis", "amqp")),
    *((scheme, "database") for scheme in ("MONGODB", "POSTGRES", "MYSQL", "REDIS", "AMQP")),
    *((spelling, "firebase") for spelling in ("firebase", "Firebase", "FIREBASE")),
    *((spelling, "ngrok") for spelling in ("ngrok", "Ngrok", "NGROK")),
    *((spelling, "password") for spelling in ("password", "Password", "PASSWORD", "passwd")),
    *((spelling, "password") for spelling in ("PASSWD", "pwd", "PWD")),
)
#: The anchors by their lower-case spelling: a text whose lower-cased form lacks the spelling
#: holds none of its variants (``wandb``, ``WANDB``, ``WandB``), so one search of the lowered
#: text stands for several of the text itself.
_ANCHOR_SPELLINGS: dict[str, tuple[tuple[str, str], ...]] = {}
for _token, _provider in _ANCHORS:
    _ANCHOR_SPELLINGS[_token.lower()] = (
        *_ANCHOR_SPELLINGS.get(_token.lower(), ()),
        (_token, _provider),
    )
#: Any anchor at all: most texts a report quotes hold none, and one search says so at once.
_ANY_ANCHOR = compile_on_use("|".join(re.escape(token) for token, _ in _ANCHORS))
_KEY_PREFIX = compile_on_use(
    r"^(?:AKIA|ASIA|gh[pousr]_|github_pat_|sk-(?:proj-|svcacct-|admin-)?|hf_|xox[baprs]-"
    r"|AIzaSy)"
)
_PLACEHOLDER_HINT = compile_on_use(
    r"x{4}|your|example|placeholder|dummy|fake|redacted|sample|0123456789", re.IGNORECASE
)


def _is_placeholder(provider: str, secret: str) -> bool:
    if provider == "pem":
        return False
    if provider == "database":
        # On a public host even "root" opens the database: only a placeholder is none.
        return bool(_PLACEHOLDER_HINT.search(secret))
    if provider == "neptune":
        key = _neptune_key(secret)
        return not key or key == _NEPTUNE_ANONYMOUS_KEY or _is_placeholder("", key)
    if provider == "ebay":
        # Random, and hundreds of characters long: a word like "fake" turns up in a real one
        # by chance, so only a token without both digits and small letters is a stand-in.
        body = secret[len("AgAAAA**") :]
        return not (re.search(r"\d", body) and re.search("[a-z]", body))
    if provider == "ebay_cert":
        # Its hex id mixes digits and letters; all zeros or all digits is a stand-in.
        return not (re.search(r"\d", secret[4:]) and re.search("[a-f]", secret[4:]))
    body = _KEY_PREFIX.sub("", secret)
    if len(set(body.lower())) <= 3 or _PLACEHOLDER_HINT.search(secret):
        return True
    # Real keys are random: a hyphenated slug like sk-my-long-project-name is not one.
    if provider == "openai":
        kinds = (r"\d", "[a-z]", "[A-Z]")
        return not all(re.search(kind, body) for kind in kinds)
    if provider == "huggingface":
        return body.islower() or body.isupper()
    if provider == "password":
        return _weak_password(secret)
    if provider in ("roboflow", "comet", "telegram", "nasa", "ngrok", "firebase", "google"):
        # A real key mixes kinds of character.
        kinds = (r"\d", "[a-z]", "[A-Z]")
        return sum(bool(re.search(kind, body)) for kind in kinds) < 2
    return False


#: What a placeholder or default password says of itself ("ChangeMe123!", "YourPassword#1").
_PASSWORD_HINT = compile_on_use(r"change|pass|secret|admin|test|demo|default|[$%{<]", re.I)
_CHARACTER_KINDS = (r"\d", "[a-z]", "[A-Z]", r"[^A-Za-z\d]")


def _weak_password(secret: str) -> bool:
    """A password no one would guard: fewer than three kinds of character (``churn2024``),
    or one that names itself a placeholder, a default or a template (``${DB_PASSWORD}``); or
    no password at all, but a path (``pwd = "/home/me/Project1"``, the working folder)."""
    if "/" in secret or "\\" in secret:
        return True
    kinds = sum(bool(re.search(kind, secret)) for kind in _CHARACTER_KINDS)
    return kinds < 3 or bool(_PASSWORD_HINT.search(secret))


def _neptune_key(token: str) -> str:
    """The api_key inside a Neptune token; empty when the token does not decode to one (a
    token split over two string literals, a made-up one)."""
    try:
        decoded = json.loads(base64.b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, RecursionError):  # a planted nest of brackets too
        return ""
    key = decoded.get("api_key") if isinstance(decoded, dict) else None
    return key if isinstance(key, str) else ""


#: Secrets known by their context, not by a prefix of their own: a clipped word never shows one.
_UNPREFIXED = frozenset(
    {
        *("pem", "wandb", "roboflow", "comet", "kaggle_json", "kaggle_env", "password"),
        *("telegram", "nasa", "ngrok", "firebase", "database", "ebay_cert"),
    }
)
#: The host of NASA's open APIs (NeoWs, APOD), which take the key as ``api_key``.
_NASA_HOST = "api.nasa.gov"
#: Files whose passwords are a test's or a template's: ``tests/``, ``.env.example``.
_EXAMPLE_FILE = compile_on_use(r"(^|[/._-])(example|sample|template|dist)([/._-]|$)", re.I)
#: Where the token holding a match starts: after whitespace, a quote or a bracket.
_TOKEN_START = compile_on_use(r"[^\s\"'`()<>\[\]]*$")


def _is_commit_in_url(provider: str, text: str, offset: int) -> bool:
    """A W&B-shaped key that is a git commit in a URL or pip spec: ``.../tree/<sha>/...``,
    ``.../commit/<sha>``, ``git+https://...@<sha>``. A key handed to W&B never follows a
    slash or an ``@`` inside a path; forty hex digits there are a commit id.
    """
    if provider != "wandb" or offset == 0 or text[offset - 1] not in "/@":
        return False
    token = _TOKEN_START.search(text, max(0, offset - 300), offset)
    return token is not None and "/" in token.group()[:-1]


#: Query parameters of a presigned S3 URL that carry the signer's access key id: a public id,
#: signed for a time by the URL's signature, never the secret key (SigV4, then SigV2).
_PRESIGNED_KEY_ID = ("x-amz-credential=", "awsaccesskeyid=")


def _is_presigned_key_id(provider: str, text: str, offset: int) -> bool:
    """An AWS key id in a presigned URL a library printed (``...?X-Amz-Credential=AKIA...``
    in huggingface_hub's upload warning): the URL expires, and the id alone opens nothing."""
    if provider != "aws":
        return False
    before = text[max(0, offset - 17) : offset].lower()
    return before.endswith(_PRESIGNED_KEY_ID)


#: Files of a Firebase app's client configuration, which its builds ship to every user.
_FIREBASE_CLIENT_FILES = frozenset(
    {"google-services.json", "GoogleService-Info.plist", "firebase_options.dart"}
)
#: What comes before a Google key made for the client: the Maps JavaScript loader's URL, a
#: Firebase config's ``apiKey`` or a name saying Firebase (``VITE_FIREBASE_API_KEY=``).
_CLIENT_KEY_CONTEXT = compile_on_use(r"maps/api/js\?|firebase|apikey", re.IGNORECASE)


def _ships_to_clients(path: str, text: str, offset: int) -> bool:
    """A Google key every visitor's browser or app downloads: a Firebase app's config, the
    Maps JavaScript loader. Google documents these as identifiers, restricted by site or app;
    a server's key (Gemini's, Cloud's) is a secret."""
    if path.rsplit("/", 1)[-1] in _FIREBASE_CLIENT_FILES:
        return True
    line_start = text.rfind("\n", max(0, offset - 200), offset) + 1
    before = text[max(line_start, offset - 200) : offset]
    context = _CLIENT_KEY_CONTEXT.search(before)
    if context is None:
        return False
    # ``apiKey:`` alone is any JavaScript client's; it is a Firebase config's in a file
    # that names Firebase.
    return context.group().lower() != "apikey" or "firebase" in text.lower()


#: Hosts of a developer's own machine or a compose file's service: a default password there
#: (``postgres:password@localhost``) opens no one's live database.
_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "host", "hostname", "::1"})
#: What a password in an address says when it is a placeholder, not a password.
_DATABASE_PLACEHOLDERS = frozenset({"password", "pass", "passwd", "pwd", "secret", "changeme"})


def _local_database(host: str, password: str) -> bool:
    """An address no one's live database answers at: a local host, a compose service
    (a name without a dot, ``db``), or one with a placeholder for its password."""
    name = host.split(":")[0].lower()
    if name in _LOCAL_HOSTS or "." not in name or name.startswith("192.168."):
        return True
    lowered = password.lower()
    return lowered in _DATABASE_PLACEHOLDERS or bool(_PLACEHOLDER_HINT.search(password))


def _mask(secret: str) -> str:
    """A key's first four and last two characters; of a short secret (a password), only its
    first, so that the part shown never tells most of it."""
    if len(secret) < 20:
        return secret[:1] + "*" * min(len(secret) - 1, 12)
    return secret[:4] + "*" * min(len(secret) - 6, 12) + secret[-2:]


#: A private key block after its header: base64 lines, also inside a string with \\n escapes.
_PEM_BODY = compile_on_use(r"(?:[A-Za-z0-9+/=]|\s|\\[nr])*")
#: The characters a clipped token can end with before the clipping "...".
_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def mask_secrets(text: str) -> str:
    """``text`` with every secret-shaped token masked as GIT006 shows it, placeholders too.

    A snippet clipped with "..." inside a token still shows its start: a known token prefix
    in the clipped last word is masked as well.
    """
    if _ANY_ANCHOR.search(text) is None:  # a secret and a clipped one both start at an anchor
        return text
    spans: list[tuple[int, int, str]] = []
    for provider, match in _candidates(text):
        start, end = match.span("key")
        if provider == "pem":
            block = _PEM_BODY.match(text, end)
            end = block.end() if block else end
            spans.append((start, end, "[private key]"))
        else:
            spans.append((start, end, _mask(match["key"])))
    clipped = _clipped_token(text)
    if clipped is not None:
        spans.append(clipped)
    if not spans:
        return text
    masked, at = [], 0
    for start, end, shown in sorted(spans):
        if start >= at:
            masked += [text[at:start], shown]
            at = end
    return "".join(masked) + text[at:]


def _clipped_token(text: str) -> tuple[int, int, str] | None:
    """The span of a token cut short by a trailing ellipsis, when it starts like a secret."""
    body = text.removesuffix("...").removesuffix("\u2026")
    if len(body) == len(text):
        return None
    start = len(body)
    while start > 0 and body[start - 1] in _TOKEN_CHARS:
        start -= 1
    word = body[start:]
    for anchor, provider in _ANCHORS:
        if provider in _UNPREFIXED:
            continue
        at = word.find(anchor)
        # Where the shape's \b would be: "task-runner..." holds "sk-" but no key.
        while at > 0 and word[at - 1] != "-":
            at = word.find(anchor, at + 1)
        if at != -1 and len(word) - at > len(anchor) + 3:
            return start + at, len(body), word[at : at + 4] + "****"
    return None


def _candidates(text: str) -> Iterator[tuple[str, re.Match[str]]]:
    """(provider, match) at every anchor token of ``text`` where a secret's shape matches."""
    lowered: str | None = None
    for spelling, variants in _ANCHOR_SPELLINGS.items():
        if len(variants) > 1:
            lowered = text.lower() if lowered is None else lowered
            if spelling not in lowered:
                continue
        yield from _at_anchors(text, variants)


def _at_anchors(
    text: str, variants: tuple[tuple[str, str], ...]
) -> Iterator[tuple[str, re.Match[str]]]:
    for token, provider in variants:
        shape = _SHAPES[provider][1]
        start = text.find(token)
        while start != -1:
            match = shape.match(text, start)
            if match is not None:
                yield provider, match
            # Past the match: a token of unbounded length ("sk-sk-sk-...") is scanned once,
            # not once for every anchor inside it.
            start = text.find(token, match.end() if match is not None else start + 1)


def _secrets_in(path: str, text: str) -> list[tuple[int, Evidence, str]]:
    """(offset, evidence, provider) of each real-looking secret in ``text``."""
    found: dict[int, tuple[str, str]] = {}
    calls_nasa: bool | None = None
    for provider, match in _candidates(text):
        secret, offset = match["key"], match.start("key")
        if offset in found or _is_commit_in_url(provider, text, offset):
            continue
        if provider == "nasa":
            # Forty letters and digits are NASA's only where the file calls NASA's API.
            calls_nasa = _NASA_HOST in text.lower() if calls_nasa is None else calls_nasa
            if not calls_nasa:
                continue
        if _is_presigned_key_id(provider, text, offset):
            continue
        if provider == "google" and _ships_to_clients(path, text, offset):
            continue
        if provider == "database" and _local_database(match["host"], secret):
            continue
        if not _is_placeholder(provider, secret):
            found[offset] = (provider, secret)
    hits = []
    line, counted = 1, 0
    for offset in sorted(found):
        # Lines counted from the previous hit, not from the top: a file of keys stays linear.
        line += text.count("\n", counted, offset)
        counted = offset
        provider, secret = found[offset]
        shown = "key block" if provider == "pem" else _mask(secret)
        hits.append((offset, Evidence(path, line, f"{_SHAPES[provider][0]}: {shown}"), provider))
    return hits


@rule("GIT006")
def no_committed_secrets(snapshot: Snapshot) -> Result:
    """Fail on API keys, tokens or private keys in any text file; never echo the secret."""
    hits: list[tuple[Evidence, str]] = []
    tests = {info.path for info in snapshot.files if info.is_test}
    for path in sorted(snapshot.texts):
        # A test's login or a template's sample password is written to be seen.
        shown = path in tests or bool(_EXAMPLE_FILE.search(path))
        hits.extend(
            (evidence, kind)
            for _, evidence, kind in _secrets_in(path, snapshot.texts[path])
            if not (shown and kind == "password")
        )
    files = len({evidence.path for evidence, _ in hits})
    metrics: Metrics = {"secrets": len(hits), "files": files, "files_scanned": len(snapshot.texts)}
    if not hits:
        return Result.passed(
            f"no API keys, tokens or private keys in {plural(len(snapshot.texts), 'text file')}",
            metrics=metrics,
        )
    kinds = ", ".join(sorted({_SHAPES[provider][0] for _, provider in hits}))
    where = committed_or_not(snapshot, [evidence.path for evidence, _ in hits])
    message = f"{plural(len(hits), 'secret')} {where} in {plural(files, 'file')}: {kinds}"
    return Result.failed(message, [evidence for evidence, _ in hits], metrics)
