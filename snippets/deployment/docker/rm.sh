# 停止并删除本地容器
docker rm -f pdm-api
