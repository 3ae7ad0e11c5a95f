"""No module imports itself back through others: the import graph of both packages has no cycle.

import-linter checks which way the arrows point between layers; this checks there is no loop at
all, e.g. a blueprint package and its route modules, or two modules importing each other at the
bottom of a file.
"""

from __future__ import annotations

import grimp
import pytest


@pytest.mark.parametrize("package", ["service_api", "clerk_desktop"])
def test_no_module_imports_itself_back(package: str) -> None:
    graph = grimp.build_graph(package)
    loops = sorted(
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
        if graph.chain_exists(importer=imported, imported=module)
    )
    assert loops == []
