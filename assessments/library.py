"""The criteria library: frameworks loaded from files kept in the repository or from Excel.

Every source (the YAML files in `assessments/frameworks/`, an administrator's workbook) is
turned into one plain shape, checked whole, and saved in one transaction:

    {"framework": {code, title_th, title_en, description_th, description_en},
     "version": {label, source},
     "nodes": [{code, kind, title_th, title_en, description_th, description_en, weight, note,
                levels: {1: {text_th, text_en, source, artefacts: [...]}, ...},
                children: [...]}, ...]}

A problem anywhere refuses the whole load and is reported with where it is (a node's code and
field, or a workbook's row), so nothing is half loaded. A published version never changes:
completing the weights and level texts means loading a new version.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .artefacts import ARTEFACTS
from .models import (
    LEVELS,
    Criterion,
    CriterionKind,
    CriterionLevel,
    CriterionMapping,
    Framework,
    FrameworkVersion,
)

FRAMEWORKS_DIR = Path(__file__).parent / "frameworks"
# What may sit directly under what: a module at the top, topics in modules, criteria in either.
ALLOWED_PARENTS = {
    CriterionKind.MODULE: {None},
    CriterionKind.TOPIC: {CriterionKind.MODULE},
    CriterionKind.CRITERION: {CriterionKind.MODULE, CriterionKind.TOPIC},
}
TEXT_FIELDS = ("title_th", "title_en", "description_th", "description_en", "note")


@dataclass(frozen=True)
class Problem:
    where: str  # "SM 1.1 · weight", or "row 7"
    message: str
    # The field at fault, for a workbook's column: code, kind, parent_code, weight,
    # levels.<N>.artefacts, levels; label, title_th for the header. Empty: the node as a whole.
    field: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class LibraryError(ValidationError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__([str(problem) for problem in problems])


@dataclass
class CheckedNode:
    code: str
    kind: str
    parent_code: str | None
    values: dict  # text fields and weight
    levels: dict[int, dict]
    where: str = ""  # the problem location prefix, e.g. a workbook row


def parse_weight(value) -> Decimal | None:
    """A percentage 0-100; empty means not yet provided. Raises ValueError with the reason."""
    if value is None or str(value).strip() == "":
        return None
    try:
        weight = Decimal(str(value).strip().rstrip("%"))
    except InvalidOperation:
        raise ValueError(_("The weight must be a number (a percentage), or empty.")) from None
    if not Decimal(0) <= weight <= Decimal(100):
        raise ValueError(_("The weight must be between 0 and 100."))
    return weight.quantize(Decimal("0.01"))


def _flatten(nodes: list[dict], parent_code: str | None = None) -> list[dict]:
    flat = []
    for node in nodes or []:
        flat.append({**node, "parent_code": parent_code})
        flat.extend(_flatten(node.get("children") or [], str(node.get("code", "")).strip()))
    return flat


def check_nodes(flat: list[dict]) -> tuple[list[CheckedNode], list[Problem]]:
    """Every node checked: codes unique, kinds nested as allowed, weights, levels, artefacts."""
    problems: list[Problem] = []
    checked: list[CheckedNode] = []
    kinds: dict[str, str] = {}
    unknown_kind: set[str] = set()  # their children are not judged: the kind is the problem
    for raw in flat:
        code = str(raw.get("code") or "").strip()
        where = raw.get("where", "")
        label = f"{where} {code}".strip() or _("a node without a code")
        if not code:
            problems.append(Problem(label, _("Every node needs a code."), "code"))
            continue
        if code in kinds:
            problems.append(
                Problem(label, _("The code %(code)s is used twice.") % {"code": code}, "code")
            )
            continue
        kind = str(raw.get("kind") or "").strip()
        if kind not in CriterionKind.values:
            unknown_kind.add(code)
            problems.append(
                Problem(
                    label,
                    _("The kind must be one of: %(kinds)s.")
                    % {"kinds": ", ".join(CriterionKind.values)},
                    "kind",
                )
            )
            continue
        kinds[code] = kind
        values = {name: str(raw.get(name) or "").strip() for name in TEXT_FIELDS}
        try:
            values["weight"] = parse_weight(raw.get("weight"))
        except ValueError as error:
            problems.append(Problem(f"{label} · weight", str(error), "weight"))
        levels = _check_levels(raw.get("levels") or {}, label, kind, problems)
        checked.append(
            CheckedNode(code, kind, raw.get("parent_code") or None, values, levels, where)
        )
    for node in checked:
        parent_kind = kinds.get(node.parent_code) if node.parent_code else None
        label = f"{node.where} {node.code}".strip()
        if node.parent_code in unknown_kind:
            continue
        if node.parent_code and node.parent_code not in kinds:
            problems.append(
                Problem(
                    label,
                    _("The parent %(code)s does not exist.") % {"code": node.parent_code},
                    "parent_code",
                )
            )
        elif parent_kind not in ALLOWED_PARENTS[node.kind]:
            problems.append(
                Problem(label, _("A %(kind)s cannot be placed here.") % {"kind": node.kind}, "kind")
            )
    if not checked and not problems:
        problems.append(Problem("", _("The framework has no criteria.")))
    return checked, problems


def _check_levels(
    raw_levels: dict, label: str, kind: str, problems: list[Problem]
) -> dict[int, dict]:
    levels: dict[int, dict] = {}
    if raw_levels and kind != CriterionKind.CRITERION:
        problems.append(Problem(label, _("Only criteria have level texts."), "levels"))
        return levels
    for number, raw in raw_levels.items():
        try:
            level = int(number)
        except (TypeError, ValueError):
            level = 0
        if level not in LEVELS:
            problems.append(Problem(label, _("Levels are numbered 1 to 5."), "levels"))
            continue
        raw = raw or {}
        artefacts = [str(key).strip() for key in raw.get("artefacts") or [] if str(key).strip()]
        unknown = [key for key in artefacts if key not in ARTEFACTS]
        if unknown:
            problems.append(
                Problem(
                    f"{label} · {_('level %(level)s') % {'level': level}}",
                    _("Unknown artefacts: %(keys)s.") % {"keys": ", ".join(unknown)},
                    f"levels.{level}.artefacts",
                )
            )
        levels[level] = {
            "text_th": str(raw.get("text_th") or "").strip(),
            "text_en": str(raw.get("text_en") or "").strip(),
            "source": str(raw.get("source") or "").strip(),
            "artefacts": artefacts,
        }
    return levels


def check_header(data: dict) -> list[Problem]:
    problems = []
    framework, version = data.get("framework") or {}, data.get("version") or {}
    if not str(framework.get("code") or "").strip():
        problems.append(Problem(_("framework"), _("The framework needs a code."), "code"))
    if not str(framework.get("title_th") or "").strip():
        problems.append(Problem(_("framework"), _("The framework needs a Thai title."), "title_th"))
    if not str(version.get("label") or "").strip():
        problems.append(Problem(_("version"), _("The version needs a name."), "label"))
    return problems


@transaction.atomic
def load_version(
    data: dict, *, flat: list[dict] | None = None, publish: bool = False
) -> FrameworkVersion:
    """Save a framework version from the plain shape (or from already flattened rows).

    A new version of an existing framework keeps the framework; a draft of the same name is
    replaced; a published version of the same name is refused.
    """
    problems = check_header(data)
    checked, node_problems = check_nodes(flat if flat is not None else _flatten(data.get("nodes")))
    problems += node_problems
    framework_data, version_data = data.get("framework") or {}, data.get("version") or {}
    code, label = (
        str(framework_data.get("code") or "").strip(),
        str(version_data.get("label") or "").strip(),
    )
    existing = FrameworkVersion.objects.filter(framework__code=code, label=label).first()
    if existing is not None and existing.is_published:
        problems.append(
            Problem(
                _("version"),
                _("Version %(label)s is published and cannot change: load it under a new name.")
                % {"label": label},
                "label",
            )
        )
    if problems:
        raise LibraryError(problems)
    framework, _created = Framework.objects.update_or_create(
        code=code,
        defaults={name: str(framework_data.get(name) or "").strip()
                  for name in ("title_th", "title_en", "description_th", "description_en")},
    )  # fmt: skip
    if existing is not None:
        existing.delete()
    version = FrameworkVersion.objects.create(
        framework=framework, label=label, source=str(version_data.get("source") or "").strip()
    )
    _save_nodes(version, checked)
    if publish:
        publish_version(version)
    return version


def _save_nodes(version: FrameworkVersion, checked: list[CheckedNode]) -> None:
    saved: dict[str, Criterion] = {}
    for order, node in enumerate(checked, start=1):
        criterion = Criterion(
            version=version,
            parent=saved.get(node.parent_code) if node.parent_code else None,
            kind=node.kind,
            code=node.code,
            order=order,
            **node.values,
        )
        criterion.full_clean(exclude=["version", "parent"])
        criterion.save()
        saved[node.code] = criterion
        if node.kind == CriterionKind.CRITERION:
            CriterionLevel.objects.bulk_create(
                CriterionLevel(
                    criterion=criterion,
                    level=level,
                    text_th=node.levels.get(level, {}).get("text_th", ""),
                    text_en=node.levels.get(level, {}).get("text_en", ""),
                    source=node.levels.get(level, {}).get("source", ""),
                    expected_artefacts=node.levels.get(level, {}).get("artefacts", []),
                )
                for level in LEVELS
            )


def publish_version(version: FrameworkVersion) -> FrameworkVersion:
    if not version.is_published:
        version.status = FrameworkVersion.Status.PUBLISHED
        version.published_at = timezone.now()
        version.save(update_fields=["status", "published_at"])
    return version


def export_version(version: FrameworkVersion) -> dict:
    """The plain shape of a version: what `load_version` reads back unchanged."""
    criteria = list(version.criteria.order_by("order").prefetch_related("levels"))
    children: dict[int | None, list[Criterion]] = {}
    for criterion in criteria:
        children.setdefault(criterion.parent_id, []).append(criterion)

    def node(criterion: Criterion) -> dict:
        data = {"code": criterion.code, "kind": criterion.kind}
        data.update({name: getattr(criterion, name) for name in TEXT_FIELDS})
        data["weight"] = criterion.weight
        if criterion.kind == CriterionKind.CRITERION:
            data["levels"] = {
                level.level: {
                    "text_th": level.text_th,
                    "text_en": level.text_en,
                    "source": level.source,
                    "artefacts": list(level.expected_artefacts),
                }
                for level in criterion.levels.all()
            }
        data["children"] = [node(child) for child in children.get(criterion.pk, [])]
        return data

    framework = version.framework
    return {
        "framework": {
            "code": framework.code,
            "title_th": framework.title_th,
            "title_en": framework.title_en,
            "description_th": framework.description_th,
            "description_en": framework.description_en,
        },
        "version": {"label": version.label, "source": version.source},
        "nodes": [node(criterion) for criterion in children.get(None, [])],
    }


@transaction.atomic
def load_mapping(data: dict) -> int:
    """Map criteria of two framework versions; returns how many pairs were added."""

    def version_of(side: dict) -> FrameworkVersion:
        return FrameworkVersion.objects.get(
            framework__code=side["framework"], label=side["version"]
        )

    source, target = version_of(data["source"]), version_of(data["target"])
    source_codes = {c.code: c for c in source.criteria.all()}
    target_codes = {c.code: c for c in target.criteria.all()}
    problems = []
    added = 0
    for pair in data.get("pairs") or []:
        origin = source_codes.get(pair["source"])
        for code in pair.get("targets") or []:
            mapped = target_codes.get(code)
            if origin is None or mapped is None:
                problems.append(
                    Problem(
                        pair["source"],
                        _("Unknown criterion %(code)s.")
                        % {"code": code if origin else pair["source"]},
                    )
                )
                continue
            _mapping, created = CriterionMapping.objects.get_or_create(
                source=origin, target=mapped, defaults={"note": pair.get("note", "")}
            )
            added += created
    if problems:
        raise LibraryError(problems)
    return added


def shipped_files() -> tuple[list[Path], list[Path]]:
    files = sorted(FRAMEWORKS_DIR.glob("*.yaml"))
    mappings = [path for path in files if path.name.startswith("mapping-")]
    return [path for path in files if path not in mappings], mappings


def read_file(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def ensure_shipped_frameworks() -> list[FrameworkVersion]:
    """Load (and publish) the frameworks kept in the repository that the database lacks.

    Runs after every migrate, and in tests that need the library; loading is skipped for a
    version already there, so running it again changes nothing.
    """
    loaded = []
    frameworks, mappings = shipped_files()
    for path in frameworks:
        data = read_file(path)
        exists = FrameworkVersion.objects.filter(
            framework__code=data["framework"]["code"], label=str(data["version"]["label"])
        ).exists()
        if not exists:
            loaded.append(load_version(data, publish=True))
    for path in mappings:
        load_mapping(read_file(path))
    return loaded
