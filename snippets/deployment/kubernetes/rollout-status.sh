# 等待滚动更新完成（失败时非零退出，适合放在 CI 里）
kubectl -n ml-serving rollout status deployment/pdm-api --timeout=5m
