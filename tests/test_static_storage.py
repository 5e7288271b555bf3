"""magnesium_site.static_storage: manifest addresses, looked up once per process."""

import json

import pytest

from magnesium_site.static_storage import StaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    manifest = {"paths": {"css/site.css": "css/site.0123456789ab.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


def test_the_address_is_the_manifests(storage):
    assert storage.url("css/site.css") == "/static/css/site.0123456789ab.css"
    assert storage.url("css/site.css") == "/static/css/site.0123456789ab.css"


def test_an_address_is_looked_up_once(storage, monkeypatch):
    lookups = []
    stored_name = storage.stored_name
    monkeypatch.setattr(
        storage, "stored_name", lambda name: lookups.append(name) or stored_name(name)
    )

    for _ in range(3):
        storage.url("css/site.css")

    assert lookups == ["css/site.css"]


def test_a_file_missing_from_the_manifest_still_fails_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")
