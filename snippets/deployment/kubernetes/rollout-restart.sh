# 逐个重建稳定版的 Pod（镜像不变），例如 Secret 换了之后
kubectl -n ml-serving rollout restart deployment/pdm-api
