"""The facts the lifecycle table states about pdm-api, held by the files they describe."""

from __future__ import annotations

import json
import re

from tests.helpers import DOCS, SNIPPETS

PAGE = DOCS / "cicd" / "lifecycle.md"
CN_NUMBERS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6}


def row(stage: int) -> str:
    (line,) = [line for line in PAGE.read_text(encoding="utf-8").splitlines() if line.startswith(f"| {stage} ")]
    return line


def test_the_failure_rate_is_what_train_py_printed():
    out = (SNIPPETS / "deployment" / "serving" / "train.out").read_text(encoding="utf-8")
    printed = json.loads(out[out.index("{") : out.rindex("}") + 1])["failure_rate"]
    assert f"`failure_rate` 为 {printed}" in row(4)
    assert f"约 {round(printed * 100)}%" in row(4)


def test_the_retrain_fetches_as_many_weeks_as_the_table_says():
    workflow = (SNIPPETS / "cicd" / "pipeline" / "retrain.yml").read_text(encoding="utf-8")
    weeks = re.search(r"for n in ([\d ]+); do", workflow).group(1).split()
    said = re.search(r"拉取最近(.)周", row(2)).group(1)
    assert CN_NUMBERS[said] == len(weeks)


def test_the_model_and_its_tuned_settings_are_the_ones_train_py_uses():
    train = (SNIPPETS / "deployment" / "serving" / "train.py").read_text(encoding="utf-8")
    assert "RandomForestClassifier(" in train and "随机森林" in row(6)
    assert all(word in train for word in ("n_estimators=", "max_depth=", 'class_weight="balanced"'))
    assert "树深和树数" in row(9) and "类别权重" in row(9)
