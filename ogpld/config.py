"""Settings: the one reader of configuration files and of OGPLD_* environment variables."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ogpld.errors import ConfigError

LANGUAGES: tuple[str, ...] = ("en", "nb", "nn", "da")

# Base URI the bundled source files are written against (their @base is <BASE/id/>).
SOURCE_BASE_URI = "https://data.example.org/"


EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
VOCABULARY_CHOICES = ("include", "link")


@dataclass(frozen=True)
class Publication:
    """What a catalog says about the published dataset: the publisher's own statements."""

    title: tuple[tuple[str, str], ...] = (("en", "Open Government Partnership action plans"),)
    description: tuple[tuple[str, str], ...] = (
        ("en", "Action plans, commitments, milestones, agencies and the process around them."),
    )
    publisher_name: str = "ogpld example publisher"
    publisher_uri: str = SOURCE_BASE_URI + "id/publisher"
    licence: str = EU_AUTHORITY + "licence/CC_BY_4_0"
    spatial: tuple[str, ...] = ()
    contact: str = ""
    keywords: tuple[tuple[str, str], ...] = ()
    vocabulary: str = "include"

    def __post_init__(self) -> None:
        if self.vocabulary not in VOCABULARY_CHOICES:
            raise ConfigError(f"vocabulary must be include or link: {self.vocabulary!r}")


@dataclass(frozen=True)
class Limits:
    """What the public endpoint allows one request; see docs/serving.md for the defaults."""

    timeout_seconds: float = 10.0
    max_result_bytes: int = 50_000_000
    max_query_bytes: int = 100_000
    allowed_services: tuple[str, ...] = ()
    cors_origins: tuple[str, ...] = ("*",)
    cache_bytes: int = 64_000_000


@dataclass(frozen=True)
class RemoteSettings:
    """Where a SPARQL server takes queries, updates and graphs, and how ogpld logs in to it.

    The paths default to Virtuoso's; Fuseki's are query_path = "ds/query", update_path =
    "ds/update", graph_path = "ds/data", auth = "basic". The user and password come from
    OGPLD_STORE_USER and OGPLD_STORE_PASSWORD only, never from a file or the command line.
    """

    query_path: str = "sparql"
    update_path: str = "sparql-auth"
    graph_path: str = "sparql-graph-crud-auth"
    auth: str = "digest"
    user: str = field(default="", repr=False)
    password: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if self.auth not in ("digest", "basic"):
            raise ConfigError(f"store auth must be digest or basic: {self.auth!r}")


@dataclass(frozen=True)
class Settings:
    """Everything a stage needs to know about the publisher's choices; frozen, passed down."""

    base_uri: str = SOURCE_BASE_URI
    source_base_uri: str = SOURCE_BASE_URI
    lang: str = "en"
    publication: Publication = Publication()
    limits: Limits = Limits()
    remote: RemoteSettings = RemoteSettings()
    cache_dir: str = ""

    def __post_init__(self) -> None:
        for name in ("base_uri", "source_base_uri"):
            value = getattr(self, name)
            if not value.startswith(("http://", "https://")) or not value.endswith("/"):
                raise ConfigError(f"{name} must be an http(s) URI ending in '/': {value!r}")
        if self.lang not in LANGUAGES:
            raise ConfigError(f"language must be one of {', '.join(LANGUAGES)}: {self.lang!r}")


def language_from_environment(env: Mapping[str, str]) -> str:
    """Pick the author's language from OGPLD_LANG or the POSIX locale, falling back to English."""
    for name in ("OGPLD_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(name, "")
        for part in value.split(":"):
            code = part.split(".")[0].split("_")[0].lower()
            if code in LANGUAGES:
                return code
            if code == "no":
                return "nb"
    return "en"


def read_toml(path: Path, what: str = "configuration") -> dict[str, Any]:
    """A TOML file (settings, a mapping, aliases); unreadable or invalid is a ConfigError."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read the {what}: {exc.strerror}", str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(path)) from None


def _texts(value: Any) -> tuple[tuple[str, str], ...]:
    """A text in one language (a string, taken as English) or several ({lang = text})."""
    if isinstance(value, str):
        return (("en", value),)
    return tuple(sorted((str(lang), str(text)) for lang, text in dict(value).items()))


_TEXTS = ("title", "description", "keywords")
_SECTIONS = {
    "publish": {"base_uri", "source_base_uri"},
    "catalog": {*_TEXTS, "publisher", "licence", "spatial", "contact", "vocabulary"},
    "serve": {
        "timeout_seconds",
        "max_result_bytes",
        "max_query_bytes",
        "allowed_services",
        "cors_origins",
        "cache_bytes",
    },
    "store": {"query_path", "update_path", "graph_path", "auth"},
}


def _from_toml(document: dict[str, Any], where: str) -> dict[str, Any]:
    """Settings values from an ogpld.toml document; unknown keys are errors, not ignored."""
    for section, keys in document.items():
        unknown = set(keys) - _SECTIONS.get(section, set()) if isinstance(keys, dict) else {section}
        if section not in _SECTIONS or unknown:
            name = section if section not in _SECTIONS else f"{section}.{sorted(unknown)[0]}"
            raise ConfigError(f"unknown setting {name!r}", where)
    values: dict[str, Any] = dict(document.get("publish", {}))
    catalog = dict(document.get("catalog", {}))
    for name in _TEXTS:
        if name in catalog:
            catalog[name] = _texts(catalog[name])
    publisher = catalog.pop("publisher", {})
    if publisher:
        catalog["publisher_name"] = publisher.get("name", Publication.publisher_name)
        catalog["publisher_uri"] = publisher.get("uri", Publication.publisher_uri)
    if "spatial" in catalog:
        catalog["spatial"] = tuple(catalog["spatial"])
    serve = dict(document.get("serve", {}))
    for name in ("allowed_services", "cors_origins"):
        if name in serve:
            serve[name] = tuple(serve[name])
    try:
        values["publication"] = Publication(**catalog)
        values["limits"] = Limits(**serve)
        values["remote"] = dict(document.get("store", {}))
    except TypeError as error:
        raise ConfigError(f"invalid setting: {error}", where) from None
    return values


def load_settings(
    file: Path | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Merge defaults, a TOML file, the environment and explicit overrides, in that order."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {"lang": language_from_environment(env)}
    if file is not None:
        values.update(_from_toml(read_toml(file), str(file)))
    if env.get("OGPLD_BASE_URI"):
        values["base_uri"] = env["OGPLD_BASE_URI"]
    values["cache_dir"] = env.get("OGPLD_CACHE_DIR") or str(
        Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ogpld"
    )
    values.update({key: value for key, value in overrides.items() if value is not None})
    remote = values.pop("remote", {})
    values["remote"] = RemoteSettings(
        **remote,
        user=env.get("OGPLD_STORE_USER", ""),
        password=env.get("OGPLD_STORE_PASSWORD", ""),
    )
    return replace(Settings(), **values)
