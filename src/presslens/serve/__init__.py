"""``presslens serve``: the HTTP API, a Perspective-compatible endpoint and web pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from presslens.serve.settings import ServeSettings

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["ServeSettings", "app_from_env", "create_app"]


def create_app(settings: ServeSettings | None = None) -> FastAPI:
    """The presslens app (see :mod:`presslens.serve.app`)."""
    from presslens.serve.app import create_app as build

    return build(settings)


def app_from_env() -> FastAPI:
    """The app for ``ServeSettings.from_env()``: uvicorn's factory for worker processes."""
    return create_app(ServeSettings.from_env())
