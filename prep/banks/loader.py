"""YAML bank files -> validated models, with every problem reported as PATH:LINE:COL.

YAML is parsed to a node tree by libyaml (safe: no tag ever constructs an object), then turned into
plain data here, so that duplicate keys, tags and aliases are caught with their line instead of being
silently resolved, and every pydantic error can be pointed back at the line a coach wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from prep.banks.errors import Problem, did_you_mean
from prep.banks.models import Bank, Competency, CompetencyFile, Flashcard, Prompt, Rubric
from prep.config import SHIPPED_BANKS

MAX_FILE_BYTES = 2 * 1024 * 1024
BANK_SUFFIXES = (".yaml", ".yml")
COMPETENCIES_FILE = "competencies.yaml"
RUBRIC_FILE = "rubric.yaml"
TALKING_POINTS_USUAL = (3, 5)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP = _TAG + "str", _TAG + "seq", _TAG + "map"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_scalars = yaml.constructor.SafeConstructor()


class _Refused(Exception):
    """A node the bank format does not accept; carries the problem's node and message."""

    def __init__(self, node: Node, message: str) -> None:
        super().__init__(message)
        self.node = node
        self.message = message


@dataclass(frozen=True)
class Item:
    """A flashcard or prompt as the app uses it: the model plus where it came from."""

    id: str
    kind: Literal["flashcard", "prompt"]
    bank: str
    bank_title: str
    competency: str
    tags: tuple[str, ...]
    model: Flashcard | Prompt
    path: str
    line: int

    @property
    def text(self) -> str:
        """The question side: a card's front or a prompt's question."""
        return self.model.front if isinstance(self.model, Flashcard) else self.model.prompt


@dataclass
class BankFile:
    """One file of a run: its bank when it is valid, and its problems either way."""

    path: str
    bank: Bank | None = None
    problems: list[Problem] = field(default_factory=list)
    root: Node | None = None
    data: Any = None

    @property
    def ok(self) -> bool:
        return self.bank is not None and not any(p.is_error for p in self.problems)


@dataclass
class Library:
    """Everything one load found: usable banks, their items, and every problem."""

    files: list[BankFile]
    competencies: dict[str, Competency]
    rubric: Rubric | None
    items: dict[str, Item]
    problems: list[Problem]

    @property
    def banks(self) -> list[Bank]:
        return [f.bank for f in self.files if f.ok and f.bank is not None]

    @property
    def broken(self) -> list[BankFile]:
        return [f for f in self.files if not f.ok]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def of_kind(self, kind: str) -> list[Item]:
        return [i for i in self.items.values() if i.kind == kind]

    def summary(self) -> str:
        n_prompts = len(self.of_kind("prompt"))
        n_cards = len(self.of_kind("flashcard"))
        return f"{len(self.banks)} banks, {n_prompts} prompts, {n_cards} flashcards"


# ---------------------------------------------------------------- YAML text -> plain data


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns a node tree into plain data; refuses tags and aliases, records duplicate keys and goes on."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.duplicates: list[tuple[Node, str]] = []

    def build(self, node: Node) -> Any:
        if isinstance(node, ScalarNode):
            if node.tag == _STR:
                return node.value
            if node.tag not in _SCALAR_TAGS:
                raise _Refused(node, f"the YAML tag '{_short_tag(node)}' is not allowed; remove it")
            return _scalars.construct_object(node, deep=True)
        if id(node) in self.seen:
            raise _Refused(node, "anchors and aliases (&name / *name) are not allowed; write the text out in full")
        self.seen.add(id(node))
        if node.tag not in (_SEQ, _MAP):
            raise _Refused(node, f"the YAML tag '{_short_tag(node)}' is not allowed; remove it")
        if isinstance(node, SequenceNode):
            return [self.build(child) for child in node.value]
        return self.build_mapping(node)

    def build_mapping(self, node: MappingNode) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _TAG + "merge":
                raise _Refused(key_node, "a field name must be plain text (no lists, mappings or '<<' merges)")
            key = key_node.value
            if key in first_line:
                self.duplicates.append(
                    (
                        key_node,
                        f"duplicate key '{key}' (first at line {first_line[key]}); YAML would silently "
                        "keep only the last one: remove or rename one of them",
                    )
                )
                continue
            first_line[key] = key_node.start_mark.line + 1
            result[key] = self.build(value_node)
        return result


