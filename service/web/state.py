"""What a running app holds: settings, store and resolver, reached through ``current_state()``."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from service.config import Settings
from service.live import Resolver
from service.store import Store


@dataclass
class AppState:
    settings: Settings
    store: Store
    resolver: Resolver


def current_state() -> AppState:
    state: AppState = current_app.extensions["polyonym"]
    return state
