# 本地后台运行容器；密钥从当前 shell 的 PDM_JWT_KEY 传入，不写进命令
docker run -d --name pdm-api -p 8000:8000 -e PDM_JWT_KEY pdm-api:VERSION
