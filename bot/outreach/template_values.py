"""The Indonesian words put into staff templates' variables, from
messages/id/outreach/template_values.toml (user-facing text lives in messages/)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.paths import messages_dir


@dataclass(frozen=True, slots=True)
class TemplateValues:
    roles: dict[str, str]
    areas: dict[str, str]
    channels: dict[str, str]
    problems: dict[str, str]
    gists: dict[str, str]

    def role(self, role: str) -> str:
        return self.roles.get(role, "-")

    def area(self, area: str) -> str:
        return self.areas.get(area, "-")

    def channel(self, channel: str) -> str:
        return self.channels.get(channel, channel)

    def sending_gist(self, channel: str, problem: str) -> str:
        return self.gists["sending"].format(
            channel=self.channel(channel), problem=self.problems.get(problem, self.problems["unknown"])
        )

    def stale_parameter_gist(self, parameter: str, until: str) -> str:
        return self.gists["stale_parameter"].format(parameter=parameter, until=until)


@cache
def template_values(directory: Path | None = None) -> TemplateValues:
    path = (directory or messages_dir()) / "id" / "outreach" / "template_values.toml"
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    return TemplateValues(
        roles=dict(raw["roles"]),
        areas=dict(raw["areas"]),
        channels=dict(raw["channels"]),
        problems=dict(raw["problems"]),
        gists=dict(raw["gists"]),
    )
