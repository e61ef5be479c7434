"""The README's Python examples type-check under mypy --strict against the installed package
(its Literal types for provider, operation, profile, lang and code included), and run."""
import re
import subprocess
import sys
from pathlib import Path

from conftest import VECTORS

README = Path(VECTORS).parent.parent / "README.md"


def blocks():
    text = README.read_text(encoding="utf-8")
    found = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert found, "no python example in %s" % README
    return found


def test_readme_examples_pass_mypy_strict(tmp_path):
    for n, code in enumerate(blocks()):
        path = tmp_path / ("readme_%d.py" % n)
        path.write_text(code, encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(path)], capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
        ran = subprocess.run([sys.executable, str(path)], capture_output=True, text=True)
        assert ran.returncode == 0, ran.stderr


def test_a_wrong_provider_fails_mypy(tmp_path):
    path = tmp_path / "wrong.py"
    path.write_text('import image_preflight as ip\nip.check("azure", name="x")\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(path)], capture_output=True, text=True)
    assert done.returncode == 1 and "Literal" in done.stdout, done.stdout


def test_the_installed_package_passes_mypy_strict(tmp_path):
    """The package's own sources, as installed (the compiled modules typed by their stubs)."""
    import image_preflight

    package = Path(image_preflight.__file__).parent
    assert (package / "_native.pyi").exists() and (package / "_fast.pyi").exists(), sorted(package.iterdir())
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "image_preflight"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert done.returncode == 0 and "no issues" in done.stdout, done.stdout + done.stderr
