# 放弃金丝雀：副本数降到 0，流量全部回到稳定版
kubectl -n ml-serving scale deployment/pdm-api-canary --replicas=0
