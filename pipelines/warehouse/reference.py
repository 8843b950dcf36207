"""Reference data for the views: vocabularies, section-level ranks, township types, kinds, and the settings
(the young-cadre ages) the views share with the ingest rules."""

from __future__ import annotations

from sqlalchemy import Connection, and_, delete, insert, select, update

from pipelines.ingest.settings import IngestSettings
from pipelines.warehouse.tables import ref_setting, ref_vocabulary
from schemas import KINDS
from schemas.vocab import raw_vocabularies

# vocabulary name → (value, label) in order
Entries = dict[str, list[tuple[str, str | None]]]


def township_type(township: str) -> str | None:
    """街道办事处 / 乡镇 from how the folder name ends (vocabularies.yaml `township_types`)."""
    for suffix, office in raw_vocabularies()["township_types"].items():
        if township.endswith(str(suffix)):
            return str(office)
    return None


def desired_entries() -> Entries:
    raw = raw_vocabularies()
    out: Entries = {}
    for name, entry in raw.items():
        if isinstance(entry, dict) and "values" in entry:
            out[name] = [(str(v), None) for v in entry["values"]]
    out["party_members"] = [(str(v), None) for v in raw["political_status"]["party_members"]]
    out["section_level_ranks"] = [(str(v), None) for v in raw["section_level_ranks"]]
    out["township_types"] = [(str(k), str(v)) for k, v in raw["township_types"].items()]
    out["record_kind"] = [(kind, None) for kind in KINDS]
    return out


def sync_vocabularies(connection: Connection) -> int:
    """Make ref_vocabulary equal the YAML; write only the differences. Returns rows changed."""
    wanted = {
        (name, value): (label, position)
        for name, entries in desired_entries().items()
        for position, (value, label) in enumerate(entries)
    }
    t = ref_vocabulary
    have = {
        (row.vocabulary, row.value): (row.label, row.position)
        for row in connection.execute(select(t.c.vocabulary, t.c.value, t.c.label, t.c.position))
    }
    changed = 0
    for key in have.keys() - wanted.keys():
        connection.execute(delete(t).where(and_(t.c.vocabulary == key[0], t.c.value == key[1])))
        changed += 1
    new = [
        {"vocabulary": k[0], "value": k[1], "label": v[0], "position": v[1]} for k, v in wanted.items() if k not in have
    ]
    if new:
        connection.execute(insert(t), new)
        changed += len(new)
    for key, (label, position) in wanted.items():
        if key in have and have[key] != (label, position):
            connection.execute(
                update(t)
                .where(and_(t.c.vocabulary == key[0], t.c.value == key[1]))
                .values(label=label, position=position)
            )
            changed += 1
    return changed


def sync_settings(connection: Connection, settings: IngestSettings) -> bool:
    """Make ref_setting's one row hold `settings`' young-cadre ages (the views join it); writes only a change."""
    t = ref_setting
    wanted = {"setting_id": 1, "young_age": settings.young_age, "young_recent_years": settings.young_recent_years}
    have = [dict(row) for row in connection.execute(select(t)).mappings()]
    if have == [wanted]:
        return False
    connection.execute(delete(t))
    connection.execute(insert(t), [wanted])
    return True
