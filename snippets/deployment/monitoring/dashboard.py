# 用 Grafana Foundation SDK 生成 pdm-api 看板的 JSON（Grafana 里 Import dashboard 直接导入）
"""The pdm-api dashboard as code: each panel's PromQL lives here, the JSON is generated.

Every panel is split by ``track`` (stable / canary, set by the scrape config from the pod
label), so a canary is compared with the stable pods on the same graph. The 5xx ratio
uses the same ``path="/predict"`` filter as the PdmHighErrorRate alert.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grafana_foundation_sdk.builders.dashboard import Dashboard, DatasourceVariable
from grafana_foundation_sdk.builders.prometheus import Dataquery
from grafana_foundation_sdk.builders.timeseries import Panel
from grafana_foundation_sdk.cog.encoder import JSONEncoder
from grafana_foundation_sdk.models.dashboard import DataSourceRef

PROMETHEUS = DataSourceRef(type_val="prometheus", uid="${datasource}")

# (title, Grafana unit, PromQL, legend)
PANELS = [
    (
        "每秒预测数（按结果）",
        "reqps",
        "sum by (track, outcome) (rate(pdm_predictions_total[5m]))",
        "{{track}} {{outcome}}",
    ),
    (
        "/predict 延迟 P95",
        "s",
        'histogram_quantile(0.95, sum by (track, le) (rate(pdm_request_latency_seconds_bucket{path="/predict"}[5m])))',
        "{{track}}",
    ),
    (
        "/predict 的 5xx 比例",
        "percentunit",
        'sum by (track) (rate(pdm_http_requests_total{path="/predict", status=~"5.."}[5m]))'
        ' / sum by (track) (rate(pdm_http_requests_total{path="/predict"}[5m]))',
        "{{track}}",
    ),
    (
        "被拒绝的请求（按原因）",
        "reqps",
        "sum by (reason) (rate(pdm_prediction_errors_total[5m]))"
        " or sum by (reason) (rate(pdm_auth_failures_total[5m]))",
        "{{reason}}",
    ),
    (
        "预测为故障的比例",
        "percentunit",
        'sum by (track) (rate(pdm_predictions_total{outcome="failure"}[1h]))'
        " / sum by (track) (rate(pdm_predictions_total[1h]))",
        "{{track}}",
    ),
    ("各特征的 PSI", "none", "max by (track, feature) (pdm_feature_psi)", "{{track}} {{feature}}"),
    ("线上模型版本", "none", "count by (track, version) (pdm_model_info)", "{{track}} {{version}}"),
]


def build() -> Dashboard:
    board = (
        Dashboard("pdm-api")
        .uid("pdm-api")
        .tags(["ml-serving", "pdm-api"])
        .refresh("1m")
        .time("now-6h", "now")
        .with_variable(DatasourceVariable("datasource").label("Prometheus").type("prometheus"))
    )
    for title, unit, expr, legend in PANELS:
        query = Dataquery().expr(expr).legend_format(legend).ref_id("A")
        board = board.with_panel(Panel().title(title).unit(unit).datasource(PROMETHEUS).span(12).with_target(query))
    return board


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="write the pdm-api dashboard JSON")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.write_text(
        JSONEncoder(sort_keys=True, indent=2, ensure_ascii=False).encode(build().build()) + "\n", encoding="utf-8"
    )
    print(f"wrote {args.out}: {len(PANELS)} panels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
