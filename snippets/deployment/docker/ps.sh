# 查看容器是否在运行、健康检查的状态
docker ps --filter name=pdm-api
