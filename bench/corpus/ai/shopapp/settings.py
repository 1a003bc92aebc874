# Mixed: settings. The pydantic-settings import is declared; python-dotenv too. The helper
# package for YAML settings is invented, and the v1-style BaseSettings Config is deprecated.
import functools
import os
from pathlib import Path
from typing import Any

import yaml  # ok: undeclared-dependency, hallucinated-package -- PyYAML is declared
from dotenv import load_dotenv  # ok: undeclared-dependency, hallucinated-package -- python-dotenv is declared
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict  # ok: undeclared-dependency, hallucinated-package
from pydantic_yaml_loader import yaml_settings_source  # expect: hallucinated-package


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOP_", env_file=".env", extra="ignore")  # ok: deprecated-api

    database_url: str = "sqlite:///shop.db"
    payments_url: str = "https://payments.example.com"
    request_timeout_s: float = Field(default=10.0, gt=0)  # ok: deprecated-api, hallucinated-api
    admin_emails: list[str] = Field(default_factory=list, min_items=1)  # expect: deprecated-api -- min_length


class LegacySettings(BaseSettings):
    debug: bool = False

    class Config:  # expect[legacy-config]: deprecated-api -- model_config = SettingsConfigDict(...)
        env_prefix = "SHOP_"  # expect[legacy-config]: deprecated-api


@functools.cache
def get_settings() -> Settings:
    load_dotenv(override=False)  # ok: hallucinated-api
    overrides: dict[str, Any] = {}
    path = Path(os.environ.get("SHOP_CONFIG", "shop.yaml"))
    if path.is_file():
        overrides = yaml.safe_load(path.read_text(encoding="utf-8")) or {}  # ok: hallucinated-api
    overrides.update(yaml_settings_source("shop.local.yaml"))
    return Settings(**overrides)
