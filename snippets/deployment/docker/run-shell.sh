# 不启动服务，直接进镜像里的 shell 看文件和环境（退出即删除容器）
docker run --rm -it --entrypoint sh pdm-api:VERSION
