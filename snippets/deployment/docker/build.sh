# 在服务仓库根目录构建镜像，VERSION 换成模型版本（CI 用 git-提交号前 12 位，重训用 retrain-日期-运行号.重试次数）
docker build -t pdm-api:VERSION .
