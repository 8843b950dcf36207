"""The expected-townships registry: `<root>/<district>/_townships.yaml` lists who must send what.

One file per district. It names the record kinds every township sends each reporting period
(by key or by the Chinese title, e.g. `cadres` or `干部花名册`) and the townships; a township
may list its own kinds instead:

    kinds: [干部花名册, 帮带对子, 帮带测评, 培训记录]
    townships:
      - 火炉镇
      - name: 区直机关
        kinds: [干部花名册]

A malformed file raises `RegistryError` with a message the district office can act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from pipelines.ingest.files import REGISTRY_FILE
from schemas import KINDS
from schemas.vocab import headers

__all__ = ["REGISTRY_FILE", "ExpectedSubmission", "RegistryError", "read_registries", "read_registry"]


class RegistryError(ValueError):
    """A registry file that cannot be used as written."""


@dataclass(frozen=True, order=True)
class ExpectedSubmission:
    """One township that must send one kind of record each period, and the registry file that says so."""

    district: str
    township: str
    kind: str
    registry_file: str

    @property
    def township_key(self) -> str:
        return f"{self.district}/{self.township}"


def _kind_names() -> dict[str, str]:
    names = {kind: kind for kind in KINDS}
    names.update({headers()[kind].title: kind for kind in KINDS})
    return names


def _kinds(value: object, where: str) -> list[str]:
    names = _kind_names()
    if not isinstance(value, list) or not value:
        raise RegistryError(f"{where}：kinds 应是报表名称的列表，如 [干部花名册, 培训记录] / kinds must be a list")
    unknown = [str(v) for v in value if str(v) not in names]
    if unknown:
        allowed = "、".join(headers()[kind].title for kind in KINDS)
        raise RegistryError(f"{where}：不认识的报表 {'、'.join(unknown)}；可用：{allowed} / unknown kinds {unknown}")
    return list(dict.fromkeys(names[str(v)] for v in value))


def read_registry(path: Path, root: Path) -> list[ExpectedSubmission]:
    """The expected submissions one district's registry file lists (the district is its folder)."""
    where = str(path.relative_to(root))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise RegistryError(f"{where}：不是有效的 UTF-8 YAML 文件（{error}）/ not valid UTF-8 YAML") from error
    if not isinstance(data, dict) or not isinstance(data.get("townships"), list):
        raise RegistryError(f"{where}：应有 townships: 列表（每行一个乡镇或街道）/ needs a townships: list")
    default = _kinds(data["kinds"], where) if "kinds" in data else list(KINDS)
    out: list[ExpectedSubmission] = []
    for entry in data["townships"]:
        if isinstance(entry, dict) and "name" in entry:
            name, kinds = str(entry["name"]).strip(), _kinds(entry.get("kinds", default), f"{where} {entry['name']}")
        elif isinstance(entry, str | int):
            name, kinds = str(entry).strip(), default
        else:
            raise RegistryError(f"{where}：无法识别的条目 {entry!r}；写乡镇名，或 name: 与 kinds: / unreadable entry")
        if not name or "/" in name:
            raise RegistryError(f"{where}：乡镇名 {name!r} 无效 / invalid township name")
        out += [ExpectedSubmission(path.parent.name, name, kind, where) for kind in kinds]
    return out


def read_registries(root: Path) -> list[ExpectedSubmission]:
    """Every district's registry under the sources root, in district order; districts without one add nothing."""
    if not root.is_dir():
        return []
    out: list[ExpectedSubmission] = []
    for district in sorted(p for p in root.iterdir() if p.is_dir() and not p.is_symlink()):
        path = district / REGISTRY_FILE
        if path.is_file() and not path.is_symlink():
            out += read_registry(path, root)
    return sorted(set(out))
