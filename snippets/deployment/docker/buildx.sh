# 在 ARM 笔记本上构建集群节点用的 amd64 镜像并直接推送
docker buildx build --platform linux/amd64 -t REGISTRY/pdm-api:VERSION --push .
