"""One owner per table group (webapp/store/__init__.py OWNERS), and state names only in the
machines and the store: read from the source, so a query or a state literal that slips into a
view, a service or the SMS code fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from webapp.domain.case_machine import MACHINES
from webapp.store import OWNERS, TABLES

ROOT = Path(__file__).resolve().parent.parent
WEBAPP = ROOT / "webapp"
STORE = WEBAPP / "store"
MACHINE_MODULES = {WEBAPP / "domain" / "case_machine.py"}
STATES = frozenset(s for m in MACHINES.values() for s in m.states)

TABLE_WORD = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE|TABLE|EXISTS)\s+(\w+)")
WRITE = re.compile(r"\b(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+(\w+)")
STATE_IN_SQL = re.compile(r"\bstate\s*(?:=|!=|<>|IN|NOT IN)\s*\(?\s*'(\w+)'")


def python_files(under: Path) -> list[Path]:
    return sorted(p for p in under.rglob("*.py") if "__pycache__" not in p.parts)


def docstrings(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings (prose, not SQL)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string literal, an f-string's parts joined with a placeholder, docstrings left out."""
    skip = docstrings(tree)
    parts_of_fstrings = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "?" for v in node.values)
            parts_of_fstrings.update(id(v) for v in node.values)
            found.append((node.lineno, text))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
                and id(node) not in parts_of_fstrings):
            found.append((node.lineno, node.value))
    return found


def tables_named(sql: str) -> set[str]:
    return {t for t in TABLE_WORD.findall(sql) if t in TABLES}


def table_subscripts(tree: ast.AST) -> list[tuple[int, str]]:
    """`db["cases"]`: sqlite-utils' table API on one of the tables."""
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant)
                and node.slice.value in TABLES and "db" in ast.unparse(node.value).lower()):
            found.append((node.lineno, node.slice.value))
    return found


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_no_sql_on_the_tables_outside_the_store():
    found = []
    for path in python_files(WEBAPP):
        if path.is_relative_to(STORE):
            continue
        tree = ast.parse(path.read_text())
        found += [f"{relative(path)}:{line}: {sorted(tables_named(sql))}"
                  for line, sql in strings(tree) if tables_named(sql)]
        found += [f"{relative(path)}:{line}: db[{table!r}]" for line, table in table_subscripts(tree)]
    assert not found, "SQL outside webapp/store/:\n" + "\n".join(found)


def test_every_store_statement_belongs_to_its_module():
    """A statement reads from its own module's tables (joining others is fine) and writes only
    to them."""
    found = []
    for name, owned in OWNERS.items():
        path = STORE / f"{name}.py"
        assert path.exists(), f"owner module {relative(path)} is missing"
        tree = ast.parse(path.read_text())
        for line, sql in strings(tree):
            named = tables_named(sql)
            written = {t for t in WRITE.findall(sql) if t in TABLES}
            if named and not named & owned or written - owned:
                found.append(f"{relative(path)}:{line}: names {sorted(named)}, writes {sorted(written)}")
        for line, table in table_subscripts(tree):
            if table not in owned:
                found.append(f"{relative(path)}:{line}: db[{table!r}]")
    assert not found, "store statements outside their owner's tables:\n" + "\n".join(found)


def test_the_owner_test_finds_sql_where_it_is():
    """The detectors themselves: a query on cases is seen, prose is not."""
    tree = ast.parse('"""Read FROM cases in prose."""\n'
                     'q = f"SELECT * FROM cases c JOIN submissions s ON {x}"\n'
                     'db["outbox"].insert({})\n'
                     'text = "from the cases of the village"\n')
    assert [tables_named(s) for _, s in strings(tree) if tables_named(s)] == [{"cases", "submissions"}]
    assert table_subscripts(tree) == [(3, "outbox")]


def state_literals(path: Path) -> list[str]:
    """State names used as values: in SQL (`state = 'published'`), compared with a `.state` or
    `["state"]`, or collected in a tuple or set of state names."""
    tree = ast.parse(path.read_text())
    found = [f"{relative(path)}:{line}: SQL {m}" for line, sql in strings(tree)
             for m in STATE_IN_SQL.findall(sql) if m in STATES]
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any("state" in ast.unparse(s) for s in sides):
                literal = [c.value for s in sides for c in ast.walk(s)
                           if isinstance(c, ast.Constant) and c.value in STATES]
                if literal:
                    found.append(f"{relative(path)}:{node.lineno}: compares with {literal}")
        if isinstance(node, ast.Tuple | ast.Set | ast.List) and len(node.elts) >= 2:
            values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
            if len(values) == len(node.elts) and all(v in STATES for v in values):
                found.append(f"{relative(path)}:{node.lineno}: states {values}")
    return found


def test_no_state_literal_outside_the_machines_and_the_store():
    found = []
    for path in python_files(WEBAPP):
        if path in MACHINE_MODULES or path.is_relative_to(STORE):
            continue
        found += state_literals(path)
    template_state = re.compile(r"\bstate\s*(?:==|!=|in)\s*[\[(]?\s*['\"](\w+)['\"]")
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            found += [f"{relative(path)}:{number}: {m}" for m in template_state.findall(line)
                      if m in STATES]
    assert not found, "state names outside the machines and the store:\n" + "\n".join(found)
