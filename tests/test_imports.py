"""No import cycles and no imports inside functions to dodge them: read from the source, so an
import that slips into a function fails here, and each module imported on its own in a fresh
interpreter, so a cycle shows up as an ImportError whichever module is imported first."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WEBAPP = ROOT / "webapp"
# (module, top-level package) imported inside a function on purpose, each for a reason said there.
ALLOWED = {
    ("webapp.sms.aliyun", "alibabacloud_dysmsapi20170525"),  # the optional Aliyun SDK
    ("webapp.sms.aliyun", "alibabacloud_tea_openapi"),
    ("webapp.sms.aliyun", "Tea"),
    ("webapp.services.household_file", "weasyprint"),  # slow to load, only for the PDF
    ("webapp.serving", "waitress"),  # only the web processes of the serve command
}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = sorted(module_name(p) for p in WEBAPP.rglob("*.py") if "__pycache__" not in p.parts)


def imported_packages(node: ast.Import | ast.ImportFrom) -> list[str]:
    """The top-level package of each module an import statement names ('.' for relative ones)."""
    if isinstance(node, ast.ImportFrom):
        return [(node.module or ".").split(".")[0] if node.level == 0 else "."]
    return [alias.name.split(".")[0] for alias in node.names]


def function_imports(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, package) of every import inside a function, however deeply nested."""
    found = set()
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    found |= {(node.lineno, package) for package in imported_packages(node)}
    return sorted(found)


def test_no_imports_inside_functions_but_the_allowed_ones():
    offending = []
    for path in sorted(WEBAPP.rglob("*.py")):
        module = module_name(path)
        for line, package in function_imports(ast.parse(path.read_text(), str(path))):
            if (module, package) not in ALLOWED:
                offending.append(f"{path.relative_to(ROOT)}:{line} imports {package} inside a function")
    assert not offending, "\n".join(offending)


def test_the_walk_finds_an_import_in_a_nested_function():
    tree = ast.parse("import os\n\ndef outer():\n    def inner():\n        from webapp import cli\n")
    assert function_imports(tree) == [(5, "webapp")]


# A child per module, forked from one interpreter that has loaded only the libraries webapp uses
# (never webapp itself): each import starts with no webapp module loaded, as in a fresh
# interpreter, without paying for Python and Flask's start-up 180 times.
IMPORTER = """
import importlib, json, os, sys, traceback
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except Exception:
        pass
assert not [m for m in sys.modules if m == "webapp" or m.startswith("webapp.")]
for line in sys.stdin:
    pid = os.fork()
    if pid == 0:
        try:
            importlib.import_module(line.strip())
        except BaseException:
            sys.stdout.write(json.dumps(traceback.format_exc()) + "\\n")
            sys.stdout.flush()
            os._exit(1)
        sys.stdout.write(json.dumps("") + "\\n")
        sys.stdout.flush()
        os._exit(0)
    os.waitpid(pid, 0)
"""


def libraries() -> list[str]:
    """The top-level packages other than webapp that webapp's modules import at module level."""
    found = set()
    for path in WEBAPP.rglob("*.py"):
        for node in ast.parse(path.read_text(), str(path)).body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                found |= {p for p in imported_packages(node) if p not in (".", "webapp", "__future__")}
    return sorted(found)


@pytest.fixture(scope="module")
def importer():
    process = subprocess.Popen([sys.executable, "-c", IMPORTER, *libraries()], cwd=ROOT, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    yield process
    process.stdin.close()
    process.wait(timeout=30)
    process.stdout.close()


def imports_alone(importer, module: str) -> str:
    """The traceback of importing the module in a fresh child, or "" when it imports."""
    importer.stdin.write(module + "\n")
    importer.stdin.flush()
    return json.loads(importer.stdout.readline())


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_on_its_own(importer, module):
    assert imports_alone(importer, module) == ""


def test_the_importer_reports_a_module_that_fails_to_import(importer):
    assert "ModuleNotFoundError" in imports_alone(importer, "webapp.no_such_module")
    assert imports_alone(importer, "webapp.domain.money") == ""
