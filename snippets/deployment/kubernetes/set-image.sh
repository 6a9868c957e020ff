# 把稳定版换成新镜像（触发滚动更新）
kubectl -n ml-serving set image deployment/pdm-api api=REGISTRY/pdm-api:VERSION
