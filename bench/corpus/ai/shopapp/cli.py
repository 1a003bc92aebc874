# Mixed: the admin CLI. click and rich are declared and used right, with a few borrowed
# keyword arguments and one import of an invented "click_rich" bridge.
import logging
import sys

import click
from rich.console import Console
from rich.table import Table

from .db import create_schema, open_orders, session_scope  # ok: hallucinated-package, undeclared-dependency
from click_rich_bridge import RichGroup  # expect: hallucinated-package

console = Console()
log = logging.getLogger(__name__)


@click.group(cls=RichGroup)
@click.option("--verbose", "-v", is_flag=True, help="Log more.")
def cli(verbose: bool) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO)


@cli.command()
def init_db() -> None:
    create_schema()
    click.secho("schema created", fg="green")  # ok: hallucinated-api


@cli.command()
@click.argument("customer_id", type=click.IntRange(min=1))  # ok: hallucinated-api
@click.option("--format", "fmt", type=click.Choice(["table", "json"], case_sensitive=False), default="table")  # ok: hallucinated-api
def orders(customer_id: int, fmt: str) -> None:
    with session_scope() as session:
        rows = open_orders(session, customer_id)
    if fmt == "json":
        click.echo([row.id for row in rows])
        return
    table = Table("id", "total", "status", title=f"Open orders of {customer_id}")  # ok: hallucinated-api
    for row in rows:
        table.add_row(str(row.id), f"{row.total:.2f}", row.status, style="dim")  # ok: hallucinated-api
    console.print(table, justify="left")  # ok: hallucinated-api
    console.print(f"{len(rows)} orders", highlight=False, end="\n")  # ok: hallucinated-api
    console.log("listed orders", log_locals=False)  # ok: hallucinated-api


@cli.command()
@click.confirmation_option(prompt="Drop every open order?")  # ok: hallucinated-api
def purge() -> None:
    log.warn("purging open orders")  # expect: deprecated-api -- log.warning
    click.echo("purged", err=True, fg="red")  # expect: hallucinated-api -- click.secho(..., fg="red")
    sys.exit(0)


if __name__ == "__main__":
    cli()
