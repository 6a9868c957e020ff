# 看所有 pdm-api Pod 最近十分钟的日志，每行前面标出来自哪个 Pod
kubectl -n ml-serving logs -l app=pdm-api --prefix --tail=-1 --since=10m
