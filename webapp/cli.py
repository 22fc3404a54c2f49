"""flask commands: migrate, regions, demo, worker, serve."""

from __future__ import annotations

import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import ScriptInfo, with_appcontext

from webapp import serving, worker
from webapp.services import cases, contacts, regions
from webapp.sms import templates
from webapp.staff.cli import staff_group
from webapp.staff.policy_cli import policy_group
from webapp.store import engine as database
from webapp.store import synthetic

DEMO_COUNTY = "999901000000"  # 清河县（演示）, webapp/data/demo_regions.csv


@click.command("migrate")
@with_appcontext
def migrate_command():
    """Apply pending schema migrations from migrations/."""
    applied = database.migrate(current_app.config["DATABASE"])
    click.echo("applied: " + ", ".join(applied) if applied else "up to date")


@click.group("regions")
def regions_group():
    """The county / township / village table."""


@regions_group.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def import_command(csv_file: Path):
    """Import or update regions from a CSV with columns code,name,level,parent_code."""
    try:
        count = regions.import_regions(database.get_db(), regions.read_csv(csv_file))
    except regions.RegionImportError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"imported {count} regions")


@click.command("demo")
@click.option("--cases", "case_count", type=click.IntRange(min=0), default=0,
              help="Also add this many synthetic cases to the demo county (for trials and bench/).")
@click.option("--seed", type=int, default=1, show_default=True,
              help="The same seed (on the same day) gives the same cases.")
@with_appcontext
def demo_command(case_count: int, seed: int):
    """Prepare demo data: the demo county's townships and villages, and synthetic cases if asked."""
    db = database.get_db()
    regions.ensure_demo(db)
    if regions.get(db, DEMO_COUNTY) is None:  # other regions were imported first
        regions.import_regions(db, regions.read_csv(regions.DEMO_CSV))
    contacts.ensure_demo(db)  # the offices' names and (made-up) numbers residents are shown
    if case_count:
        started = time.perf_counter()
        total = synthetic.load(db, case_count, synthetic.villages_of(db, DEMO_COUNTY), seed=seed,
                               calendar=cases.calendar(db))
        click.echo(f"{case_count} synthetic cases added in {time.perf_counter() - started:.1f} s "
                   f"({total} synthetic cases in all; references SYN…, marked synthetic)")
    click.echo("demo county ready; sign in with any mobile number and read the code at /dev/sms")


@click.command("worker")
@click.option("--once", is_flag=True, help="Send what is due and exit.")
@with_appcontext
def worker_command(once: bool):
    """Send queued SMS messages."""
    worker.run(current_app._get_current_object(), once=once)


@click.group("sms")
def sms_group():
    """SMS templates and scheduled jobs."""


@sms_group.command("templates")
def templates_command():
    """Every template with its length and SMS parts (70 a part, 67 each when split)."""
    signature = current_app.config["SMS_SIGNATURE"]
    for template in templates.all_templates().values():
        sample = templates.render(template.name, templates.sample_params(template), signature)
        click.echo(f"{template.name:22} {len(sample):3} chars  {templates.segments(sample)} part(s)"
                   f"  {sample}")


@sms_group.command("jobs")
@with_appcontext
def jobs_command():
    """Queue the reminders due now and mark messages with no receipt after 72 hours."""
    worker.run_jobs(database.get_db(), current_app.config)
    click.echo("done")


@click.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000, type=int)
@click.option("--worker/--no-worker", default=True, show_default=True,
              help="Run the SMS worker beside the web processes (--no-worker: it runs elsewhere).")
@click.option("--socket-fd", type=int, hidden=True, help="Internal: be one web process.")
@click.option("--worker-process", is_flag=True, hidden=True, help="Internal: be the worker.")
@with_appcontext
def serve_command(host: str, port: int, worker: bool, socket_fd: int | None,
                  worker_process: bool):
    """Run the web server (waitress, DOUDI_SERVE_PROCESSES processes) and the worker beside it."""
    app = current_app._get_current_object()
    if socket_fd is not None or worker_process:
        serving.run_child(app, socket_fd)
        return
    processes = serving.process_count(app.config)
    sockets = serving.listen(host, port, processes)
    port = sockets[0].getsockname()[1]  # the one given, or the one the system chose for 0
    click.echo(f"doudi on http://{host}:{port}/ in {processes} web processes "
               "(SMS codes at /dev/sms with the console backend)")
    info = click.get_current_context().find_object(ScriptInfo)
    try:
        serving.run_parent(info.app_import_path if info else None, sockets, processes, worker)
    except serving.ChildStopped as stopped:
        raise click.ClickException(str(stopped)) from None


def init_app(app: Flask) -> None:
    for command in (migrate_command, regions_group, demo_command, worker_command, serve_command,
                    sms_group, staff_group, policy_group):
        app.cli.add_command(command)
