"""Repository-wide pytest set-up (settings: pyproject.toml).

With --import-mode=importlib, pytest names a test module that is not inside a package after its
path from the repository root (contracts/tests/test_x.py becomes `contracts.tests.test_x`) and
creates each missing parent as an empty namespace module. The parent `contracts` would then be
the folder contracts/, hiding the installed package of the same name from every later import.
Importing the package first makes pytest reuse it as that parent.
"""

import contracts  # noqa: F401