def _short_tag(node: Node) -> str:
    return str(node.tag).replace(_TAG, "!!")


_TAB_MESSAGE = "a tab character: indent with spaces, not tabs"
_SYNTAX_HINTS = (
    ("found character '\\t'", _TAB_MESSAGE),
    (
        "mapping values are not allowed",
        "unexpected ':'; check this line's indentation, or quote text with ': '",
    ),
    ("could not find expected ':'", "expected 'field: value'; check the indentation, or close an open quote"),
    ("did not find expected key", "bad indentation: this line does not line up with the fields above it"),
    ("did not find expected '-' indicator", "bad indentation: list items ('- ...') must line up"),
    ("found undefined alias", "an alias (*name) is not allowed; write the text out in full"),
    ("found unexpected end of stream", "the file ends inside an open quote or bracket; close it"),
    ("found unknown escape character", "unknown escape in a double-quoted string; use single quotes instead"),
)


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    problem = " ".join(str(error.problem or error.context or "syntax error").split())
    for needle, hint in _SYNTAX_HINTS:
        if needle in problem or needle in str(error.context or ""):
            return hint
    return f"YAML syntax error: {problem}"


def _decode(path: str, raw: bytes) -> tuple[str | None, Problem | None]:
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before) - (before.rfind(b"\n") + 1) + 1
        bad = raw[exc.start : exc.start + 1].hex().upper()
        return None, Problem(path, line, col, f"not UTF-8 text (byte 0x{bad}); save the file as UTF-8")


def parse_text(path: str, raw: bytes) -> tuple[Any, Node | None, list[Problem]]:
    """Bytes of one YAML file -> (data, root node, problems). Data is None when parsing failed."""
    if len(raw) > MAX_FILE_BYTES:
        size = len(raw) / (1024 * 1024)
        return (
            None,
            None,
            [Problem(path, 1, 1, f"file is {size:.1f} MB; a bank file may be at most 2 MB: split it")],
        )
    text, problem = _decode(path, raw)
    if problem:
        return None, None, [problem]
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = _syntax_message(exc)
        if mark and text[mark.index : mark.index + 1] == "\t":
            message = _TAB_MESSAGE
        return None, None, [Problem(path, line, col, message)]
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        msg = f"a control character (code 0x{code:02X}) that YAML does not allow; delete it"
        return None, None, [Problem(path, line, col, msg)]
    except yaml.YAMLError as exc:
        return None, None, [Problem(path, 1, 1, "YAML error: " + " ".join(str(exc).split()))]
    finally:
        loader.dispose()
    if root is None:
        return None, None, [Problem(path, 1, 1, "file is empty; a bank needs at least 'bank:' and 'title:'")]
    if not isinstance(root, MappingNode):
        line, col = _mark(root)
        msg = "the top level must be a mapping of fields ('bank: ...', 'title: ...'), not a list or plain text"
        return None, root, [Problem(path, line, col, msg)]
    builder = _Builder()
    try:
        data = builder.build(root)
    except _Refused as exc:
        line, col = _mark(exc.node)
        return None, root, [Problem(path, line, col, exc.message)]
    except RecursionError:
        return None, root, [Problem(path, 1, 1, "the file is nested too deeply to be a question bank")]
    problems = [Problem(path, *_mark(node), message) for node, message in builder.duplicates]
    return data, root, problems


# ---------------------------------------------------------------- pydantic errors -> lines


def _node_at(root: Node, loc: Sequence[Any]) -> tuple[Node, bool]:
    """Walk `loc` down the node tree; (node found, whether the whole path was found).

    For a mapping key the key node is returned when it is the last step, so an unknown field points
    at its name.
    """
    node = root
    for depth, step in enumerate(loc):
        last = depth == len(loc) - 1
        if isinstance(node, MappingNode):
            match = next(((k, v) for k, v in node.value if str(k.value) == str(step)), None)
            if match is None:
                return node, False
            node = match[0] if last else match[1]
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            return node, False
    return node, True


def _item_label(data: Any, loc: Sequence[Any]) -> str:
    """'flashcard 'x'' / 'prompt #3' for errors inside an item, '' at bank level."""
    if len(loc) >= 2 and loc[0] in ("flashcards", "prompts") and isinstance(loc[1], int):
        kind = "flashcard" if loc[0] == "flashcards" else "prompt"
        try:
            item_id = data[loc[0]][loc[1]].get("id")
        except (AttributeError, IndexError, KeyError, TypeError):
            item_id = None
        return f"{kind} '{item_id}'" if isinstance(item_id, str) else f"{kind} #{loc[1] + 1}"
    return ""


