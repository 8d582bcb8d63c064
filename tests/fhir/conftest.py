"""Fixtures for the FHIR face: a web client on a throwaway diary, and FHIR checking helpers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.conftest import _isolated_data_dir  # noqa: F401  (autouse: never the real data folder)


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
