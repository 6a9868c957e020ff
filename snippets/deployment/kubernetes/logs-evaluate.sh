# 看那次评估 Job 的输出（JSON 报告）
kubectl -n ml-serving logs job/pdm-evaluate-manual
