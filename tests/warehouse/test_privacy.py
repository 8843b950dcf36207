"""ID numbers: keyed HMAC for joins, masked for reading, raw only in the restricted store."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import inspect, literal_column, select, table

from pipelines.warehouse import Warehouse, identity, pii_key_from_env
from pipelines.warehouse.identity import DEV_PII_KEY, cadre_key, mask_id, mask_text, normalize_id
from pipelines.warehouse.tables import cadre_identity
from tests.warehouse import dataset
from tests.warehouse.builders import make_id, month

ID_PATTERN = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


def _every_value(store: Warehouse) -> list[str]:
    """Every non-null value of every column of every table and view of the analyst store."""
    names = inspect(store.engine).get_table_names() + inspect(store.engine).get_view_names()
    values: list[str] = []
    with store.engine.connect() as connection:
        for name in names:
            for row in connection.execute(select(literal_column("*")).select_from(table(name))):
                values.extend(str(v) for v in row if v is not None)
    return values


def test_no_analyst_table_or_view_holds_an_id_number(warehouse: Warehouse, sources: Path) -> None:
    data = dataset.build(sources, warehouse)
    raw = data.id_numbers()
    values = _every_value(warehouse)
    assert len(values) > 1000
    assert [v for v in values if ID_PATTERN.search(v)] == []
    assert [v for v in values if any(number in v for number in raw)] == []
    assert mask_id(next(iter(raw))) in values


def test_raw_id_numbers_live_only_in_the_restricted_store(warehouse: Warehouse, sources: Path) -> None:
    data = dataset.build(sources, warehouse)
    with warehouse.restricted_engine.connect() as connection:
        stored = {row.id_number: row.cadre_key for row in connection.execute(select(cadre_identity))}
    assert set(stored) == data.id_numbers()
    assert all(key == cadre_key(warehouse.config.pii_key, number) for number, key in stored.items())


def test_the_cadre_key_is_an_hmac_keyed_by_the_pii_key() -> None:
    number = make_id(month(1985, 3), 7)
    assert cadre_key(b"one", number) != cadre_key(b"two", number)
    assert cadre_key(b"one", number) == cadre_key(b"one", " " + number.lower() + " ")
    assert len(cadre_key(b"one", number)) == 64


def test_masking_keeps_the_region_code_and_the_last_four_characters() -> None:
    assert mask_id("50015619850301002X") == "500156********002X"
    assert mask_text("身份证号 50015619850301002X 有误，旧号 512326850301002") == (
        "身份证号 500156********002X 有误，旧号 512326********0023"
    )
    assert mask_text("5.00156198503E+17") == "*.****E+**"
    assert mask_text("电话 13800138000") == "电话 13800138000"


def test_an_old_fifteen_digit_number_gets_the_key_of_its_eighteen_digit_form() -> None:
    assert normalize_id("512326850301002") == "512326198503010023"
    assert cadre_key(b"k", "512326850301002") == cadre_key(b"k", "512326198503010023")


def test_without_a_pii_key_the_development_key_is_used_with_one_warning(caplog: pytest.LogCaptureFixture) -> None:
    identity._warn_development_key.cache_clear()  # earlier tests in this process may have had it said
    assert pii_key_from_env(None) == DEV_PII_KEY
    assert pii_key_from_env(None) == DEV_PII_KEY
    assert pii_key_from_env("secret") == b"secret"
    warnings = [r for r in caplog.records if "CADRE_ETL_PII_KEY is not set" in r.getMessage()]
    assert len(warnings) == 1
