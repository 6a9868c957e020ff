# 列出 pdm-api 的 Pod（稳定版和金丝雀），看 READY 和重启次数
kubectl -n ml-serving get pods -l app=pdm-api -L track -o wide
