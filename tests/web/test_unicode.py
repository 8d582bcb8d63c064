"""Text that is not valid Unicode (a lone surrogate, bytes that are not UTF-8) is refused with 422,
on every route, pages and API alike; never a 500."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from .web_helpers import csrf

LONE = "\\ud800"  # as a JSON escape: json.loads makes a str that cannot be encoded


def _routes(app) -> list[tuple[str, str]]:
    from backpop.web import api, pages

    out = []
    for route in [*api.router.routes, *pages.router.routes]:
        if isinstance(route, APIRoute):
            path = re.sub(r"\{[^}]+\}", "e1", route.path)
            out += [(m, path) for m in sorted(route.methods) if m != "HEAD"]
    assert len(out) > 30, out
    return out


@pytest.fixture(params=[False, True], ids=["one-person", "multi-user"])
def signed_in(request, make_app):
    app = make_app(multi_user=request.param)
    c = TestClient(app, raise_server_exceptions=False)
    if request.param:
        from .web_helpers import sign_up

        assert sign_up(c, "alice").status_code == 200
    return c


def test_a_lone_surrogate_in_the_hidden_interview_state_is_refused(signed_in):
    token = csrf(signed_in.get("/").text)
    state = '{"answers": {}, "text": "pop ' + LONE + '"}'
    for path in ("/interview", "/diary/save"):
        response = signed_in.post(path, data={"csrf_token": token, "state": state, "action": "continue"})
        assert response.status_code == 422, (path, response.text[:200])
        assert "not valid Unicode" in response.text


def test_bad_text_in_any_field_of_any_route_is_refused_never_a_500(signed_in):
    token = csrf(signed_in.get("/").text)
    headers = {"x-requested-with": "test"}
    for method, path in _routes(signed_in.app):
        json_body = (
            '{"text": "a'
            + LONE
            + '", "username": "'
            + LONE
            + 'x", "password": "'
            + LONE * 12
            + '", "label": "'
            + LONE
            + '", "episode": {}, "answers": {}}'
        )
        as_json = signed_in.request(
            method, path, content=json_body.encode(), headers={**headers, "content-type": "application/json"}
        )
        assert as_json.status_code != 500, (method, path, "json")
        if method == "GET":
            query = signed_in.get(path + "?next=%ED%A0%80&weeks=%ff")
            assert query.status_code == 422, (path, "query")
            continue
        form = (
            f"csrf_token={token}&text=a%ED%A0%80&state=%7B%7D&username=ab%ffc&password=%ff%fe"
            "&password_again=%ff%fe&label=%ED%A0%80&confirm=yes"
        )
        as_form = signed_in.request(
            method,
            path,
            content=form.encode(),
            headers={**headers, "content-type": "application/x-www-form-urlencoded"},
        )
        assert as_form.status_code == 422, (method, path, "form", as_form.status_code)


def test_bytes_that_are_not_utf8_in_an_address_are_refused(client):
    assert client.get("/diary/entry/%ED%A0%80").status_code == 422
    assert client.get("/v1/diary/e%ff").status_code == 422
