"""Every operation in Sources/DirAuthAPI/openapi.yaml exists on the real dirauthd.

Black box: a path and method the server has no route for gets Hummingbird's own 404, with no
body and no ``Content-Type``. Every documented answer of dirauthd carries a ``Content-Type``
(the documented 404 is ``{"detail":"Not found."}``), except 2xx answers without a body (``/_auth``'s
200, the OTP 204s), which are not 404s. So a documented operation exists when its answer is
anything but a 404 without ``Content-Type``. The requests carry no credentials and no body: they
change nothing in the shared test directory.

The reverse direction (a route of the server missing from the document) is checked in Swift.
"""


import pytest
import requests
import yaml

import harness

DOCUMENT = harness.REPO / "Sources" / "DirAuthAPI" / "openapi.yaml"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SOME_ID = "00000000-0000-4000-8000-000000000000"  # no such entry: a documented 404 after the caller checks


def documented_operations():
    paths = yaml.safe_load(DOCUMENT.read_text("utf-8"))["paths"]
    return [(method.upper(), path) for path, item in paths.items() for method in METHODS if method in item]


def route_miss(response):
    """Hummingbird's answer for a path and method it has no route for."""
    return response.status_code == 404 and "content-type" not in response.headers


@pytest.fixture(scope="module")
def server(directory, tmp_path_factory):
    """One dirauthd on the shared test directory for the module (as conftest's dirauthd())."""
    s = harness.start_dirauthd(tmp_path_factory.mktemp("routes"), directory)
    yield s
    s.stop()


def call(server, method, path):
    return requests.request(method, server.url + path.replace("{id}", SOME_ID), timeout=10)


def operation_params():
    for method, path in documented_operations():
        yield pytest.param(method, path, id="%s %s" % (method, path))


@pytest.mark.parametrize("method,path", list(operation_params()))
def test_documented_operation_is_served(server, method, path):
    r = call(server, method, path)
    assert not route_miss(r), "%s %s: no route on the server (404 without a body)" % (method, path)


@pytest.mark.parametrize("method,path", [
    ("GET", "/nothing-here"), ("HEAD", "/v1/whoami"), ("OPTIONS", "/ungleichotp/"), ("GET", "/v1/challenge"),
    ("POST", "/healthz"), ("GET", "/_auth/"), ("GET", "/ungleichotp/%s/rotate/extra/" % SOME_ID),
])
def test_the_check_sees_a_missing_route(server, method, path):
    """The detector works: undocumented combinations get the route-miss answer."""
    assert route_miss(call(server, method, path))


@pytest.mark.parametrize("method,path", [
    (m, p) for m, p in documented_operations() if p not in ("/_auth", "/openapi.yaml")
])
def test_other_slash_spelling_is_the_same_route(server, method, path):
    """As the document's header says: every routed path also answers with the other trailing-slash spelling."""
    other = path[:-1] if path.endswith("/") else path + "/"
    assert not route_miss(call(server, method, other)), "%s %s" % (method, other)
