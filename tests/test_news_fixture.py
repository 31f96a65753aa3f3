"""The news-style evaluation set (tests/fixtures/news) stays internally consistent."""
import importlib.util
from pathlib import Path

CHECK = Path(__file__).parent / "fixtures" / "news" / "check.py"


def test_news_fixture_checks_pass(capsys):
    spec = importlib.util.spec_from_file_location("news_check", CHECK)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.main() == 0, capsys.readouterr().out
