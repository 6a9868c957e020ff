# 在服务仓库根目录构建镜像，VERSION 换成版本号（CI 里用提交号）
docker build -t pdm-api:VERSION .
