"""Driving wrk: one run against a URL (optionally with a Lua script from ``bench/lua/``, its
parameters passed in the environment) and the figures parsed from wrk's output."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from bench.settle import settle

LUA = Path(__file__).resolve().parent / "lua"


class Script(NamedTuple):
    """A Lua script of ``bench/lua/`` and the environment variables it reads."""

    path: Path
    env: dict[str, str]


def lua_scripts(seeded: dict[str, Any]) -> dict[str, Script]:
    """The scripted scenarios for the meetings seeded in one store (the proxy header is added
    with ``-H``); ``bare_toggle`` is the toggle sent to the bare app (``baseline_app``)."""
    store = seeded["store"]
    api = f"/v1/{store}"
    toggle, stroke = seeded["toggle"], seeded["stroke"]
    stroke_path = (
        f"{api}/meetings/{stroke['url_code']}/participants/{stroke['participant_ids'][0]}/marks"
    )
    toggle_env = {
        "BENCH_DATE_IDS": ",".join(json.dumps(i) for i in toggle["date_ids"]),
        "BENCH_URL_CODE": toggle["url_code"],
        "BENCH_KEY": toggle["organizer_key"],
    }
    return {
        "toggle": Script(
            LUA / "toggle.lua", {**toggle_env, "BENCH_PATH": f"{api}/participant_dates/"}
        ),
        "bare_toggle": Script(
            LUA / "toggle.lua", {**toggle_env, "BENCH_PATH": f"/{store}/participant_dates/"}
        ),
        "stroke": Script(
            LUA / "stroke.lua", {"BENCH_PATH": stroke_path, "BENCH_KEY": stroke["organizer_key"]}
        ),
        "create": Script(LUA / "create.lua", {}),
        # A preview of the participant's calendar (timed meeting; the file: seed.calendar_ics).
        "calendar": Script(
            LUA / "calendar.lua",
            {
                "BENCH_PATH": stroke_path.removesuffix("/marks") + "/calendar?time_zone=Asia/Seoul",
                "BENCH_KEY": stroke["organizer_key"],
                "BENCH_FILE": str(seeded["calendar_file"]),
            },
        ),
        "join": Script(
            LUA / "join.lua",
            {"BENCH_PATH": f"{api}/participants", "BENCH_URL_CODES": ",".join(seeded["join_pool"])},
        ),
    }


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def _bytes(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)([KMG]?B)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[unit]


def run_wrk(
    wrk: str,
    url: str,
    *,
    connections: int,
    duration: int,
    script: Script | None = None,
    headers: list[str] | None = None,
    env: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Run wrk (2 threads) and parse its figures; ``env`` adds to the script's variables.

    It starts once the server has served what the last run left (``bench.settle``): its
    figures are its own. ``settled`` says what was left and how long that took."""
    settled = settle(urlsplit(url).port or 80)
    command = [wrk, "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency"]
    command += ["--timeout", "5s"]
    for header in headers or []:
        command += ["-H", header]
    if script is not None:
        command += ["-s", str(script.path)]
    command.append(url)
    done = subprocess.run(  # noqa: S603 - fixed command line, loopback URL
        command,
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=True,
        env={**os.environ, **(script.env if script else {}), **(env or {})},
    )
    return {**parse(done.stdout), "settled": settled}


def parse(out: str) -> dict[str, Any]:
    """The figures of wrk's ``--latency`` output."""
    result: dict[str, Any] = {"raw": out}
    result["requests_per_s"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    result["p50_ms"] = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    result["p99_ms"] = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    total = re.search(r"(\d+) requests in [\d.]+\w+, ([\d.]+[KMG]?B) read", out)
    result["requests"] = int(total.group(1))  # type: ignore[union-attr]
    result["bytes_per_request"] = _bytes(total.group(2)) / max(result["requests"], 1)  # type: ignore[union-attr]
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    result["errors"] = sum(int(n) for n in errors.groups()) if errors else 0
    non = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    result["non_2xx_3xx"] = int(non.group(1)) if non else 0
    return result
