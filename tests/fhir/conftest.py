"""Fixtures for the FHIR face: a web client on a throwaway diary, and FHIR checking helpers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = tmp_path / "data"
    monkeypatch.setenv("BACKPOP_DATA_DIR", str(data))
    monkeypatch.delenv("BACKPOP_DATABASE_URL", raising=False)
    monkeypatch.delenv("BACKPOP_SECRET_KEY", raising=False)
    return data


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from backpop.web.app import WebSettings, create_app

    folder = tmp_path_factory.mktemp("fhir-web")
    with TestClient(create_app(WebSettings(db_url=f"sqlite:///{folder / 'diary.sqlite3'}"))) as c:
        yield c


def assert_valid(resource: dict[str, Any], version: str) -> None:
    """The resource reads back as FHIR `version` with fhir.resources (independently of backpop's own check)."""
    if version == "R4B":
        from fhir.resources.R4B import get_fhir_model_class
    else:
        from fhir.resources import get_fhir_model_class
    model = get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    assert model.get_resource_type() == resource["resourceType"]
