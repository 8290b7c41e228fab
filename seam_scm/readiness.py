"""Whether live data backs a criterion's level: a list of checks, each met or not, with why.

Modules compute a Readiness for the levels their records prove (for example criterion 5.1
level 3: an approved and published charter); pages show it with the template
`includes/readiness.html`, and the assessments module reuses the same functions, so that
nobody claims a level the data cannot show.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Check:
    label: str  # what is required, in the reader's language
    met: bool
    detail: str = ""  # what was found, or what is missing
    url: str = ""  # where to see or fix it


@dataclass(frozen=True)
class Readiness:
    criterion: str  # "1.1", "5.1", ...
    level: int
    title: str  # the level's requirement in a few words
    checks: list[Check] = field(default_factory=list)

    @property
    def met(self) -> bool:
        return bool(self.checks) and all(check.met for check in self.checks)

    @property
    def missing(self) -> list[Check]:
        return [check for check in self.checks if not check.met]

    def as_dict(self) -> dict:
        """JSON-ready, in the shape of tenancy.api.ReadinessSerializer."""
        return {
            "criterion": self.criterion,
            "level": self.level,
            "title": self.title,
            "met": self.met,
            "checks": [
                {"label": c.label, "met": c.met, "detail": c.detail, "url": c.url}
                for c in self.checks
            ],
        }
