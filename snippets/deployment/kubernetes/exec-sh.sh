# 在一个运行中的 pdm-api 容器里开一个 shell
kubectl -n ml-serving exec -it deployment/pdm-api -c api -- sh
