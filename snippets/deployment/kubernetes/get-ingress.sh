# 查看 Ingress 的主机名、地址和 TLS 端口
kubectl -n ml-serving get ingress pdm-api
