# 金丝雀也读同一个 Secret，同样重启
kubectl -n ml-serving rollout restart deployment/pdm-api-canary
