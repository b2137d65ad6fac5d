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
