"""The news-style evaluation sets (tests/fixtures/news, news2, news3) stay internally consistent, and the scorer
takes each with --set and scores its own gold as perfect."""
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SETS = ["news", "news2", "news3"]


@pytest.mark.parametrize("name", SETS)
def test_fixture_checks_pass(name, capsys):
    spec = importlib.util.spec_from_file_location(f"{name}_check", ROOT / "tests" / "fixtures" / name / "check.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert mod.main() == 0, capsys.readouterr().out


@pytest.mark.parametrize("name", SETS)
def test_scorer_takes_the_set_and_scores_gold_as_perfect(name, tmp_path):
    root = ROOT / "tests" / "fixtures" / name
    gold = [json.loads(line) for line in (root / "gold.jsonl").read_text(encoding="utf-8").splitlines() if line]
    pred = tmp_path / "pred.jsonl"
    with open(pred, "w", encoding="utf-8") as f:
        f.writelines(json.dumps({"article_id": g["doc"] + ".txt", "start": g["start"], "end": g["end"],
                                "text": g["content"], "quote_type": g["type"], "speaker": g["speaker"],
                                "speaker_start": g["mention_start"], "speaker_end": g["mention_end"]}) + "\n" for g in gold)
    out = tmp_path / "m.json"
    res = subprocess.run([sys.executable, str(ROOT / "bench" / "eval_news.py"), "--set", str(root),
                          "--output", str(pred), "--json", str(out)], capture_output=True, text=True, cwd=ROOT,
                         check=False)
    assert res.returncode == 0, res.stderr
    assert f"{len(gold)} gold statements" in res.stdout
    m = json.loads(out.read_text())
    assert m["n_gold"] == len(gold)
    for key in ("overlap >= 0.3", "overlap >= 0.8", "exact boundaries"):
        assert m[key]["F1"] == 1.0
    assert m["speaker accuracy"] == 1.0
    assert m["negatives hit"] == 0
