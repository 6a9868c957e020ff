# 以 YAML 查看集群里 Deployment 的实际内容（含默认值和状态）
kubectl -n ml-serving get deployment pdm-api -o yaml
