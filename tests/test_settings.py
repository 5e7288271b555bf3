import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 20 + "-production-secret-for-the-deploy-check-only-" + "y" * 20,
    "ALLOWED_HOSTS": "magnesium.example",
    "DJANGO_SETTINGS_MODULE": "magnesium_site.settings",
}


# Set by the browser tests for Playwright; it must not leak into a deploy check.
NOT_INHERITED = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def _manage(*args, drop=(), **env):
    environment = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED and k not in drop}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_reports_nothing_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "missing, expected",
    [("SECRET_KEY", "SECRET_KEY"), ("ALLOWED_HOSTS", "ALLOWED_HOSTS")],
)
def test_production_refuses_to_start_without_required_settings(missing, expected):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = _manage("check", drop={missing}, **env)
    assert result.returncode != 0
    assert expected in result.stderr


def test_production_refuses_the_development_secret():
    result = _manage("check", **{**PRODUCTION, "SECRET_KEY": "django-insecure-short"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_migrations_are_up_to_date():
    result = _manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr


SHOW_CACHES = (
    "from django.conf import settings; "
    "print(settings.CACHES['default']['BACKEND'], settings.CACHES['default'].get('LOCATION'))"
)


def test_production_without_redis_shares_its_cache_between_workers_in_files(tmp_path):
    result = _manage(
        "shell", "-c", SHOW_CACHES, drop={"REDIS_URL"}, CACHE_DIR=str(tmp_path), **PRODUCTION
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == [
        "magnesium_site.cache.FileCache",
        str(tmp_path),
    ]


def test_production_with_redis_shares_its_cache_in_redis():
    url = "redis://127.0.0.1:6379/9"
    result = _manage("shell", "-c", SHOW_CACHES, REDIS_URL=url, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["magnesium_site.cache.RedisCache", url]


def test_production_without_redis_refuses_a_cache_dir_it_cannot_make(tmp_path):
    not_a_directory = tmp_path / "een-bestand"
    not_a_directory.write_text("")
    cache_dir = str(not_a_directory / "cache")
    result = _manage("check", drop={"REDIS_URL"}, CACHE_DIR=cache_dir, **PRODUCTION)
    assert result.returncode != 0
    assert "CACHE_DIR" in result.stderr
