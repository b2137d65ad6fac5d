"""The app's Streamlit settings: what users see of Streamlit itself."""

from __future__ import annotations

import tomllib
from pathlib import Path

from sim.inputs.yaml_source import MAX_BYTES

CONFIG = Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml"


def test_the_uploader_states_the_limit_the_loader_enforces():
    settings = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert settings["server"]["maxUploadSize"] * 1024 * 1024 == MAX_BYTES


def test_users_get_no_developer_menu():
    settings = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert settings["client"]["toolbarMode"] == "minimal"


def test_the_uploaders_label_states_the_same_limit_in_the_readers_language():
    from app_pages import page

    for language, words in (("zh", "不超过 2 MB"), ("en", "at most 2 MB")):
        at = page("run", language, timeout=60)
        assert not at.exception and words in at.get("file_uploader")[0].proto.label


def test_a_running_app_does_not_rerun_its_pages_on_code_changed_under_it():
    """A drill server run from a checkout that is updated mid-drill would rerun every open
    page on half-changed code (a facilitator saw a traceback): the app does not watch its files."""
    settings = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert settings["server"]["fileWatcherType"] == "none"
