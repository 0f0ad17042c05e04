"""`python -m prep`: the coach's commands. Thin: parses arguments, calls the library, prints lines.

Exit status: 0 fine, 1 problems found, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from prep.banks.loader import load_library
from prep.banks.models import Bank
from prep.banks.template import bank_template
from prep.config import load_settings


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse prints usage + exits 2; keep that, one line
        self.print_usage(sys.stderr)
        print(f"prep: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m prep", description="CMO interview prep: tools for question banks.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    validate = sub.add_parser("validate", help="check bank files and folders; print every problem")
    validate.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the configured banks)")
    new = sub.add_parser("new-bank", help="write a commented template bank to SLUG.yaml")
    new.add_argument("slug", help="the bank's slug: lowercase letters, digits and hyphens")
    new.add_argument("--dir", type=Path, default=Path("."), help="folder to write into (default: here)")
    sub.add_parser("schema", help="print the JSON Schema of a bank file (for yaml-language-server)")
    export = sub.add_parser("export", help="write a profile's data (CSV files + audio) to a zip")
    export.add_argument("--profile", default=None, help="profile name (default: the first profile)")
    export.add_argument("-o", "--output", type=Path, required=True, help="the zip file to write")
    imp = sub.add_parser("import", help="load an exported zip into a new, empty profile")
    imp.add_argument("zip", type=Path, help="a zip written by export")
    imp.add_argument("--profile", required=True, help="name of the new profile to create and fill")
    return parser


def cmd_validate(paths: list[Path]) -> int:
    library = load_library(paths or load_settings().bank_paths)
    for problem in library.problems:
        print(problem)
    if library.errors:
        n, w = len(library.errors), len(library.warnings)
        print(
            f"{n} error{'s' * (n != 1)}, {w} warning{'s' * (w != 1)} in {len(library.broken)} of "
            f"{len(library.files)} bank files",
            file=sys.stderr,
        )
        return 1
    print(f"OK: {library.summary()}" + (f", {len(library.warnings)} warnings" if library.warnings else ""))
    return 0


def cmd_new_bank(slug: str, folder: Path) -> int:
    import re

    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
        print(f"prep: error: '{slug}' is not a slug: use lowercase letters, digits and hyphens", file=sys.stderr)
        return 2
    target = folder / f"{slug}.yaml"
    if target.exists():
        print(f"prep: error: {target} already exists; choose another slug or folder", file=sys.stderr)
        return 2
    try:
        target.write_text(bank_template(slug), encoding="utf-8")
    except OSError as exc:
        print(f"prep: error: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"wrote {target}: edit it, then run: python -m prep validate {target}")
    return 0


def cmd_schema() -> int:
    schema = Bank.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "CMO prep question bank"
    print(json.dumps(schema, indent=2))
    return 0


def _open_store():
    from prep.store.db import open_store

    settings = load_settings()
    return settings, open_store(settings.database_url, backup_dir=settings.data_dir / "backups")


def cmd_export(profile_name: str | None, output: Path) -> int:
    from prep.services.profiles import list_profiles
    from prep.services.transfer import export_profile

    settings, store = _open_store()
    profiles = list_profiles(store)
    chosen = next((p for p in profiles if profile_name in (None, p.name)), None)
    if chosen is None:
        names = ", ".join(p.name for p in profiles)
        print(f"prep: error: no profile named '{profile_name}'; profiles: {names}", file=sys.stderr)
        return 2
    output.write_bytes(export_profile(store, chosen.id, settings.audio_dir))
    print(f"wrote {output}: profile '{chosen.name}'")
    return 0


def cmd_import(archive: Path, profile_name: str) -> int:
    from prep.services.profiles import ProfileError, create_profile
    from prep.services.transfer import TransferError, import_profile

    if not archive.is_file():
        print(f"prep: error: {archive}: no such file", file=sys.stderr)
        return 2
    settings, store = _open_store()
    try:
        profile_id = create_profile(store, profile_name)
    except ProfileError as exc:
        print(f"prep: error: {exc}", file=sys.stderr)
        return 2
    try:
        counts = import_profile(store, profile_id, archive.read_bytes(), settings.audio_dir)
    except TransferError as exc:
        print(f"prep: error: {archive}: {exc}", file=sys.stderr)
        return 1
    print(f"imported into profile '{profile_name}': " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "validate":
            return cmd_validate(args.paths)
        if args.command == "new-bank":
            return cmd_new_bank(args.slug, args.dir)
        if args.command == "export":
            return cmd_export(args.profile, args.output)
        if args.command == "import":
            return cmd_import(args.zip, args.profile)
        return cmd_schema()
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the coach never sees a traceback
        print(f"prep: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
