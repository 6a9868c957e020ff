# 看最近十分钟的服务日志
kubectl -n ml-serving logs deployment/pdm-api --since=10m
