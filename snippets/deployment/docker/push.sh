# 推送到镜像仓库（先 docker login REGISTRY）
docker push REGISTRY/pdm-api:VERSION
