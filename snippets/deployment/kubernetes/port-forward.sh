# 把 Service 转发到本机 8000 端口，用来本地调试
kubectl -n ml-serving port-forward service/pdm-api 8000:80
