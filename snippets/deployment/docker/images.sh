# 列出本地的 pdm-api 镜像、标签和大小
docker images pdm-api
