# 给镜像打上镜像仓库的名字
docker tag pdm-api:VERSION REGISTRY/pdm-api:VERSION
