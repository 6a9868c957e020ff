# 查看 Deployment 的期望与实际副本、镜像、滚动更新状态和事件
kubectl -n ml-serving describe deployment pdm-api