def _describe(value: Any) -> str:
    kinds = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a mapping",
        str: "text",
    }
    return kinds.get(type(value), "empty" if value is None else type(value).__name__)


def _friendly(err: dict[str, Any], model: type[BaseModel], loc: Sequence[Any]) -> str:
    kind = err["type"]
    name = next((str(s) for s in reversed(loc) if isinstance(s, str)), "value")
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc)
        hint = did_you_mean(name, allowed)
        return f"unknown field '{name}'{hint or '; allowed: ' + ', '.join(allowed)}"
    if kind == "missing":
        return f"missing required field '{name}': add '{name}: ...'"
    if kind == "string_too_short":
        return f"'{name}' is blank: write the text, or remove the field"
    if kind == "string_too_long":
        return f"'{name}' is too long (at most {ctx.get('max_length')} characters): shorten it"
    if kind == "string_type":
        return f"'{name}' must be text, not {_describe(value)}: put the value in quotes"
    if kind == "string_pattern_mismatch":
        example = "like 'governance-fc-bylaws'"
        return f"'{name}' must use lowercase letters, digits and hyphens only ({example}), got {value!r}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"'{name}' must be a whole number, not {_describe(value) if not isinstance(value, str) else repr(value)}"
    if kind in ("greater_than_equal", "less_than_equal"):
        low, high = _bounds(model, loc)
        return f"'{name}' is {value}; it must be from {low} to {high}"
    if kind == "enum":
        choices = [c.strip(" '") for c in str(ctx.get("expected", "")).replace(" or ", ",").split(",") if c.strip()]
        return f"'{name}' is {value!r}; use one of: {', '.join(choices)}{did_you_mean(str(value), choices)}"
    if kind == "list_type":
        return f"'{name}' must be a list (one '- entry' per line), not {_describe(value)}"
    if kind == "too_short":
        return f"'{name}' needs at least {ctx.get('min_length')} entry"
    if kind == "too_long":
        return f"'{name}' has too many entries (at most {ctx.get('max_length')})"
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"'{name}' must be a date like 2026-11-28, got {value!r}"
    if kind in ("model_type", "dict_type"):
        return f"'{name}' must be a mapping of fields ('field: value' lines), not {_describe(value)}"
    return f"'{name}': {err['msg']}"


def _field_info(model: type[BaseModel], loc: Sequence[Any]) -> tuple[type[BaseModel], str | None]:
    """The model that holds the last field of `loc`, and that field's name."""
    current: type[BaseModel] = model
    for step in loc[:-1]:
        if not isinstance(step, str):
            continue
        info = current.model_fields.get(step)
        inner = _nested_model(info.annotation) if info else None
        if inner is None:
            break
        current = inner
    last = loc[-1] if loc and isinstance(loc[-1], str) else None
    return current, last


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _nested_model(arg)
        if found:
            return found
    return None


def _allowed_fields(model: type[BaseModel], loc: Sequence[Any]) -> list[str]:
    holder, _ = _field_info(model, loc)
    return list(holder.model_fields)


def _bounds(model: type[BaseModel], loc: Sequence[Any]) -> tuple[Any, Any]:
    holder, name = _field_info(model, [s for s in loc if isinstance(s, str)])
    info = holder.model_fields.get(name or "")
    low = high = "?"
    for meta in info.metadata if info else ():
        low = getattr(meta, "ge", low) if getattr(meta, "ge", None) is not None else low
        high = getattr(meta, "le", high) if getattr(meta, "le", None) is not None else high
    return low, high


def validation_problems(
    path: str, data: Any, root: Node, model: type[BaseModel]
) -> tuple[BaseModel | None, list[Problem]]:
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        problems = []
        for err in exc.errors(include_url=False):
            loc = [s for s in err["loc"] if not (isinstance(s, str) and s.startswith("function-"))]
            node, _found = _node_at(root, loc)
            line, col = _mark(node)
            label = _item_label(data, loc)
            message = _friendly(err, model, loc)
            problems.append(Problem(path, line, col, f"{label}: {message}" if label else message))
        return None, problems


