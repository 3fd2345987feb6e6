"""Settings: the one reader of configuration files and of OGPLD_* environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import tomllib

from ogpld.errors import ConfigError

LANGUAGES: tuple[str, ...] = ("en", "nb", "nn", "da")

# Base URI the bundled source files are written against (their @base is <BASE/id/>).
SOURCE_BASE_URI = "https://data.example.org/"


@dataclass(frozen=True)
class Settings:
    """Everything a stage needs to know about the publisher's choices; frozen, passed down."""

    base_uri: str = SOURCE_BASE_URI
    lang: str = "en"

    def __post_init__(self) -> None:
        if not self.base_uri.startswith(("http://", "https://")) or not self.base_uri.endswith("/"):
            raise ConfigError(f"base_uri must be an http(s) URI ending in '/': {self.base_uri!r}")
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


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(f"cannot read configuration: {exc.strerror}", str(path)) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(path)) from exc


def load_settings(
    file: Path | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Merge defaults, a TOML file, the environment and explicit overrides, in that order."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {"lang": language_from_environment(env)}
    if file is not None:
        publish = _read_toml(file).get("publish", {})
        if "base_uri" in publish:
            values["base_uri"] = publish["base_uri"]
    if env.get("OGPLD_BASE_URI"):
        values["base_uri"] = env["OGPLD_BASE_URI"]
    values.update({key: value for key, value in overrides.items() if value is not None})
    return replace(Settings(), **values)
