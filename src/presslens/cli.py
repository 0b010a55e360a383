"""The ``presslens`` command line: thin wrappers over the library calls.

Exit codes (also in ``presslens --help``):
    0  every input was analysed
    1  some inputs failed (each is reported on stderr); the others were written
    2  usage error, or no input could be analysed
    3  the spaCy English pipeline is not installed
    4  the output could not be written
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from presslens import __version__
from presslens.errors import InputError, OutputError, PresslensError
from presslens.model import Analysis
from presslens.options import DEFAULT_MAX_BYTES, Options
from presslens.pipeline import analyze_many
from presslens.readers import PageInput, iter_inputs
from presslens.readers.text import expand_paths

EXIT_CODES = """Exit codes: 0 all inputs analysed; 1 some inputs failed (reported on stderr, the
others written); 2 usage error or no input analysed; 3 spaCy English pipeline missing;
4 output not writable."""

app = typer.Typer(
    name="presslens",
    help="Turn news pages - an article and its reader comments - into structured evidence.\n\n"
    + EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)

err_console = Console(stderr=True, highlight=False)


class Format(StrEnum):
    """Output formats of ``presslens analyze``."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    markdown = "markdown"
    html = "html"


def _fail(message: str, code: int) -> typer.Exit:
    err_console.print(f"[bold red]error:[/] {message}", soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def _open_output(output: Path | None) -> Iterator[IO[str]]:
    if output is None:
        yield sys.stdout
        return
    try:
        handle = open(output, "w", encoding="utf-8")  # noqa: SIM115 - closed below
    except OSError as err:
        raise OutputError(
            f"cannot write {output}: {err.strerror}", "check the folder exists and is writable"
        ) from err
    with handle:
        yield handle


def _progress(total: int, enabled: bool) -> Progress:
    return Progress(
        TextColumn("[bold]analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        disable=not enabled,
        transient=False,
    )


def _write(analysis: Analysis, fmt: Format, out: IO[str], index: int, many: bool) -> None:
    """Write one analysis; ``index`` counts the analyses written before it."""
    from presslens import report

    if fmt is Format.jsonl:
        out.write(json.dumps(analysis.as_dict(), ensure_ascii=False) + "\n")
    elif fmt is Format.json:
        body = json.dumps(analysis.as_dict(), ensure_ascii=False, indent=2)
        out.write((("[\n" if index == 0 else ",\n") + body) if many else body + "\n")
    elif fmt is Format.text:
        report.render_text(analysis, Console(file=out, highlight=False, soft_wrap=False))
    elif fmt is Format.markdown:
        out.write(("" if index == 0 else "\n---\n\n") + report.render_markdown(analysis))
    else:
        out.write(report.render_html(analysis))


@app.command()
def analyze(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Pages to analyse: text or HTML files, folders (read recursively), "
            "http(s) URLs, or - for stdin."
        ),
    ],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.text,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    max_bytes: Annotated[
        int, typer.Option(help="Refuse inputs larger than this many bytes.", min=1)
    ] = DEFAULT_MAX_BYTES,
    encoding: Annotated[
        str | None,
        typer.Option(help="Decode inputs with this encoding instead of detecting it."),
    ] = None,
    extension: Annotated[
        list[str] | None,
        typer.Option(
            "--ext", help="File endings read from folders (repeatable).", show_default=False
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Analyse news pages: headline, article, people, quotes and the comment thread.

    Several inputs are analysed with one loaded model; --format jsonl writes one analysis
    per line in input order. An input that cannot be read is reported on stderr and the
    others go on.
    """
    options = Options(max_bytes=max_bytes, encoding=encoding)
    if extension:
        endings = tuple(e if e.startswith(".") else f".{e}" for e in extension)
        options = options.with_(extensions=endings)
    paths = list(expand_paths(inputs, options))
    if not paths:
        raise _fail(
            "no input files found; pass files, a folder with .txt or .html files, a URL, or -", 2
        )
    if fmt is Format.html and len(paths) > 1:
        raise _fail("--format html shows one page; use --format jsonl for many pages", 2)
    failed = done = 0
    try:
        with (
            _open_output(output) as out,
            _progress(len(paths), enabled=len(paths) > 1 and not quiet) as progress,
        ):
            task = progress.add_task("analyse", total=len(paths), rate="")
            many = len(paths) > 1
            for result in analyze_many(iter_inputs(paths, options), options=options):
                if isinstance(result, InputError):
                    failed += 1
                    progress.console.print(f"[bold red]error:[/] {result}", soft_wrap=True)
                else:
                    _write(result, fmt, out, done, many)
                    done += 1
                elapsed = progress.tasks[task].elapsed or 0.0
                rate = f"{(done + failed) / elapsed:.1f} pages/s" if elapsed > 0 else ""
                progress.update(task, advance=1, rate=rate)
            if fmt is Format.json and many:
                out.write("\n]\n" if done else "[]\n")
    except PresslensError as err:
        raise _fail(str(err), err.exit_code) from None
    if failed and not done:
        raise typer.Exit(2)
    if failed:
        raise typer.Exit(1)


class ScoreFormat(StrEnum):
    """Output formats of ``presslens score``."""

    jsonl = "jsonl"
    text = "text"


class InputKind(StrEnum):
    """How ``presslens score`` reads its input lines."""

    auto = "auto"
    json = "json"
    plain = "plain"


@contextmanager
def _open_lines(source: str) -> Iterator[IO[str]]:
    if source == "-":
        yield sys.stdin
        return
    try:
        handle = open(source, encoding="utf-8", errors="replace")  # noqa: SIM115 - closed below
    except FileNotFoundError as err:
        raise InputError(source, "no such file", "check the path, or pipe comments to -") from err
    except IsADirectoryError as err:
        raise InputError(source, "is a folder", "pass a file of comments, one per line") from err
    with handle:
        yield handle


def _score_line(record: dict[str, object]) -> str:
    if "error" in record:
        return f"{record['line']}\terror: {record['error']}"
    scores = record["scores"]
    assert isinstance(scores, dict)
    top = max(scores, key=lambda k: scores[k])
    return f"{record['line']}\ttoxicity {scores['toxicity']:.2f}\t{top} {scores[top]:.2f}"


@app.command()
def score(
    source: Annotated[
        str, typer.Argument(help="A file of comments, one per line, or - for stdin.")
    ] = "-",
    fmt: Annotated[
        ScoreFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ScoreFormat.jsonl,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Add the spans that drove a high toxicity.")
    ] = False,
    input_kind: Annotated[
        InputKind,
        typer.Option("--input", help='Lines are JSON ({"text": ...}), plain text, or auto.'),
    ] = InputKind.auto,
    batch_size: Annotated[int, typer.Option(help="Comments scored together.", min=1)] = 512,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Score comments for toxicity: six calibrated probabilities per comment.

    Reads one comment per line (plain text, or JSON lines with a "text" key whose other
    keys are passed through) and writes one record per input line in the same order; a
    line that cannot be scored gets an error record in its place. Streams in bounded
    memory, with a progress bar on stderr.
    """
    from presslens.comments import score_records

    json_lines = None if input_kind is InputKind.auto else input_kind is InputKind.json
    try:
        with (
            _open_lines(source) as lines,
            _open_output(output) as out,
            Progress(
                TextColumn("[bold]scoring"),
                TextColumn("{task.completed:,} comments"),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                console=err_console,
                disable=quiet,
            ) as progress,
        ):
            task = progress.add_task("score", total=None, rate="")
            records = score_records(
                lines, json_lines=json_lines, explain=explain, batch_size=batch_size
            )
            for count, record in enumerate(records, start=1):
                if fmt is ScoreFormat.jsonl:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                else:
                    out.write(_score_line(record) + "\n")
                if count % batch_size == 0:
                    elapsed = progress.tasks[task].elapsed or 0.0
                    rate = f"{count / elapsed:,.0f}/s" if elapsed > 0 else ""
                    progress.update(task, completed=count, rate=rate)
    except PresslensError as err:
        raise _fail(str(err), err.exit_code) from None


DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="PRESSLENS_DB",
        help="Database URL: sqlite:///FILE.db (default) or postgresql+psycopg://...",
    ),
]


def _store(db: str) -> Any:
    from presslens.store import Store

    return Store(db)


def _corpus_total(sources: list[str], options: Options) -> int | None:
    """How many pages ``sources`` hold, for the progress bar; None if unknown (stdin)."""
    from presslens.readers.records import count_records, record_format

    total = 0
    for source in sources:
        if source == "-":
            return None
        if record_format(source) and not Path(source).is_dir():
            count = count_records(source)
            if count is None:
                return None
            total += count
        else:
            total += sum(1 for _ in expand_paths([source], options))
    return total


def _corpus_items(
    sources: list[str], columns: Any, options: Options
) -> Iterator[PageInput | InputError]:
    from presslens.readers.records import iter_records, record_format

    for source in sources:
        if source != "-" and record_format(source) and not Path(source).is_dir():
            yield from iter_records(source, columns, options)
        else:
            yield from iter_inputs([source], options)


@app.command()
def ingest(
    sources: Annotated[
        list[str],
        typer.Argument(
            help="Corpus files (.csv/.tsv/.jsonl/.parquet, maybe .gz/.bz2/.xz/.zst), "
            "page files or folders."
        ),
    ],
    db: DbOption = "sqlite:///presslens.db",
    workers: Annotated[int, typer.Option(help="Local worker processes.", min=1)] = 1,
    scheduler: Annotated[
        str | None, typer.Option(help="Dask scheduler address (tcp://HOST:PORT) to run on.")
    ] = None,
    text_column: Annotated[str, typer.Option(help="Column holding the page text.")] = "text",
    title_column: Annotated[str | None, typer.Option(help="Column holding the title.")] = None,
    id_column: Annotated[str | None, typer.Option(help="Column holding the page id.")] = None,
    url_column: Annotated[str | None, typer.Option(help="Column holding the URL.")] = None,
    date_column: Annotated[str | None, typer.Option(help="Column holding the date.")] = None,
    batch_size: Annotated[int, typer.Option(help="Pages per batch.", min=1)] = 32,
    max_bytes: Annotated[
        int, typer.Option(help="Refuse pages larger than this many bytes.", min=1)
    ] = DEFAULT_MAX_BYTES,
    aliases: Annotated[
        Path | None,
        typer.Option(
            help='People\'s other names: JSON {"alias": "name"} or CSV alias,name rows. '
            "Without it, people merge across pages by canonical name (case, spaces and dots "
            "aside)."
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Analyse a corpus into a database; re-running adds only what is missing.

    Pages are keyed by a hash of their text, so an interrupted run (even killed) can be
    run again to finish, with no page lost or stored twice. Failed items are recorded
    in the run's failures and reported; the run goes on.
    """
    from presslens.engine import ingest as run_ingest
    from presslens.readers.records import Columns

    options = Options(max_bytes=max_bytes, batch_size=batch_size)
    columns = Columns(text_column, title_column, id_column, url_column, date_column)
    try:
        from presslens.store import Store
        from presslens.store.db import load_aliases

        store = Store(db, aliases=load_aliases(aliases) if aliases else None)
        total = None if quiet else _corpus_total(sources, options)
        with Progress(
            TextColumn("[bold]ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TextColumn("{task.fields[rate]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=err_console,
            disable=quiet,
        ) as progress:
            task = progress.add_task("ingest", total=total, counts="", rate="")

            def report(added: int, skipped: int, failed: int) -> None:
                done = added + skipped + failed
                elapsed = progress.tasks[task].elapsed or 0.0
                rate = f"{done / elapsed:,.1f} pages/s" if elapsed > 0 else ""
                counts = f"{added:,} added · {skipped:,} already stored · {failed:,} failed"
                progress.update(task, completed=done, counts=counts, rate=rate)

            summary = run_ingest(
                _corpus_items(sources, columns, options),
                store,
                source=" ".join(sources),
                options=options,
                workers=workers,
                scheduler=scheduler,
                progress=report,
            )
    except PresslensError as err:
        raise _fail(str(err), err.exit_code) from None
    for failure in store.failures(summary.run_id)[:20]:
        err_console.print(f"[bold red]failed:[/] {failure['reason']}", soft_wrap=True)
    typer.echo(
        f"run {summary.run_id}: {summary.added} added, {summary.skipped} already stored, "
        f"{summary.failed} failed"
    )
    if summary.failed and not (summary.added or summary.skipped):
        raise typer.Exit(2)
    if summary.failed:
        raise typer.Exit(1)


def _show(
    rows: Sequence[Any],
    as_json: bool,
    headers: tuple[str, ...],
    cells: Callable[[Any], list[str]],
    empty: str,
    as_dict: Callable[[Any], dict[str, Any]] = dataclasses.asdict,
) -> None:
    """Print query results as JSON lines or as a table."""
    if as_json:
        for row in rows:
            typer.echo(json.dumps(as_dict(row), ensure_ascii=False))
        return
    table = Table(*headers, box=None)
    for row in rows:
        table.add_row(*cells(row))
    Console(highlight=False).print(table if rows else empty)


def _number(value: float | None, spec: str) -> str:
    return format(value, spec) if value is not None else "–"


class Where(StrEnum):
    """Where ``presslens search`` looks."""

    both = "both"
    quotes = "quotes"
    comments = "comments"


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find (all of them).")],
    db: DbOption = "sqlite:///presslens.db",
    speaker: Annotated[str | None, typer.Option(help="Only quotes of this speaker.")] = None,
    where: Annotated[Where, typer.Option("--in", help="Search quotes, comments or both.")] = (
        Where.both
    ),
    limit: Annotated[int, typer.Option(help="At most this many hits (quotes first).", min=1)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """Full-text search over the quotes and comments of a database."""
    try:
        hits = _store(db).search(query, speaker=speaker, where=where.value, limit=limit)
    except PresslensError as err:
        raise _fail(str(err), err.exit_code) from None
    _show(
        hits,
        as_json,
        ("kind", "page", "who", "text"),
        lambda h: [h.kind, str(h.page_id), h.who or "–", _short(h.text, 100)],
        "no matches",
    )


class PeopleOrder(StrEnum):
    """How ``presslens people`` ranks."""

    quoted = "quoted"
    targeted = "targeted"


@app.command()
def people(
    db: DbOption = "sqlite:///presslens.db",
    by: Annotated[PeopleOrder, typer.Option(help="Most quoted or most targeted first.")] = (
        PeopleOrder.quoted
    ),
    limit: Annotated[int, typer.Option(help="How many people.", min=1)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """People across the corpus: how often quoted, how often targeted, with polarity."""
    try:
        rows = _store(db).people(by=by.value, limit=limit)
    except PresslensError as err:
        raise _fail(str(err), err.exit_code) from None
    _show(
        rows,
        as_json,
        ("person", "pages", "quoted", "targeted by", "mean polarity"),
        lambda r: [
            r.name,
            str(r.pages),
            str(r.quoted),
            str(r.targeted_by),
            _number(r.mean_polarity, "+.2f"),
        ],
        "no people",
    )


class CommenterOrder(StrEnum):
    """How ``presslens commenters`` ranks."""

    comments = "comments"
    toxic = "toxic"


@app.command()
def commenters(
    db: DbOption = "sqlite:///presslens.db",
    by: Annotated[CommenterOrder, typer.Option(help="Most active or most toxic first.")] = (
        CommenterOrder.comments
    ),
    limit: Annotated[int, typer.Option(help="How many commenters.", min=1)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """Comment authors across the corpus: how active, how toxic, on how many pages."""
    try:
        rows = _store(db).commenters(by=by.value, limit=limit)
    except PresslensError as err:
        raise _fail(str(err), err.exit_code) from None
    _show(
        rows,
        as_json,
        ("author", "comments", "pages", "mean toxicity", "toxic"),
        lambda r: [
            r.author,
            str(r.comments),
            str(r.pages),
            _number(r.mean_toxicity, ".2f"),
            str(r.toxic),
        ],
        "no commenters",
    )


@app.command()
def campaigns(
    db: DbOption = "sqlite:///presslens.db",
    threshold: Annotated[
        float, typer.Option(help="Estimated Jaccard similarity of word 3-grams.", min=0.1, max=1)
    ] = 0.8,
    min_words: Annotated[int, typer.Option(help="Ignore comments shorter than this.")] = 6,
    limit: Annotated[int, typer.Option(help="How many campaigns.", min=1)] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """Near-identical comments posted under several pages or names, most spread first."""
    from presslens.store.campaigns import campaign_dict, find_campaigns

    try:
        found = find_campaigns(_store(db), threshold=threshold, min_words=min_words, limit=limit)
    except PresslensError as err:
        raise _fail(str(err), err.exit_code) from None
    _show(
        found,
        as_json,
        ("pages", "authors", "comments", "text"),
        lambda c: [str(c.pages), str(len(c.authors)), str(c.comments), _short(c.text, 80)],
        "no campaigns",
        as_dict=campaign_dict,
    )


class ExportKind(StrEnum):
    """Tables ``presslens export`` writes."""

    pages = "pages"
    quotes = "quotes"
    comments = "comments"
    people = "people"
    targets = "targets"


class ExportFormat(StrEnum):
    """File formats ``presslens export`` writes."""

    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


@app.command()
def export(
    kind: Annotated[ExportKind, typer.Argument(help="What to export.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    db: DbOption = "sqlite:///presslens.db",
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="File format.")] = (
        ExportFormat.jsonl
    ),
) -> None:
    """Export one table of a database (pages, quotes, comments, people, targets)."""
    from presslens.store.export import export as run_export

    try:
        count = run_export(_store(db), kind.value, fmt.value, output)
    except PresslensError as err:
        raise _fail(str(err), err.exit_code) from None
    except OSError as err:
        raise _fail(f"cannot write {output}: {err.strerror}", 4) from None
    typer.echo(f"{count} {kind.value} rows written to {output}")


@app.command()
def serve(
    db: DbOption = "sqlite:///presslens.db",
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=0, max=65535)] = 8000,
    workers: Annotated[
        int, typer.Option(help="Worker processes (each loads the models once).", min=1)
    ] = 1,
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Refuse writes; never change the database.")
    ] = False,
    max_body_bytes: Annotated[
        int, typer.Option(help="Larger request bodies get 413.", min=1024)
    ] = 5_000_000,
) -> None:
    """Serve the HTTP API, the Perspective-compatible endpoint and the web pages.

    Set PRESSLENS_API_KEY to require that key (X-API-Key header) for writes.
    """
    import os

    import uvicorn

    from presslens.serve import ServeSettings, create_app

    settings = ServeSettings(
        db=db,
        api_key=os.environ.get("PRESSLENS_API_KEY") or None,
        read_only=read_only,
        max_body_bytes=max_body_bytes,
    )
    try:
        if workers == 1:
            target: Any = create_app(settings)
        else:  # each worker process builds its own app (and loads its own models)
            create_app(settings)  # fail here, once, if the database cannot be used
            os.environ.update(settings.to_env())
            target = "presslens.serve:app_from_env"
    except PresslensError as err:
        raise _fail(str(err), err.exit_code) from None
    uvicorn.run(
        target,
        host=host,
        port=port,
        workers=workers,
        factory=workers > 1,
        log_level="info",
        proxy_headers=False,
        server_header=False,
    )


def _short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@app.command()
def version() -> None:
    """Print the presslens version."""
    typer.echo(__version__)


def main() -> None:
    """Entry point of the ``presslens`` script."""
    app()
