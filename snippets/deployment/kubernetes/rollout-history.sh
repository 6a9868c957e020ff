# 列出稳定版的历史版本（保留多少个由 revisionHistoryLimit 决定）
kubectl -n ml-serving rollout history deployment/pdm-api