# ---------------------------------------------------------------- files -> library


def read_bytes(path: Path) -> tuple[bytes | None, Problem | None]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            mb = size / (1024 * 1024)
            return None, Problem(str(path), 1, 1, f"file is {mb:.1f} MB; a bank file may be at most 2 MB: split it")
        return path.read_bytes(), None
    except OSError as exc:
        return None, Problem(str(path), 1, 1, f"cannot read the file ({exc.strerror or exc}); check it exists")


def expand_paths(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Files and folders -> the YAML files in them, sorted; a missing path is a problem."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.suffix in BANK_SUFFIXES and p.is_file()))
        elif path.is_file():
            files.append(path)
        elif path.exists():
            problems.append(Problem(str(path), 1, 1, "not a regular file or folder"))
        else:
            problems.append(Problem(str(path), 1, 1, "no such file or folder"))
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems


def load_model_file(path: Path, model: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    raw, problem = read_bytes(path)
    if problem:
        return None, [problem]
    data, root, problems = parse_text(str(path), raw or b"")
    if data is None or root is None:
        return None, problems
    parsed, more = validation_problems(str(path), data, root, model)
    return (None if problems else parsed), problems + more


def shipped_competencies(shipped_dir: Path = SHIPPED_BANKS) -> dict[str, Competency]:
    parsed, _ = load_model_file(shipped_dir / COMPETENCIES_FILE, CompetencyFile)
    return {c.id: c for c in parsed.competencies} if isinstance(parsed, CompetencyFile) else {}


def shipped_rubric(shipped_dir: Path = SHIPPED_BANKS) -> Rubric | None:
    parsed, _ = load_model_file(shipped_dir / RUBRIC_FILE, Rubric)
    return parsed if isinstance(parsed, Rubric) else None


def parse_bank(path: str, raw: bytes) -> BankFile:
    """One bank file on its own: syntax, types, fields and in-file checks."""
    data, root, problems = parse_text(path, raw)
    bank_file = BankFile(path=path, root=root, problems=problems, data=data)
    if data is None or root is None:
        return bank_file
    bank, problems = validation_problems(path, data, root, Bank)
    bank_file.problems.extend(problems)
    bank_file.bank = bank if isinstance(bank, Bank) else None
    if bank_file.bank is not None:
        bank_file.problems.extend(_warnings(bank_file))
    return bank_file


def _warnings(bank_file: BankFile) -> list[Problem]:
    bank = bank_file.bank
    assert bank is not None and bank_file.root is not None
    problems = []
    low, high = TALKING_POINTS_USUAL
    for index, prompt in enumerate(bank.prompts):
        if not low <= len(prompt.talking_points) <= high:
            node, _ = _node_at(bank_file.root, ["prompts", index, "talking_points"])
            line, col = _mark(node)
            msg = f"prompt '{prompt.id}': has {len(prompt.talking_points)} talking points; {low} to {high} work best"
            problems.append(Problem(bank_file.path, line, col, msg, "warning"))
    if not bank.flashcards and not bank.prompts:
        problems.append(Problem(bank_file.path, 1, 1, "the bank has no flashcards and no prompts", "warning"))
    return problems


def _raw_entries(data: Any) -> Iterable[tuple[str, int, dict[str, Any]]]:
    """The item mappings of a parsed file, valid or not, so cross-file checks see every item."""
    if not isinstance(data, dict):
        return
    for section in ("flashcards", "prompts"):
        entries = data.get(section)
        if isinstance(entries, list):
            for index, entry in enumerate(entries):
                if isinstance(entry, dict):
                    yield section, index, entry


def _declared_competencies(data: Any) -> set[str]:
    declared = data.get("competencies") if isinstance(data, dict) else None
    if not isinstance(declared, list):
        return set()
    return {c["id"] for c in declared if isinstance(c, dict) and isinstance(c.get("id"), str)}


def _cross_check(
    files: list[BankFile], shipped: dict[str, Competency]
) -> tuple[dict[str, Item], dict[str, Competency]]:
    """Competency ids and unique ids across every file of the run; returns the usable items."""
    competencies = dict(shipped)
    for f in files:
        if f.bank is not None:
            competencies.update({c.id: c for c in f.bank.competencies if c.id not in competencies})
    first_bank: dict[str, str] = {}
    first_item: dict[str, tuple[str, int]] = {}
    items: dict[str, Item] = {}
    for f in files:
        data, root = f.data, f.root
        if not isinstance(data, dict) or root is None:
            continue

        def where(loc: list[Any], root: Node = root) -> tuple[int, int]:
            return _mark(_node_at(root, loc)[0])

        slug = data.get("bank")
        if isinstance(slug, str):
            if slug in first_bank:
                msg = f"bank '{slug}' is already defined in {first_bank[slug]}; give each bank its own slug"
                f.problems.append(Problem(f.path, *where(["bank"]), msg))
            first_bank.setdefault(slug, f.path)
        known = set(shipped) | _declared_competencies(data)
        default = data.get("competency")
        if isinstance(default, str) and default not in known:
            f.problems.append(Problem(f.path, *where(["competency"]), _unknown_competency(default, known)))
        for section, index, entry in _raw_entries(data):
            kind = "flashcard" if section == "flashcards" else "prompt"
            item_id = entry.get("id")
            label = f"{kind} '{item_id}'" if isinstance(item_id, str) else f"{kind} #{index + 1}"
            own = entry.get("competency")
            if isinstance(own, str) and own not in known:
                msg = f"{label}: {_unknown_competency(own, known)}"
                f.problems.append(Problem(f.path, *where([section, index, "competency"]), msg))
            elif own is None and not isinstance(default, str):
                msg = f"{label} has no competency: add 'competency:' to it or to the bank"
                f.problems.append(Problem(f.path, *where([section, index]), msg))
            if not isinstance(item_id, str):
                continue
            line = where([section, index])[0]
            if item_id in first_item:
                other_path, other_line = first_item[item_id]
                at = f"line {other_line}" if other_path == f.path else f"{other_path}:{other_line}"
                msg = f"duplicate id '{item_id}' (already used at {at}); every item needs its own id"
                f.problems.append(Problem(f.path, *where([section, index, "id"]), msg))
            else:
                first_item[item_id] = (f.path, line)
        if f.ok and f.bank is not None:
            items.update((i.id, i) for i in _items_of(f.bank, f.path, where))
    return items, competencies


def _items_of(bank: Bank, path: str, where: Any) -> Iterable[Item]:
    sections: list[tuple[str, Sequence[Flashcard | Prompt]]] = [
        ("flashcards", bank.flashcards),
        ("prompts", bank.prompts),
    ]
    for section, models in sections:
        kind: Literal["flashcard", "prompt"] = "flashcard" if section == "flashcards" else "prompt"
        for index, model in enumerate(models):
            tags = tuple(dict.fromkeys([*bank.tags, *model.tags]))
            competency = model.competency or bank.competency or ""
            line = where([section, index])[0]
            yield Item(model.id, kind, bank.bank, bank.title, competency, tags, model, path, line)


def _unknown_competency(value: str, known: Iterable[str]) -> str:
    known = sorted(known)
    hint = did_you_mean(value, known)
    return f"unknown competency '{value}'{hint or '; known: ' + ', '.join(known)}"


def load_library(
    paths: Iterable[Path | str],
    *,
    extra: Sequence[tuple[str, bytes]] = (),
    shipped_dir: Path = SHIPPED_BANKS,
) -> Library:
    """Load and validate every bank under `paths` (plus in-memory `extra` files, e.g. an upload)."""
    files, path_problems = expand_paths(Path(p) for p in paths)
    shipped = shipped_competencies(shipped_dir)
    rubric = shipped_rubric(shipped_dir)
    bank_files: list[BankFile] = []
    side_problems: list[Problem] = list(path_problems)
    for path in files:
        if path.name == COMPETENCIES_FILE:
            side_problems.extend(load_model_file(path, CompetencyFile)[1])
            continue
        if path.name == RUBRIC_FILE:
            side_problems.extend(load_model_file(path, Rubric)[1])
            continue
        raw, problem = read_bytes(path)
        if problem:
            bank_files.append(BankFile(path=str(path), problems=[problem]))
            continue
        bank_files.append(parse_bank(str(path), raw or b""))
    bank_files.extend(parse_bank(name, raw) for name, raw in extra)
    items, competencies = _cross_check(bank_files, shipped)
    problems = sorted(side_problems + [p for f in bank_files for p in f.problems])
    return Library(bank_files, competencies, rubric, items, problems)
