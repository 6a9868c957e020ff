# 查看各 Pod 的 CPU 和内存（需要集群装有 metrics-server）
kubectl -n ml-serving top pods -l app=pdm-api
