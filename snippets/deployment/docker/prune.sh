# 清理停止的容器、悬空镜像、未用的网络和构建缓存（会先确认）
docker system prune
