# 查看自动扩缩的当前副本数和 CPU 使用率
kubectl -n ml-serving get hpa pdm-api
