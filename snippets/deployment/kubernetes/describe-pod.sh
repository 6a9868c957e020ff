# 查看一个 Pod 的事件：探针失败、OOMKilled、拉不到镜像都在这里
kubectl -n ml-serving describe pod POD_NAME
