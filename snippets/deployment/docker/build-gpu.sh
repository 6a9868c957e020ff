# 用 Dockerfile.gpu 构建 GPU 镜像
docker build -f Dockerfile.gpu -t pdm-gpu:VERSION .
