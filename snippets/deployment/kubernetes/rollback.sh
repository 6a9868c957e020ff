# 回滚稳定版到上一个版本
kubectl -n ml-serving rollout undo deployment/pdm-api
