"""Settings come from defaults, ogpld.toml, OGPLD_* variables and overrides, in that order."""

from __future__ import annotations

import pytest

from ogpld.config import Settings, language_from_environment, load_settings
from ogpld.errors import ConfigError


@pytest.mark.parametrize(
    "env, expected",
    [
        ({}, "en"),
        ({"LANG": "nb_NO.UTF-8"}, "nb"),
        ({"LANG": "nn_NO.UTF-8"}, "nn"),
        ({"LC_ALL": "da_DK.UTF-8", "LANG": "en_GB.UTF-8"}, "da"),
        ({"LANG": "no_NO.UTF-8"}, "nb"),
        ({"LANGUAGE": "fr:da"}, "da"),
        ({"OGPLD_LANG": "nn", "LANG": "da_DK.UTF-8"}, "nn"),
        ({"LANG": "C.UTF-8"}, "en"),
    ],
)
def test_language_from_environment(env, expected):
    assert language_from_environment(env) == expected


def test_toml_then_environment_then_overrides(tmp_path):
    config = tmp_path / "ogpld.toml"
    config.write_text('[publish]\nbase_uri = "https://data.example.no/"\n')
    assert load_settings(config, env={}).base_uri == "https://data.example.no/"
    env = {"OGPLD_BASE_URI": "https://ogp.example.dk/"}
    assert load_settings(config, env=env).base_uri == "https://ogp.example.dk/"
    assert (
        load_settings(config, env=env, base_uri="https://x.example/").base_uri
        == "https://x.example/"
    )


@pytest.mark.parametrize("bad", ["ftp://x/", "https://no-trailing-slash", "data.example.org/"])
def test_base_uri_must_be_http_and_end_in_slash(bad):
    with pytest.raises(ConfigError, match="base_uri"):
        Settings(base_uri=bad)


def test_bad_toml_names_the_file(tmp_path):
    config = tmp_path / "ogpld.toml"
    config.write_text("[publish\n")
    with pytest.raises(ConfigError) as error:
        load_settings(config, env={})
    assert str(config) in str(error.value)
