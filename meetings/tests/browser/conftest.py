"""The browser tests' fixtures: Chromium from Debian, fast polls, the live server's URL."""

from __future__ import annotations

import os
from typing import Any

import pytest
from pytest_django import Settings
from pytest_django.live_server_helper import LiveServer

from meetings.tests.support.browser import CHROMIUM, CHROMIUM_ARGS, POLL_SECONDS


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (Debian package chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: .ci/run should have installed it")
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(autouse=True)
def fast_polls(settings: Settings) -> None:
    settings.MEETINGS_POLL_SECONDS = POLL_SECONDS


@pytest.fixture
def server(live_server: LiveServer) -> str:
    return live_server.url
