"""Settings, read once from the environment and validated.

Every host, URL, limit and credential comes from here; nothing else reads os.environ.
"""
import os
from dataclasses import dataclass
from urllib.parse import urlparse


class ConfigError(ValueError):
    """A setting is missing or out of range."""


def _str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _int(name: str, default: int, lo: int, hi: int) -> int:
    raw = _str(name, str(default))
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from None
    if not lo <= value <= hi:
        raise ConfigError(f"{name} must be between {lo} and {hi}, got {value}")
    return value


def _float(name: str, default: float, lo: float, hi: float) -> float:
    raw = _str(name, str(default))
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None
    if not lo <= value <= hi:
        raise ConfigError(f"{name} must be between {lo} and {hi}, got {value}")
    return value


def _url(name: str, required: bool = False) -> str:
    value = _str(name).rstrip("/")
    if not value:
        if required:
            raise ConfigError(f"{name} is required")
        return ""
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(f"{name} must be an http(s) URL, got {value!r}")
    return value


@dataclass(frozen=True)
class Settings:
    database_url: str
    log_level: str
    cors_origins: tuple[str, ...]
    page_size: int
    max_page_size: int
    max_order_lines: int
    max_export_rows: int
    cancel_window_hours: int
    payment_api_url: str
    payment_api_key: str
    payment_timeout_s: float
    payment_max_attempts: int
    payment_budget_s: float
    notify_api_url: str
    notify_timeout_s: float
    webhook_signing_secret: str
    smtp_host: str
    smtp_port: int
    smtp_user: str
    smtp_password: str
    smtp_sender: str
    smtp_timeout_s: float

    def check_for_serving(self) -> None:
        """Settings that only the web app needs (seed.py runs without them)."""
        if not self.payment_api_url:
            raise ConfigError("PAYMENT_API_URL is required to serve the shop")


def load_settings() -> Settings:
    origins = tuple(o.strip() for o in _str("CORS_ORIGINS").split(",") if o.strip())
    if "*" in origins:
        raise ConfigError("CORS_ORIGINS must list explicit origins, not '*'")
    log_level = _str("LOG_LEVEL", "INFO").upper()
    if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ConfigError(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {log_level!r}")
    return Settings(
        database_url=_str("DATABASE_URL", "sqlite:///./shop.db"),
        log_level=log_level,
        cors_origins=origins,
        page_size=_int("PAGE_SIZE", 50, 1, 500),
        max_page_size=_int("MAX_PAGE_SIZE", 200, 1, 1000),
        max_order_lines=_int("MAX_ORDER_LINES", 50, 1, 500),
        max_export_rows=_int("MAX_EXPORT_ROWS", 10_000, 1, 1_000_000),
        cancel_window_hours=_int("CANCEL_WINDOW_HOURS", 24, 0, 24 * 90),
        payment_api_url=_url("PAYMENT_API_URL"),
        payment_api_key=_str("PAYMENT_API_KEY"),
        payment_timeout_s=_float("PAYMENT_TIMEOUT_S", 5.0, 0.1, 60.0),
        payment_max_attempts=_int("PAYMENT_MAX_ATTEMPTS", 3, 1, 10),
        payment_budget_s=_float("PAYMENT_BUDGET_S", 10.0, 1.0, 120.0),
        notify_api_url=_url("NOTIFY_API_URL"),
        notify_timeout_s=_float("NOTIFY_TIMEOUT_S", 3.0, 0.1, 30.0),
        webhook_signing_secret=_str("WEBHOOK_SIGNING_SECRET"),
        smtp_host=_str("SMTP_HOST"),
        smtp_port=_int("SMTP_PORT", 587, 1, 65535),
        smtp_user=_str("SMTP_USER"),
        smtp_password=_str("SMTP_PASSWORD"),
        smtp_sender=_str("SMTP_SENDER"),
        smtp_timeout_s=_float("SMTP_TIMEOUT_S", 10.0, 0.1, 60.0),
    )


settings = load_settings()
