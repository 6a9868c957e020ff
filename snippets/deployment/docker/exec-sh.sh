# 在运行中的容器里开一个 shell
docker exec -it pdm-api sh
