# hallucinated-api: rich, click, PyYAML, python-dotenv, PyJWT and SQLAlchemy as installed.
# Where these come from: keyword arguments borrowed from a neighbour library (tqdm's desc=
# in rich, secho's fg= in echo, pydantic's max_length= in SQLAlchemy), json-module
# spellings applied to yaml, the plural algorithms= of jwt.decode used in jwt.encode, and
# async names put where the async extension is not.
import logging
from typing import Any

import click
import jwt
import rich
import sqlalchemy as sa
import yaml
from dotenv import find_dotenv, load_dotenv
from rich.console import Console
from rich.logging import RichHandler  # ok: hallucinated-api
from rich.progress import track  # ok: hallucinated-api
from rich.table import Table
from sqlalchemy import create_async_engine  # expect: hallucinated-api -- sqlalchemy.ext.asyncio
from sqlalchemy import JSONB  # expect: hallucinated-api -- sqlalchemy.dialects.postgresql
from sqlalchemy.orm import AsyncSession  # expect: hallucinated-api -- sqlalchemy.ext.asyncio
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column  # ok: hallucinated-api
from sqlalchemy.dialects.postgresql import JSONB as PG_JSONB  # ok: hallucinated-api
from rich.progress import tqdm  # expect: hallucinated-api -- tqdm is another package

log = logging.getLogger(__name__)

# --- rich ----------------------------------------------------------------------------------

console = Console(stderr=True, no_color=True)  # ok: hallucinated-api
plain = Console(color=False)  # expect: hallucinated-api -- no_color=True
logging.basicConfig(handlers=[RichHandler(rich_tracebacks=True, markup=True)])  # ok: hallucinated-api


def show(rows: list[dict[str, Any]]) -> None:
    rich.print_table(rows)  # expect: hallucinated-api -- build a rich.table.Table
    table = Table(title="Orders", show_lines=True)  # ok: hallucinated-api
    table.add_column("Id", justify="right")  # ok: hallucinated-api
    table.add_column("Amount", align="right")  # expect: hallucinated-api -- justify=
    for row in rows:
        table.add_row(str(row["id"]), str(row["amount"]))
    console.print(table, style="bold")  # ok: hallucinated-api
    console.print("done", color="green")  # expect: hallucinated-api -- style="green"
    rich.print("[green]done[/green]")  # ok: hallucinated-api
    boxed = Table(border=True)  # expect: hallucinated-api -- box= / show_edge=
    console.print(boxed)


def upload_all(paths: list[str]) -> None:
    for path in track(paths, description="Uploading"):  # ok: hallucinated-api
        log.info("uploading %s", path)
    for path in track(paths, desc="Verifying"):  # expect: hallucinated-api -- description=
        log.info("verifying %s", path)
    for path in tqdm(paths):
        log.info("done %s", path)


# --- click ---------------------------------------------------------------------------------


@click.command()
@click.argument("src", type=click.Path(exists=True, dir_okay=False))  # ok: hallucinated-api
@click.argument("dst", type=click.Path(must_exist=False))  # expect: hallucinated-api -- exists=
@click.option("--env", type=click.Choice(["dev", "prod"], case_sensitive=False))  # ok: hallucinated-api
@click.option("--region", type=click.Choice(["eu", "us"], ignore_case=True))  # expect: hallucinated-api -- case_sensitive=False
def deploy(src: str, dst: str, env: str, region: str) -> None:
    token = click.prompt("API token", hide_input=True)  # ok: hallucinated-api
    secret = click.prompt("Signing secret", password=True)  # expect: hallucinated-api -- hide_input=True
    if not click.confirm("Deploy now?", default=False):  # ok: hallucinated-api
        click.echo("aborted", err=True)  # ok: hallucinated-api
        return
    click.echo(f"deploying {src} to {dst}", fg="green")  # expect: hallucinated-api -- click.secho
    click.secho(f"deploying {src} to {dst}", fg="green", bold=True)  # ok: hallucinated-api
    log.info("deploy %s %s %s %d %d", env, region, dst, len(token), len(secret))


# --- yaml, dotenv, jwt ---------------------------------------------------------------------


def load_config(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)  # ok: hallucinated-api


def load_config_wrong(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh, Loader=yaml.FullLoader)  # expect: hallucinated-api -- safe_load takes no Loader


def parse_config(text: str) -> dict[str, Any]:
    return yaml.safe_loads(text)  # expect: hallucinated-api -- json-style name; yaml.safe_load


def dump_config(config: dict[str, Any]) -> str:
    return yaml.dumps(config)  # expect: hallucinated-api -- yaml.safe_dump


def dump_config_right(config: dict[str, Any]) -> str:
    return yaml.safe_dump(config, sort_keys=False)  # ok: hallucinated-api


def env() -> None:
    load_dotenv(raise_error_if_not_found=True)  # expect: hallucinated-api -- that is find_dotenv's argument
    load_dotenv(find_dotenv(raise_error_if_not_found=True), override=True)  # ok: hallucinated-api


def issue_token(user_id: int, secret: str) -> str:
    return jwt.encode({"sub": str(user_id)}, secret, algorithms=["HS256"])  # expect: hallucinated-api -- algorithm=


def issue_token_right(user_id: int, secret: str) -> str:
    return jwt.encode({"sub": str(user_id)}, secret, algorithm="HS256")  # ok: hallucinated-api


def read_token(token: str, secret: str) -> dict[str, Any]:
    return jwt.decode(token, secret, algorithms=["HS256"], leeway=30)  # ok: hallucinated-api


# --- SQLAlchemy ----------------------------------------------------------------------------


class Base(DeclarativeBase):
    pass


class Product(Base):
    __tablename__ = "products"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(length=200), index=True)  # ok: hallucinated-api
    sku: Mapped[str] = mapped_column(sa.String(max_length=40), unique=True)  # expect: hallucinated-api -- length=
    attributes: Mapped[dict[str, Any]] = mapped_column(PG_JSONB, default=dict)
    tags: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)


engine = sa.create_engine("sqlite:///shop.db", pool_pre_ping=True, echo=False)  # ok: hallucinated-api
async_engine = create_async_engine("postgresql+asyncpg://app@db/app")


async def product_names(session: AsyncSession) -> list[str]:
    rows = await session.execute(sa.select(Product.name).where(sa.func.lower(Product.name).like("a%")))  # ok: hallucinated-api
    return [name for (name,) in rows]


def product_count(conn: sa.Connection) -> int:
    return conn.execute(sa.select(sa.func.count(Product.id))).scalar_one()  # ok: hallucinated-api
